// RUN: stl-opt %s --stl-select-kernel-config=chip=sm_90a --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse | FileCheck %s

// sm_90a: the host creates TMA descriptors over the operands viewed as 2-D
// (batch*rows) x inner and (batch*inner) x cols, and passes them to the
// kernel as the pointers they lower to.

// CHECK-LABEL: func.func @gemm
//       CHECK:   %[[A:.*]] = bufferization.to_buffer %arg0 read_only : tensor<7x256x128xbf16> to memref<7x256x128xbf16>
//       CHECK:   %[[B:.*]] = bufferization.to_buffer %arg1 read_only : tensor<7x128x128xbf16> to memref<7x128x128xbf16>
//       CHECK:   %[[C:.*]] = memref.alloc() : memref<7x256x128xf32>
//       CHECK:   %[[A2:.*]] = memref.collapse_shape %[[A]] {{\[\[}}0, 1], [2]] : memref<7x256x128xbf16> into memref<1792x128xbf16>
//       CHECK:   %[[AU:.*]] = memref.cast %[[A2]] : memref<1792x128xbf16> to memref<*xbf16>
//       CHECK:   %[[DA:.*]] = nvgpu.tma.create.descriptor %[[AU]] box[%c128, %c64] : memref<*xbf16> -> <tensor = memref<128x64xbf16, #gpu.address_space<workgroup>>, swizzle = swizzle_128b, l2promo = none, oob = zero, interleave = none>
//       CHECK:   %[[PA:.*]] = builtin.unrealized_conversion_cast %[[DA]] {{.*}} to !llvm.ptr
//       CHECK:   %[[DB:.*]] = nvgpu.tma.create.descriptor %{{.*}} box[%c64, %c64] : memref<*xbf16> -> <tensor = memref<64x64xbf16
//       CHECK:   %[[PB:.*]] = builtin.unrealized_conversion_cast %[[DB]]
//       CHECK:   gpu.launch_func @stl_kernels::@stl_hadamard_sm90a blocks in (%c1, %c2, %c7) threads in (%c128, %c1, %c1) dynamic_shared_memory_size %c132352_i32 args(%[[PA]] : !llvm.ptr, %[[PB]] : !llvm.ptr, %[[C]] : memref<7x256x128xf32>)

// CHECK-LABEL: gpu.func @stl_hadamard_sm90a
//  CHECK-SAME:     known_block_size = array<i32: 128, 1, 1>
//       CHECK:   %[[MB:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 4>
//   CHECK-COUNT-4: nvgpu.mbarrier.init %[[MB]]
//       CHECK:   gpu.barrier
//       CHECK:   nvgpu.tma.prefetch.descriptor
// Prologue: k-tiles 0 and 1 (the product has 2), each one lhs box and two
// 64-column rhs boxes.
//       CHECK:   nvgpu.mbarrier.arrive.expect_tx %[[MB]][%c0], %c32768
//       CHECK:   nvgpu.tma.async.load {{.*}} to {{.*}} : {{.*}} -> memref<128x64xbf16, #gpu.address_space<workgroup>>
//   CHECK-COUNT-2: nvgpu.tma.async.load {{.*}} -> memref<64x64xbf16, #gpu.address_space<workgroup>>
//       CHECK:   nvgpu.mbarrier.arrive.expect_tx %[[MB]][%c1], %c32768
//       CHECK:   %[[ACC:.*]] = nvgpu.warpgroup.mma.init.accumulator -> <fragmented = vector<128x128xf32>>
//       CHECK:   scf.for %[[KT:.*]] = %c0 to %c2 step %c1 iter_args(%[[A:.*]] = %[[ACC]], %[[PH:.*]] = %false)
//       CHECK:     %[[SLOT:.*]] = arith.remui %[[KT]], %c4
//       CHECK:     nvgpu.mbarrier.try_wait.parity %[[MB]][%[[SLOT]]], %[[PH]]
//       CHECK:     %[[DESCA:.*]] = nvgpu.warpgroup.generate.descriptor
//       CHECK:     %[[DESCB:.*]] = nvgpu.warpgroup.generate.descriptor
//       CHECK:     %[[NEXT:.*]] = nvgpu.warpgroup.mma %[[DESCA]], %[[DESCB]], %[[A]] {transposeB} : <tensor = memref<128x64xbf16, #gpu.address_space<workgroup>>>, <tensor = memref<64x128xbf16, #gpu.address_space<workgroup>>>, <fragmented = vector<128x128xf32>>
// Refill the slot of k-tile kt-1 with k-tile kt+3.
//       CHECK:     arith.addi %[[KT]], %c3
//       CHECK:     nvgpu.mbarrier.arrive.expect_tx
//       CHECK:     nvgpu.tma.async.load
//       CHECK:     scf.yield %[[NEXT]]
//       CHECK:   nvvm.wgmma.wait.group.sync.aligned 0
//       CHECK:   nvgpu.warpgroup.mma.store
//       CHECK:   vector.load {{.*}} vector<4xf32>
//       CHECK:   vector.store {{.*}} : memref<7x256x128xf32>, vector<4xf32>
func.func @gemm(%a: tensor<7x256x128xbf16>, %b: tensor<7x128x128xbf16>) -> tensor<7x256x128xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16]>} : tensor<7x256x128xbf16>, tensor<7x128x128xbf16> -> tensor<7x256x128xf32>
  return %p : tensor<7x256x128xf32>
}

// Two warpgroups (128x256 tile, 64x256 each): each takes its 64 rows of the
// lhs slot, and all of them synchronize before a slot is refilled.
// CHECK-LABEL: gpu.func @stl_hadamard_sm90a_0
//       CHECK:   scf.for
//       CHECK:     nvgpu.warpgroup.mma {{.*}} <fragmented = vector<64x256xf32>>
//       CHECK:     gpu.barrier
//       CHECK:     nvgpu.tma.async.load
//       CHECK:   arith.truncf {{.*}} : vector<4xf32> to vector<4xf16>
func.func @two_groups(%a: tensor<4x128x128xf16>, %b: tensor<4x128x256xf16>) -> tensor<4x128x256xf16> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 3, mma_shape = [64, 256, 16]>} : tensor<4x128x128xf16>, tensor<4x128x256xf16> -> tensor<4x128x256xf16>
  return %p : tensor<4x128x256xf16>
}
