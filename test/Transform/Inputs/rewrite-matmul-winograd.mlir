// --stl-rewrite-matmul=scheme=winograd as a transform script.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm {scheme = "winograd", force}
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
