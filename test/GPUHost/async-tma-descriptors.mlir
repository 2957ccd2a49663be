// RUN: stl-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(stl-gpu-async-tma-descriptors))' | FileCheck %s

// The wait that gpu-async-region put before the descriptor encodings goes;
// the launch continues the chain.

// CHECK-LABEL: func.func @continue_chain(
//       CHECK:   %[[T:.*]] = gpu.launch_func async
//   CHECK-NOT:   gpu.wait
//       CHECK:   nvgpu.tma.create.descriptor
//   CHECK-NOT:   gpu.wait
//       CHECK:   %[[L:.*]] = gpu.launch_func async [%[[T]]] @k::@use
//       CHECK:   gpu.wait [%[[L]]]
!desc = !nvgpu.tensormap.descriptor<tensor = memref<64x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @fill(%m: memref<128x64xbf16>) kernel { gpu.return }
    gpu.func @use(%d: !llvm.ptr) kernel { gpu.return }
  }
  func.func @continue_chain(%m: memref<128x64xbf16>) {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %0 = gpu.wait async
    %1 = gpu.launch_func async [%0] @k::@fill blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<128x64xbf16>)
    %u = memref.cast %m : memref<128x64xbf16> to memref<*xbf16>
    gpu.wait [%1]
    %d = nvgpu.tma.create.descriptor %u box[%c64, %c64] : memref<*xbf16> -> !desc
    %p = builtin.unrealized_conversion_cast %d : !desc to !llvm.ptr
    %2 = gpu.wait async
    %3 = gpu.launch_func async [%2] @k::@use blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%p : !llvm.ptr)
    gpu.wait [%3]
    return
  }
}

// -----

// A host op that touches memory between the wait and the new chain keeps
// the wait.

// CHECK-LABEL: func.func @keep_wait(
//       CHECK:   gpu.wait [%{{.*}}]
//       CHECK:   nvgpu.tma.create.descriptor
//       CHECK:   memref.store
//       CHECK:   gpu.wait async
!desc = !nvgpu.tensormap.descriptor<tensor = memref<64x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @fill(%m: memref<128x64xbf16>) kernel { gpu.return }
    gpu.func @use(%d: !llvm.ptr) kernel { gpu.return }
  }
  func.func @keep_wait(%m: memref<128x64xbf16>, %v: bf16) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    %0 = gpu.wait async
    %1 = gpu.launch_func async [%0] @k::@fill blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<128x64xbf16>)
    %u = memref.cast %m : memref<128x64xbf16> to memref<*xbf16>
    gpu.wait [%1]
    %d = nvgpu.tma.create.descriptor %u box[%c64, %c64] : memref<*xbf16> -> !desc
    memref.store %v, %m[%c0, %c0] : memref<128x64xbf16>
    %p = builtin.unrealized_conversion_cast %d : !desc to !llvm.ptr
    %2 = gpu.wait async
    %3 = gpu.launch_func async [%2] @k::@use blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%p : !llvm.ptr)
    gpu.wait [%3]
    return
  }
}
