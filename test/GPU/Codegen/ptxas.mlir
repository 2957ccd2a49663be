// REQUIRES: ptxas
// Every kernel of the pipeline assembles with ptxas, and the TensorCore GEMMs
// neither spill nor use a stack frame, for each chip and several block tiles.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_80 dump-ptx=%t/sm80" -o /dev/null
// RUN: %ptxas -arch=sm_80 -v %t/sm80/stl_kernels.sm_80.ptx -o %t/sm80.cubin 2>&1 | FileCheck %s --check-prefix=SM80
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90 dump-ptx=%t/sm90" -o /dev/null
// RUN: %ptxas -arch=sm_90 -v %t/sm90/stl_kernels.sm_90.ptx -o %t/sm90.cubin 2>&1 | FileCheck %s --check-prefix=SM80
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t/sm90a" -o /dev/null
// RUN: %ptxas -arch=sm_90a -v %t/sm90a/stl_kernels.sm_90a.ptx -o %t/sm90a.cubin 2>&1 | FileCheck %s --check-prefix=SM90A
// Pinned configurations: the largest tiles of each kernel.
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a block-tile=128,256,64 warp-layout=2,1 stages=4 dump-ptx=%t/sm90a-persistent-256" -o /dev/null
// RUN: %ptxas -arch=sm_90a -v %t/sm90a-persistent-256/stl_kernels.sm_90a.ptx -o %t/sm90a-persistent-256.cubin 2>&1 | FileCheck %s --check-prefix=SM90A
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a schedule=data_parallel dump-ptx=%t/sm90a-dp" -o /dev/null
// RUN: %ptxas -arch=sm_90a -v %t/sm90a-dp/stl_kernels.sm_90a.ptx -o %t/sm90a-dp.cubin 2>&1 | FileCheck %s --check-prefix=SM90A
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a schedule=data_parallel block-tile=256,128,64 warp-layout=2,1 stages=4 dump-ptx=%t/sm90a-256" -o /dev/null
// RUN: %ptxas -arch=sm_90a -v %t/sm90a-256/stl_kernels.sm_90a.ptx -o %t/sm90a-256.cubin 2>&1 | FileCheck %s --check-prefix=SM90A
// RUN: stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_80 block-tile=128,256,32 warp-layout=2,4 stages=3 dump-ptx=%t/sm80-256" -o /dev/null
// RUN: %ptxas -arch=sm_80 -v %t/sm80-256/stl_kernels.sm_80.ptx -o %t/sm80-256.cubin 2>&1 | FileCheck %s --check-prefix=SM80

// Two GEMM kernels (one per function); ptxas reports them in any order.
// SM80-NOT: error
// SM80: Function properties for stl_hadamard_sm80{{(_0)?$}}
//  SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
//  SM80-NEXT: Used {{[0-9]+}} registers, used 1 barriers
// SM80: Function properties for stl_hadamard_sm80{{(_0)?$}}
//  SM80-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
//  SM80-NEXT: Used {{[0-9]+}} registers, used 1 barriers

// SM90A-NOT: error
// SM90A: Function properties for stl_hadamard_sm90a{{(_persistent)?(_0)?$}}
//  SM90A-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
//  SM90A-NEXT: Used {{[0-9]+}} registers, used 1 barriers
// SM90A: Function properties for stl_hadamard_sm90a{{(_persistent)?(_0)?$}}
//  SM90A-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
//  SM90A-NEXT: Used {{[0-9]+}} registers, used 1 barriers

// 4096^3 bf16 (the bench shape): 7 x 2048^3 products.
func.func @large(%a: tensor<4096x4096xbf16>, %b: tensor<4096x4096xbf16>) -> tensor<4096x4096xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4096x4096xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<4096x4096xf32>) -> tensor<4096x4096xf32>
  %r = linalg.matmul ins(%a, %b : tensor<4096x4096xbf16>, tensor<4096x4096xbf16>) outs(%f : tensor<4096x4096xf32>) -> tensor<4096x4096xf32>
  return %r : tensor<4096x4096xf32>
}

// A small, unaligned f16 product with an f16 result.
func.func @small(%a: tensor<100x70xf16>, %b: tensor<70x30xf16>) -> tensor<100x30xf16> {
  %c0 = arith.constant 0.0 : f16
  %e = tensor.empty() : tensor<100x30xf16>
  %f = linalg.fill ins(%c0 : f16) outs(%e : tensor<100x30xf16>) -> tensor<100x30xf16>
  %r = linalg.matmul ins(%a, %b : tensor<100x70xf16>, tensor<70x30xf16>) outs(%f : tensor<100x30xf16>) -> tensor<100x30xf16>
  return %r : tensor<100x30xf16>
}
