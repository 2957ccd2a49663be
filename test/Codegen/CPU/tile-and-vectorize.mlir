// RUN: stl-opt %s --split-input-file \
// RUN:   --pass-pipeline='builtin.module(func.func(stl-cpu-tile-and-vectorize{cache-tile=32,64,16 register-tile=8,16,4}))' \
// RUN:   | FileCheck %s

// A full-size product: the cache tiles of M and N in an scf.forall (the
// loop threads may share), the cache loop over K, register loops, FMAs on a
// 16-wide row of the 8x16 accumulator tile.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (64, 256) step (32, 64)
// CHECK-COUNT-4: scf.for
// CHECK-NOT: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<8x4xf32>, vector<8x4xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<8x16xf32>, vector<8x16xf32>
// CHECK-COUNT-32: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<64x128xf32>, %b: tensor<128x256xf32>,
                  %c: tensor<64x256xf32>) -> tensor<64x256xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<64x128xf32>, tensor<128x256xf32>)
                     outs(%c : tensor<64x256xf32>) -> tensor<64x256xf32>
  return %r : tensor<64x256xf32>
}

// -----

// Extents the requested tiles do not divide get the largest divisor below
// the request, so every tile is full: 7 rows (prime), 12 columns, K = 10
// (register K tile 2).
// CHECK-LABEL: func.func @odd
// CHECK-NOT: affine.min
// CHECK-NOT: vector.mask
// CHECK: vector.transfer_read {{.*}} vector<7x2xf32>
// CHECK: vector.fma {{.*}} : vector<12xf32>
func.func @odd(%a: tensor<7x10xf32>, %b: tensor<10x12xf32>,
               %c: tensor<7x12xf32>) -> tensor<7x12xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<7x10xf32>, tensor<10x12xf32>)
                     outs(%c : tensor<7x12xf32>) -> tensor<7x12xf32>
  return %r : tensor<7x12xf32>
}

// -----

// The batch dimension is tiled by 1, among the parallel tiles.
// CHECK-LABEL: func.func @batch
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (3, 16, 32) step (1, 16, 32)
// CHECK: vector.fma
// CHECK-NOT: linalg.batch_matmul
func.func @batch(%a: tensor<3x16x8xf32>, %b: tensor<3x8x32xf32>,
                 %c: tensor<3x16x32xf32>) -> tensor<3x16x32xf32> {
  %r = linalg.batch_matmul ins(%a, %b : tensor<3x16x8xf32>, tensor<3x8x32xf32>)
                           outs(%c : tensor<3x16x32xf32>) -> tensor<3x16x32xf32>
  return %r : tensor<3x16x32xf32>
}

// -----

// Left alone: dynamic extents (tiles would need masks) and mixed element
// types (no single-type outer product).
// CHECK-LABEL: func.func @left_alone
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<?x?xf32>, tensor<?x?xf32>)
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<8x8xbf16>, tensor<8x8xbf16>)
// CHECK-NOT: vector.
func.func @left_alone(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>,
                      %c: tensor<?x?xf32>, %x: tensor<8x8xbf16>,
                      %y: tensor<8x8xf32>) -> (tensor<?x?xf32>, tensor<8x8xf32>) {
  %r = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>)
                     outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  %s = linalg.matmul ins(%x, %x : tensor<8x8xbf16>, tensor<8x8xbf16>)
                     outs(%y : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %r, %s : tensor<?x?xf32>, tensor<8x8xf32>
}
