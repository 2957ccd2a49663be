// RUN: stl-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{unknown scheme 'nosuch'}}
func.func private @f() attributes {s = #stl.scheme<"nosuch">}

// -----

// expected-error @+1 {{scheme 'z' has tile <0,1,1>; every extent must be positive}}
func.func private @f() attributes {s = #stl.scheme<"z", tile = [0, 1, 1], rank = 1, u = [], v = [1], w = []>}

// -----

// expected-error @+1 {{scheme 'z' has rank 0; it must be positive}}
func.func private @f() attributes {s = #stl.scheme<"z", tile = [1, 1, 1], rank = 0, u = [], v = [], w = []>}

// -----

// expected-error @+1 {{scheme 'z': 'v' has 1 coefficients, expected 2 (rank x k*n)}}
func.func private @f() attributes {s = #stl.scheme<"z", tile = [1, 1, 1], rank = 2, u = [1, 1], v = [1], w = [1, 1]>}

// -----

// expected-error @+1 {{kernel_config chip 'sm_70' is not supported; expected sm_80, sm_90 or sm_90a}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_70", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>}

// -----

// expected-error @+1 {{kernel_config 'schedule = persistent' needs a chip with warpgroup TensorCores (sm_90a), got 'sm_80'}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16], schedule = persistent>}

// -----

// expected-error @+1 {{kernel_config 'cluster' must be 1 or 2, got 4}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 3, mma_shape = [64, 128, 16], schedule = persistent, cluster = 4>}

// -----

// expected-error @+1 {{kernel_config 'cluster = 2' needs 'schedule = persistent'}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 3, mma_shape = [64, 128, 16], cluster = 2>}

// -----

// expected-error @+2 {{unknown kernel schedule 'streamk'; expected data_parallel or persistent}}
// expected-error @+1 {{failed to parse STL_KernelConfigAttr parameter 'schedule'}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 3, mma_shape = [64, 128, 16], schedule = streamk>}

// -----

// expected-error @+1 {{kernel_config 'warp_layout' has 3 entries, expected 2}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2, 1], stages = 3, mma_shape = [16, 8, 16]>}

// -----

// expected-error @+1 {{kernel_config 'block_tile' entries must be positive}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [128, 0, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>}

// -----

// expected-error @+1 {{kernel_config 'stages' must be in [1, 4096], got 0}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 0, mma_shape = [16, 8, 16]>}

// -----

// expected-error @+1 {{kernel_config block_tile[2] = 24 is not a multiple of mma_shape[2] = 16}}
func.func private @f() attributes {c = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 24], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>}

// -----

func.func @f(%x: tensor<8xf32>) {
  // expected-error @+1 {{input has rank 1, expected at least 2 (a matrix with optional batch dimensions)}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8xf32> -> tensor<7x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<8x8xf32>) {
  // expected-error @+1 {{result has rank 4, expected 3 (input rank + 1 for the scheme's rank dimension)}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x8xf32> -> tensor<1x7x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8x8xf32>) {
  // expected-error @+1 {{batch dimension 0 differs: input has 2, result has 3}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<2x8x8xf32> -> tensor<3x7x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<10x8xf32>) {
  // expected-error @+1 {{input dimension 0 (M = 10) is not divisible by the tile's m = 4 of scheme 'strassen-4x4'}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen-4x4">} : tensor<10x8xf32> -> tensor<49x2x2xf32>
  return
}

// -----

func.func @f(%w: tensor<6x7xf32>) {
  // expected-error @+1 {{input dimension 1 (N = 7) is not divisible by the tile's n = 3 of scheme 'laderman'}}
  %0 = stl.encode rhs %w {scheme = #stl.scheme<"laderman">} : tensor<6x7xf32> -> tensor<23x2x2xf32>
  return
}

// -----

func.func @f(%x: tensor<8x8xf32>) {
  // expected-error @+1 {{result dimension 0 is 8, expected 7 (the rank of scheme 'strassen')}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x8xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<8x6xf32>) {
  // expected-error @+1 {{result dimension 2 is 4, expected 3 (K / k)}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x6xf32> -> tensor<7x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<8x6xf32>) {
  // expected-error @+1 {{input element type 'f32' and result element type 'i32' must both be floats or both integers}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : tensor<8x6xf32> -> tensor<7x4x3xi32>
  return
}

// -----

func.func @f(%x: tensor<2x2xi32>) {
  // expected-error @+1 {{integer element type 'i32' needs a scheme with integer coefficients; scheme 'halves' has fractional ones}}
  %0 = stl.encode lhs %x {scheme = #stl.scheme<"halves", tile = [1, 1, 1], rank = 1, u = [0.5], v = [1], w = [2]>} : tensor<2x2xi32> -> tensor<1x2x2xi32>
  return
}

// -----

func.func @f(%a: tensor<4x2xf32>, %b: tensor<7x2x3xf32>) {
  // expected-error @+1 {{lhs has rank 2, expected at least 3 (rank x tile rows x tile columns)}}
  %0 = stl.hadamard %a, %b : tensor<4x2xf32>, tensor<7x2x3xf32> -> tensor<7x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<2x7x2x3xf32>) {
  // expected-error @+1 {{rhs has rank 4, expected 3 (the lhs rank)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<2x7x2x3xf32> -> tensor<7x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<7x2x3xf32>) {
  // expected-error @+1 {{result has rank 2, expected 3 (the lhs rank)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<7x2x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x7x4x2xf32>, %b: tensor<3x7x2x3xf32>) {
  // expected-error @+1 {{batch dimension 0 differs: lhs has 2, rhs has 3}}
  %0 = stl.hadamard %a, %b : tensor<2x7x4x2xf32>, tensor<3x7x2x3xf32> -> tensor<2x7x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<6x2x3xf32>) {
  // expected-error @+1 {{rhs dimension 0 is 6, expected 7 (the scheme rank, lhs dimension 0)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<6x2x3xf32> -> tensor<7x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<7x5x3xf32>) {
  // expected-error @+1 {{rhs dimension 1 is 5, expected 2 (the inner tile count, lhs dimension 2)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<7x5x3xf32> -> tensor<7x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<7x2x3xf32>) {
  // expected-error @+1 {{result dimension 0 is 6, expected 7 (the scheme rank, lhs dimension 0)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<7x2x3xf32> -> tensor<6x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<7x2x3xf32>) {
  // expected-error @+1 {{result dimension 1 is 5, expected 4 (lhs dimension 1)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<7x2x3xf32> -> tensor<7x5x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf32>, %b: tensor<7x2x3xf32>) {
  // expected-error @+1 {{result dimension 2 is 4, expected 3 (rhs dimension 2)}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf32>, tensor<7x2x3xf32> -> tensor<7x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xf16>, %b: tensor<7x2x3xbf16>) {
  // expected-error @+1 {{lhs element type 'f16' and rhs element type 'bf16' must be equal}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xf16>, tensor<7x2x3xbf16> -> tensor<7x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<7x4x2xi8>, %b: tensor<7x2x3xi8>) {
  // expected-error @+1 {{operand element type 'i8' and result element type 'f32' must both be floats or both integers}}
  %0 = stl.hadamard %a, %b : tensor<7x4x2xi8>, tensor<7x2x3xi8> -> tensor<7x4x3xf32>
  return
}

// -----

func.func @f(%p: tensor<4x3xf32>) {
  // expected-error @+1 {{input has rank 2, expected at least 3 (rank x row tiles x column tiles)}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<4x3xf32> -> tensor<8xf32>
  return
}

// -----

func.func @f(%p: tensor<7x4x3xf32>) {
  // expected-error @+1 {{result has rank 3, expected 2 (input rank - 1: the scheme's rank dimension is summed away)}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<1x8x6xf32>
  return
}

// -----

func.func @f(%p: tensor<2x7x4x3xf32>) {
  // expected-error @+1 {{batch dimension 0 differs: input has 2, result has 5}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<2x7x4x3xf32> -> tensor<5x8x6xf32>
  return
}

// -----

func.func @f(%p: tensor<23x4x3xf32>) {
  // expected-error @+1 {{input dimension 0 is 23, expected 7 (the rank of scheme 'strassen')}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<23x4x3xf32> -> tensor<8x6xf32>
  return
}

// -----

func.func @f(%p: tensor<7x4x3xf32>) {
  // expected-error @+1 {{result dimension 0 is 9, expected 8 (input dimension 1 * tile m)}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<9x6xf32>
  return
}

// -----

func.func @f(%p: tensor<7x4x3xf32>) {
  // expected-error @+1 {{result dimension 1 is 3, expected 6 (input dimension 2 * tile n)}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32> -> tensor<8x3xf32>
  return
}

// -----

func.func @f(%p: tensor<7x4x3xi32>) {
  // expected-error @+1 {{input element type 'i32' and result element type 'f32' must both be floats or both integers}}
  %0 = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xi32> -> tensor<8x6xf32>
  return
}

// -----

func.func @f(%p: tensor<1x4x3xi32>) {
  // expected-error @+1 {{integer element type 'i32' needs a scheme with integer coefficients; scheme 'halves' has fractional ones}}
  %0 = stl.decode %p {scheme = #stl.scheme<"halves", tile = [1, 1, 1], rank = 1, u = [1], v = [1], w = [0.5]>} : tensor<1x4x3xi32> -> tensor<4x3xi32>
  return
}

// -----

func.func @f(%p: tensor<7x4x3xf32>, %c: tensor<8x6xf16>) {
  // expected-error @+1 {{init type 'tensor<8x6xf16>' must equal the result type 'tensor<8x6xf32>'}}
  %0 = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : tensor<7x4x3xf32>, tensor<8x6xf16> -> tensor<8x6xf32>
  return
}

// -----

func.func @f(%x: tensor<8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{lhs has rank 1, expected at least 2 (a matrix with optional batch dimensions)}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<8xf32>, tensor<8x4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{rhs has rank 2, expected 3 (an encoded rhs is rank x K/k x N/n)}}
  %0 = stl.matmul %x, %w rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{result has rank 3, expected 2 (the lhs rank)}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<1x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4x8xf32>, %w: tensor<3x8x4xf32>) {
  // expected-error @+1 {{batch dimension 0 differs: lhs has 2, rhs has 3}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<2x4x8xf32>, tensor<3x8x4xf32> -> tensor<2x4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<5x8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{lhs dimension 0 (M = 5) is not divisible by the tile's m = 2 of scheme 'strassen'}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<5x8xf32>, tensor<8x4xf32> -> tensor<5x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x7xf32>, %w: tensor<7x4xf32>) {
  // expected-error @+1 {{lhs dimension 1 (K = 7) is not divisible by the tile's k = 2 of scheme 'strassen'}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x7xf32>, tensor<7x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{result dimension 0 is 6, expected 4 (lhs dimension 0)}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<6x4xf32>) {
  // expected-error @+1 {{rhs dimension 0 is 6, expected 8 (the lhs's K, dimension 1)}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<6x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x5xf32>) {
  // expected-error @+1 {{rhs dimension 1 (N = 5) is not divisible by the tile's n = 2 of scheme 'strassen'}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<8x5xf32> -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{result dimension 1 is 6, expected 4 (rhs dimension 1)}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<4x6xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<6x4x2xf32>) {
  // expected-error @+1 {{rhs dimension 0 is 6, expected 7 (the rank of scheme 'strassen')}}
  %0 = stl.matmul %x, %w rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<6x4x2xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<7x3x2xf32>) {
  // expected-error @+1 {{rhs dimension 1 is 3, expected 4 (K / k)}}
  %0 = stl.matmul %x, %w rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<7x3x2xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<7x4x2xf32>) {
  // expected-error @+1 {{result dimension 1 (N = 5) is not divisible by the tile's n = 2 of scheme 'strassen'}}
  %0 = stl.matmul %x, %w rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<7x4x2xf32> -> tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<7x4x3xf32>) {
  // expected-error @+1 {{rhs dimension 2 is 3, expected 2 (N / n)}}
  %0 = stl.matmul %x, %w rhs_encoded {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<7x4x3xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf16>, %w: tensor<8x4xf32>) {
  // expected-error @+1 {{lhs element type 'f16' and rhs element type 'f32' must be equal}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"strassen">} : tensor<4x8xf16>, tensor<8x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xf16>, %w: tensor<8x4xf16>) {
  // expected-error @+1 {{lhs element type 'f16' and accumulator element type 'i32' must both be floats or both integers}}
  %0 = stl.matmul %x, %w acc(i32) {scheme = #stl.scheme<"strassen">} : tensor<4x8xf16>, tensor<8x4xf16> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xi8>, %w: tensor<8x4xi8>) {
  // expected-error @+1 {{lhs element type 'i8' and result element type 'f32' must both be floats or both integers}}
  %0 = stl.matmul %x, %w acc(i32) {scheme = #stl.scheme<"strassen">} : tensor<4x8xi8>, tensor<8x4xi8> -> tensor<4x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x8xi8>, %w: tensor<8x4xi8>) {
  // expected-error @+1 {{integer element type 'i8' needs a scheme with integer coefficients; scheme 'halves' has fractional ones}}
  %0 = stl.matmul %x, %w {scheme = #stl.scheme<"halves", tile = [1, 1, 1], rank = 1, u = [0.5], v = [1], w = [2]>} : tensor<4x8xi8>, tensor<8x4xi8> -> tensor<4x4xi8>
  return
}

// -----

func.func @f(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>, %c: tensor<4x4xf16>) {
  // expected-error @+1 {{init type 'tensor<4x4xf16>' must equal the result type 'tensor<4x4xf32>'}}
  %0 = stl.matmul %x, %w into %c {scheme = #stl.scheme<"strassen">} : tensor<4x8xf32>, tensor<8x4xf32>, tensor<4x4xf16> -> tensor<4x4xf32>
  return
}
