// The same, step by step: tile the decode with tile_using_for (the loops run
// over 2 x 1 scheme tiles), then fuse the Hadamard product and the encodings
// into the loop nest one by one.
module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm
        : (!transform.any_op) -> !transform.any_op
    %decode = transform.stl.decompose %stl
        : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %decode tile_sizes [2, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    %hadamard = transform.structured.match ops{["stl.hadamard"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %fused_h, %loop_h = transform.structured.fuse_into_containing_op %hadamard into %loops#1
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    %encodes = transform.structured.match ops{["stl.encode"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %fused_e, %loop_e = transform.structured.fuse_into_containing_op %encodes into %loop_h
        : (!transform.any_op, !transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
