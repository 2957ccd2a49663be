// RUN: stl-opt %s --stl-gpu-host-to-device | FileCheck %s
// RUN: stl-opt %s --stl-gpu-pipeline=chip=sm_90a -o /dev/null

// A fill kernel runs one thread per element on a 1-D grid: a static buffer
// with more elements than that grid holds (here more than 2^64, which used
// to overflow the element count, undefined behaviour) keeps its linalg.fill
// for the generic lowering; an ordinary one becomes the fill kernel.

// CHECK-LABEL: func.func @huge
//       CHECK:   linalg.fill
//   CHECK-NOT:   launch_func
func.func @huge(%m: memref<4294967296x4294967296xf32>) {
  %z = arith.constant 0.0 : f32
  linalg.fill ins(%z : f32) outs(%m : memref<4294967296x4294967296xf32>)
  return
}

// CHECK-LABEL: func.func @small
//       CHECK:   gpu.launch_func @stl_kernels::@stl_fill blocks in (%c16
func.func @small(%m: memref<64x64xf32>) {
  %z = arith.constant 1.0 : f32
  linalg.fill ins(%z : f32) outs(%m : memref<64x64xf32>)
  return
}
