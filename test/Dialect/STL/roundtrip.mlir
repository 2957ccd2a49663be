// RUN: stl-opt %s | stl-opt | FileCheck %s
// RUN: stl-opt %s -mlir-print-op-generic | stl-opt | FileCheck %s

// CHECK-LABEL: func @encode_lhs
//       CHECK:   stl.encode lhs %{{.*}} {scheme = #stl.scheme<"strassen">} : tensor<8x4xf32> -> tensor<7x4x2xf32>
func.func @encode_lhs(%x: tensor<8x4xf32>) -> tensor<7x4x2xf32> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x4xf32> -> tensor<7x4x2xf32>
  return %0 : tensor<7x4x2xf32>
}

// CHECK-LABEL: func @encode_rhs_batched_mixed
//       CHECK:   stl.encode rhs %{{.*}} {scheme = #stl.scheme<"naive-2x3x4">} : tensor<5x6x8xf16> -> tensor<5x24x2x2xf32>
func.func @encode_rhs_batched_mixed(%w: tensor<5x6x8xf16>) -> tensor<5x24x2x2xf32> {
  %0 = stl.encode rhs %w {scheme = #stl.scheme<"naive-2x3x4">} : tensor<5x6x8xf16> -> tensor<5x24x2x2xf32>
  return %0 : tensor<5x24x2x2xf32>
}

// CHECK-LABEL: func @encode_dynamic
//       CHECK:   stl.encode lhs %{{.*}} : tensor<?x?xbf16> -> tensor<7x?x?xbf16>
func.func @encode_dynamic(%x: tensor<?x?xbf16>) -> tensor<7x?x?xbf16> {
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"winograd">} : tensor<?x?xbf16> -> tensor<7x?x?xbf16>
  return %0 : tensor<7x?x?xbf16>
}

// CHECK-LABEL: func @hadamard
//       CHECK:   stl.hadamard %{{.*}}, %{{.*}} : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
func.func @hadamard(%a: tensor<7x4x2xbf16>, %b: tensor<7x2x3xbf16>) -> tensor<7x4x3xf32> {
  %0 = stl.hadamard %a, %b : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
  return %0 : tensor<7x4x3xf32>
}

// CHECK-LABEL: func @hadamard_batched_int
//       CHECK:   stl.hadamard %{{.*}}, %{{.*}} : tensor<2x7x4x2xi8>, tensor<2x7x2x3xi8> -> tensor<2x7x4x3xi32>
func.func @hadamard_batched_int(%a: tensor<2x7x4x2xi8>, %b: tensor<2x7x2x3xi8>) -> tensor<2x7x4x3xi32> {
  %0 = stl.hadamard %a, %b : tensor<2x7x4x2xi8>, tensor<2x7x2x3xi8> -> tensor<2x7x4x3xi32>
  return %0 : tensor<2x7x4x3xi32>
}

// CHECK-LABEL: func @decode
//       CHECK:   stl.decode %{{.*}} {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<8x6xbf16>
//       CHECK:   stl.decode %{{.*}} into %{{.*}} {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32>, tensor<8x6xf32> -> tensor<8x6xf32>
func.func @decode(%p: tensor<7x4x3xf32>, %c: tensor<8x6xf32>) -> (tensor<8x6xbf16>, tensor<8x6xf32>) {
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<8x6xbf16>
  %1 = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32>, tensor<8x6xf32> -> tensor<8x6xf32>
  return %0, %1 : tensor<8x6xbf16>, tensor<8x6xf32>
}

// CHECK-LABEL: func @matmul
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} {scheme = #stl.scheme<"laderman">} : tensor<9x6xf32>, tensor<6x3xf32> -> tensor<9x3xf32>
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} acc(f32) {scheme = #stl.scheme<"strassen">} : tensor<4x4xbf16>, tensor<4x4xbf16> -> tensor<4x4xf32>
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} rhs_encoded into %{{.*}} {scheme = #stl.scheme<"strassen">} : tensor<4x4xf32>, tensor<7x2x2xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
//       CHECK:   stl.matmul %{{.*}}, %{{.*}} {scheme = #stl.scheme<"strassen-4x4">} : tensor<3x8x8xi32>, tensor<3x8x8xi32> -> tensor<3x8x8xi32>
func.func @matmul(%x: tensor<9x6xf32>, %w: tensor<6x3xf32>, %xb: tensor<4x4xbf16>, %wb: tensor<4x4xbf16>,
                  %x4: tensor<4x4xf32>, %we: tensor<7x2x2xf32>, %c: tensor<4x4xf32>,
                  %xi: tensor<3x8x8xi32>, %wi: tensor<3x8x8xi32>) {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"laderman">} : tensor<9x6xf32>, tensor<6x3xf32> -> tensor<9x3xf32>
  %1 = stl.matmul %xb, %wb acc(f32) {scheme = #stl.scheme<"strassen">} : tensor<4x4xbf16>, tensor<4x4xbf16> -> tensor<4x4xf32>
  %2 = stl.matmul %x4, %we rhs_encoded into %c {scheme = #stl.scheme<"strassen">} : tensor<4x4xf32>, tensor<7x2x2xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %3 = stl.matmul %xi, %wi {scheme = #stl.scheme<"strassen-4x4">} : tensor<3x8x8xi32>, tensor<3x8x8xi32> -> tensor<3x8x8xi32>
  return
}

// A scheme outside the library prints its coefficients.
// CHECK-LABEL: func @custom_scheme
//       CHECK:   #stl.scheme<"halves", tile = [1, 1, 1], rank = 2, u = [1, 0.5], v = [0.5, 1], w = [1, 1]>
func.func @custom_scheme(%x: tensor<3x2xf32>, %w: tensor<2x5xf32>) -> tensor<3x5xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"halves", tile = [1, 1, 1], rank = 2, u = [1, 0.5], v = [0.5, 1], w = [1, 1]>} : tensor<3x2xf32>, tensor<2x5xf32> -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// Negative fractional coefficients (learned schemes) parse back.
// CHECK-LABEL: func @negative_coefficients
//       CHECK:   #stl.scheme<"learned", tile = [1, 1, 1], rank = 2, u = [-0.75, -2], v = [0.5, -1.25], w = [-1, 3.5]>
func.func @negative_coefficients(%x: tensor<3x2xf32>, %w: tensor<2x5xf32>) -> tensor<3x5xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"learned", tile = [1, 1, 1], rank = 2, u = [-0.75, -2], v = [0.5, -1.25], w = [-1, 3.5]>} : tensor<3x2xf32>, tensor<2x5xf32> -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// A library name with other coefficients is not the library scheme.
// CHECK-LABEL: func @shadowed_name
//       CHECK:   #stl.scheme<"strassen", tile = [1, 1, 1], rank = 1, u = [2], v = [1], w = [0.5]>
func.func @shadowed_name(%x: tensor<3x2xf32>, %w: tensor<2x5xf32>) -> tensor<3x5xf32> {
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen", tile = [1, 1, 1], rank = 1, u = [2], v = [1], w = [0.5]>} : tensor<3x2xf32>, tensor<2x5xf32> -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// CHECK-LABEL: func @kernel_config
//       CHECK:   stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 128, 16]>
func.func @kernel_config(%a: tensor<7x4x2xbf16>, %b: tensor<7x2x3xbf16>) -> tensor<7x4x3xf32> {
  %0 = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 128, 16]>} : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
  return %0 : tensor<7x4x3xf32>
}

// The default schedule (data_parallel) and cluster (1) are elided.
// CHECK-LABEL: func @kernel_config_schedule
//       CHECK:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent, cluster = 2>
//       CHECK:   #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16]>}
func.func @kernel_config_schedule(%a: tensor<7x4x2xbf16>, %b: tensor<7x2x3xbf16>) -> (tensor<7x4x3xf32>, tensor<7x4x3xf32>) {
  %0 = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent, cluster = 2>} : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
  %1 = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = data_parallel, cluster = 1>} : tensor<7x4x2xbf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
  return %0, %1 : tensor<7x4x3xf32>, tensor<7x4x3xf32>
}
