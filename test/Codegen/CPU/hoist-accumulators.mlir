// RUN: stl-opt %s \
// RUN:   --pass-pipeline='builtin.module(func.func(stl-cpu-tile-and-vectorize{cache-tile=8,16,64 register-tile=8,16,4}),one-shot-bufferize{bufferize-function-boundaries},cse,canonicalize,func.func(stl-cpu-hoist-accumulators))' \
// RUN:   | FileCheck %s

// The accumulator tile is read once before the K loop, carried through it
// as a vector and written once after it.
// CHECK-LABEL: func.func @matmul
// CHECK: %[[INIT:.*]] = vector.transfer_read %[[C:[a-z0-9]+]][{{.*}}]{{.*}}: memref<8x16xf32{{.*}}, vector<8x16xf32>
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (vector<8x16xf32>)
// CHECK:   vector.fma
// CHECK:   scf.yield
// CHECK: vector.transfer_write %[[SUM]], %[[C]]
func.func @matmul(%a: tensor<8x64xf32>, %b: tensor<64x16xf32>,
                  %c: tensor<8x16xf32>) -> tensor<8x16xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<8x64xf32>, tensor<64x16xf32>)
                     outs(%c : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}
