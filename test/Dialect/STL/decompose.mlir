// RUN: stl-opt %s --stl-decompose | FileCheck %s

// CHECK-LABEL: func @plain
//  CHECK-SAME:   %[[X:.*]]: tensor<8x4xbf16>, %[[W:.*]]: tensor<4x6xbf16>
//       CHECK:   %[[XE:.*]] = stl.encode lhs %[[X]] {scheme = #stl.scheme<"strassen">} : tensor<8x4xbf16> -> tensor<7x4x2xbf16>
//       CHECK:   %[[WE:.*]] = stl.encode rhs %[[W]] {scheme = #stl.scheme<"strassen">} : tensor<4x6xbf16> -> tensor<7x2x3xbf16>
//       CHECK:   %[[P:.*]] = stl.hadamard %[[XE]], %[[WE]] : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
//       CHECK:   %[[Y:.*]] = stl.decode %[[P]] {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<8x6xf32>
//       CHECK:   return %[[Y]]
func.func @plain(%x: tensor<8x4xbf16>, %w: tensor<4x6xbf16>) -> tensor<8x6xf32> {
  %0 = stl.matmul %x, %w acc(f32) {scheme = #stl.scheme<"strassen">} : tensor<8x4xbf16>, tensor<4x6xbf16> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}

// A pre-encoded rhs is used as it is; the init becomes the decode's init.
// CHECK-LABEL: func @encoded_into
//  CHECK-SAME:   %[[X:.*]]: tensor<2x8x4xf32>, %[[WE:.*]]: tensor<2x7x2x3xf32>, %[[C:.*]]: tensor<2x8x6xf32>
//       CHECK:   %[[XE:.*]] = stl.encode lhs %[[X]]
//   CHECK-NOT:   stl.encode
//       CHECK:   %[[P:.*]] = stl.hadamard %[[XE]], %[[WE]] : tensor<2x7x4x2xf32>, tensor<2x7x2x3xf32> -> tensor<2x7x4x3xf32>
//       CHECK:   stl.decode %[[P]] into %[[C]]
func.func @encoded_into(%x: tensor<2x8x4xf32>, %we: tensor<2x7x2x3xf32>, %c: tensor<2x8x6xf32>) -> tensor<2x8x6xf32> {
  %0 = stl.matmul %x, %we rhs_encoded into %c {scheme = #stl.scheme<"strassen">} : tensor<2x8x4xf32>, tensor<2x7x2x3xf32>, tensor<2x8x6xf32> -> tensor<2x8x6xf32>
  return %0 : tensor<2x8x6xf32>
}

// CHECK-LABEL: func @dynamic
//       CHECK:   stl.encode lhs %{{.*}} : tensor<?x?xf32> -> tensor<7x?x?xf32>
//       CHECK:   stl.encode rhs %{{.*}} : tensor<?x?xf32> -> tensor<7x?x?xf32>
//       CHECK:   stl.hadamard {{.*}} -> tensor<7x?x?xf32>
func.func @dynamic(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// A 16-bit declared result keeps the products in f32: decode rounds once.
// CHECK-LABEL: func @result_bf16
//       CHECK:   %[[P:.*]] = stl.hadamard {{.*}} : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
//       CHECK:   stl.decode %[[P]] {{.*}} : tensor<7x4x3xf32> -> tensor<8x6xbf16>
func.func @result_bf16(%x: tensor<8x4xbf16>, %w: tensor<4x6xbf16>) -> tensor<8x6xbf16> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<8x4xbf16>, tensor<4x6xbf16> -> tensor<8x6xbf16>
  return %0 : tensor<8x6xbf16>
}
