// --stl-rewrite-matmul='scheme=strassen min-size=8' --stl-decompose as a
// transform script: the product below the size is left alone (with a
// remark), the rewritten one is decomposed.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm {min_size = 8}
        : (!transform.any_op) -> !transform.any_op
    %decode = transform.stl.decompose %stl
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
