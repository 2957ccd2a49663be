// TilingInterface and shape reification of the STL stages, op by op.

// RUN: stl-opt %s --transform-interpreter --split-input-file --canonicalize | FileCheck %s

// A decode with an init and a batch dimension: the loops run over 1 x 2 x 1
// scheme tiles (2 x 2 output elements each); the init is sliced with the
// tile.
// CHECK-LABEL: func @decode_into
//  CHECK-SAME:   %[[P:[a-zA-Z0-9_]+]]: tensor<2x7x4x3xf32>, %[[C:[a-zA-Z0-9_]+]]: tensor<2x8x6xf32>
//       CHECK:   scf.for %[[B:[a-zA-Z0-9_]+]] =
//       CHECK:     scf.for %[[I:[a-zA-Z0-9_]+]] =
//       CHECK:       scf.for %[[L:[a-zA-Z0-9_]+]] =
//       CHECK:         %[[IN:[a-zA-Z0-9_]+]] = tensor.extract_slice %[[P]][%[[B]], 0, %[[I]], %[[L]]] [1, 7, 2, 1] [1, 1, 1, 1]
//       CHECK:         %[[INIT:[a-zA-Z0-9_]+]] = tensor.extract_slice %[[C]][%[[B]], %{{.*}}, %{{.*}}] [1, 4, 2] [1, 1, 1]
//       CHECK:         stl.decode %[[IN]] into %[[INIT]] {scheme = #stl.scheme<"strassen">} : tensor<1x7x2x1xf32>, tensor<1x4x2xf32> -> tensor<1x4x2xf32>
func.func @decode_into(%p: tensor<2x7x4x3xf32>, %c: tensor<2x8x6xf32>) -> tensor<2x8x6xf32> {
  %0 = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : tensor<2x7x4x3xf32>, tensor<2x8x6xf32> -> tensor<2x8x6xf32>
  return %0 : tensor<2x8x6xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %d = transform.structured.match ops{["stl.decode"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:3 = transform.structured.tile_using_for %d tile_sizes [1, 2, 1]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// A Hadamard product tiled along r and P; Q stays whole.
// CHECK-LABEL: func @hadamard
//  CHECK-SAME:   %[[X:[a-zA-Z0-9_]+]]: tensor<7x4x6xf32>, %[[W:[a-zA-Z0-9_]+]]: tensor<7x6x5xf32>
//       CHECK:   scf.for %[[R:[a-zA-Z0-9_]+]] =
//       CHECK:     scf.for %[[P:[a-zA-Z0-9_]+]] =
//       CHECK:       %[[XS:[a-zA-Z0-9_]+]] = tensor.extract_slice %[[X]][%[[R]], %[[P]], 0] [%{{.*}}, 2, 6] [1, 1, 1]
//       CHECK:       %[[WS:[a-zA-Z0-9_]+]] = tensor.extract_slice %[[W]][%[[R]], 0, 0] [%{{.*}}, 6, 5] [1, 1, 1]
//       CHECK:       stl.hadamard %[[XS]], %[[WS]] : tensor<?x2x6xf32>, tensor<?x6x5xf32> -> tensor<?x2x5xf32>
func.func @hadamard(%x: tensor<7x4x6xf32>, %w: tensor<7x6x5xf32>) -> tensor<7x4x5xf32> {
  %0 = stl.hadamard %x, %w : tensor<7x4x6xf32>, tensor<7x6x5xf32> -> tensor<7x4x5xf32>
  return %0 : tensor<7x4x5xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %h = transform.structured.match ops{["stl.hadamard"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %tiled, %loops:2 = transform.structured.tile_using_for %h tile_sizes [3, 2, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.yield
  }
}

// -----

// An encoding is tiled over input tiles; all r coefficients stay together.
// CHECK-LABEL: func @encode
//  CHECK-SAME:   %[[X:[a-zA-Z0-9_]+]]: tensor<8x6xf32>
//       CHECK:   scf.for %[[I:[a-zA-Z0-9_]+]] =
//       CHECK:     %[[ROW:[a-zA-Z0-9_]+]] = arith.muli %[[I]], %{{.*}}
//       CHECK:     %[[XS:[a-zA-Z0-9_]+]] = tensor.extract_slice %[[X]][%[[ROW]], 0] [2, 6] [1, 1]
//       CHECK:     stl.encode lhs %[[XS]] {scheme = #stl.scheme<"strassen">} : tensor<2x6xf32> -> tensor<7x1x3xf32>
//       CHECK:     tensor.insert_slice %{{.*}} into %{{.*}}[0, %[[I]], 0] [7, 1, 3] [1, 1, 1]
func.func @encode(%x: tensor<8x6xf32>) -> tensor<7x4x3xf32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x6xf32> -> tensor<7x4x3xf32>
  return %0 : tensor<7x4x3xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %e = transform.structured.match ops{["stl.encode"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_for %e tile_sizes [1, 0]
        : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
