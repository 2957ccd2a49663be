// One scheme per matched op: Strassen for the first product, Laderman
// (3x3x3 tiles, an #stl.scheme attribute) for the second.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %s0 = transform.param.constant "strassen" -> !transform.any_param
    %s1 = transform.param.constant #stl.scheme<"laderman"> -> !transform.any_param
    %schemes = transform.merge_handles %s0, %s1 : !transform.any_param
    %stl = transform.stl.rewrite_matmul %mm schemes(%schemes : !transform.any_param) {force}
        : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
