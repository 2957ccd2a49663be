// RUN: stl-opt %s --split-input-file --stl-cpu-outline-encodings | FileCheck %s

// Two products of different shapes share one function per side and one
// decode: the call sites cast to and from the dynamic types.
// CHECK-LABEL: func.func @two_products
//  CHECK-SAME:   %[[X:[a-z0-9]+]]: tensor<8x4xf32>, %[[W:[a-z0-9]+]]: tensor<4x6xf32>, %[[X2:[a-z0-9]+]]: tensor<16x8xf32>
//       CHECK:   %[[XD:.*]] = tensor.cast %[[X]] : tensor<8x4xf32> to tensor<?x?xf32>
//       CHECK:   %[[XE:.*]] = call @__stl_encode_lhs(%[[XD]]) : (tensor<?x?xf32>) -> tensor<7x?x?xf32>
//       CHECK:   tensor.cast %[[XE]] : tensor<7x?x?xf32> to tensor<7x4x2xf32>
//       CHECK:   call @__stl_encode_rhs(%{{.*}}) : (tensor<?x?xf32>) -> tensor<7x?x?xf32>
//       CHECK:   %[[Y:.*]] = call @__stl_decode(%{{.*}}) : (tensor<7x?x?xf32>) -> tensor<?x?xf32>
//       CHECK:   tensor.cast %[[Y]] : tensor<?x?xf32> to tensor<8x6xf32>
//       CHECK:   call @__stl_encode_lhs(%{{.*}}) : (tensor<?x?xf32>) -> tensor<7x?x?xf32>
//       CHECK:   call @__stl_decode_0(%{{.*}}, %{{.*}}) : (tensor<7x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
//   CHECK-NOT:   stl.
//       CHECK: func.func private @__stl_encode_lhs(%[[A:.*]]: tensor<?x?xf32>) -> tensor<7x?x?xf32>
//       CHECK:   %[[E:.*]] = stl.encode lhs %[[A]] {scheme = #stl.scheme<"strassen">} : tensor<?x?xf32> -> tensor<7x?x?xf32>
//       CHECK:   return %[[E]]
//       CHECK: func.func private @__stl_encode_rhs(%{{.*}}: tensor<?x?xf32>) -> tensor<7x?x?xf32>
//       CHECK:   stl.encode rhs
//       CHECK: func.func private @__stl_decode(%{{.*}}: tensor<7x?x?xf32>) -> tensor<?x?xf32>
//       CHECK:   stl.decode %{{.*}} {scheme
//       CHECK: func.func private @__stl_decode_0(%{{.*}}: tensor<7x?x?xf32>, %{{.*}}: tensor<?x?xf32>) -> tensor<?x?xf32>
//       CHECK:   stl.decode %{{.*}} into %{{.*}} {scheme
func.func @two_products(%x: tensor<8x4xf32>, %w: tensor<4x6xf32>,
                        %x2: tensor<16x8xf32>, %p2: tensor<7x8x4xf32>,
                        %c2: tensor<16x8xf32>)
    -> (tensor<8x6xf32>, tensor<7x8x4xf32>, tensor<16x8xf32>) {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x4xf32> -> tensor<7x4x2xf32>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : tensor<4x6xf32> -> tensor<7x2x3xf32>
  %p = stl.hadamard %xe, %we : tensor<7x4x2xf32>, tensor<7x2x3xf32> -> tensor<7x4x3xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<8x6xf32>
  %x2e = stl.encode lhs %x2 {scheme = #stl.scheme<"strassen">} : tensor<16x8xf32> -> tensor<7x8x4xf32>
  %y2 = stl.decode %p2 into %c2 {scheme = #stl.scheme<"strassen">} : tensor<7x8x4xf32>, tensor<16x8xf32> -> tensor<16x8xf32>
  return %y, %x2e, %y2 : tensor<8x6xf32>, tensor<7x8x4xf32>, tensor<16x8xf32>
}

// -----

// Element types, batch rank and scheme are part of the key: each of these
// gets its own function; the scheme rank stays static.
// CHECK-LABEL: func.func @kinds
//       CHECK:   call @__stl_encode_lhs(%{{.*}}) : (tensor<?x?xbf16>) -> tensor<7x?x?xf32>
//       CHECK:   call @__stl_encode_lhs_0(%{{.*}}) : (tensor<?x?x?xf32>) -> tensor<?x7x?x?xf32>
//       CHECK:   call @__stl_encode_lhs_1(%{{.*}}) : (tensor<?x?xf32>) -> tensor<23x?x?xf32>
func.func @kinds(%a: tensor<8x4xbf16>, %b: tensor<3x8x4xf32>, %c: tensor<9x9xf32>)
    -> (tensor<7x4x2xf32>, tensor<3x7x4x2xf32>, tensor<23x3x3xf32>) {
  %0 = stl.encode lhs %a {scheme = #stl.scheme<"strassen">} : tensor<8x4xbf16> -> tensor<7x4x2xf32>
  %1 = stl.encode lhs %b {scheme = #stl.scheme<"strassen">} : tensor<3x8x4xf32> -> tensor<3x7x4x2xf32>
  %2 = stl.encode lhs %c {scheme = #stl.scheme<"laderman">} : tensor<9x9xf32> -> tensor<23x3x3xf32>
  return %0, %1, %2 : tensor<7x4x2xf32>, tensor<3x7x4x2xf32>, tensor<23x3x3xf32>
}

// -----

// An op in a nested module is outlined into that module only when the pass
// runs on it; from the outer one it is left alone.
// CHECK-LABEL: module @inner
//       CHECK:   func.func @nested
//       CHECK:     stl.encode lhs
//   CHECK-NOT:   call
module {
  module @inner {
    func.func @nested(%x: tensor<8x4xf32>) -> tensor<7x4x2xf32> {
      %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x4xf32> -> tensor<7x4x2xf32>
      return %0 : tensor<7x4x2xf32>
    }
  }
}
