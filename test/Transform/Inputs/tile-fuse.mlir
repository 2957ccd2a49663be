// Rewrite, decompose, then tile the decode by 3 x 2 scheme tiles and fuse
// its producers (the Hadamard product and both encodings) into the loops.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm
        : (!transform.any_op) -> !transform.any_op
    %decode = transform.stl.decompose %stl
        : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.fuse %decode tile_sizes [3, 2]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}
