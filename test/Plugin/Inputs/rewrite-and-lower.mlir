// The whole CPU flow as a transform script: rewrite the products, then run
// the registered --stl-cpu-pipeline on the module.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.consumed}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm {scheme = "winograd"}
        : (!transform.any_op) -> !transform.any_op
    %lowered = transform.apply_registered_pass "stl-cpu-pipeline"
        with options = {"fold-constant-encodings" = false} to %root
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
