// --stl-decompose --stl-fold-constant-encodings --convert-stl-to-linalg as a
// transform script.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["stl.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %decode = transform.stl.decompose %mm
        : (!transform.any_op) -> !transform.any_op
    %rhs = transform.structured.match ops{["stl.encode"]}
        attributes {side = #stl<side rhs>} in %root
        : (!transform.any_op) -> !transform.any_op
    %weights = transform.stl.fold_constant_encoding %rhs
        : (!transform.any_op) -> !transform.any_op
    %funcs = transform.structured.match ops{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %funcs {
      transform.apply_patterns.stl.lower_to_linalg
    } : !transform.any_op
    transform.yield
  }
}
