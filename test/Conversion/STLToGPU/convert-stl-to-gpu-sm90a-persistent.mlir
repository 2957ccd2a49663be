// RUN: stl-opt %s --stl-gpu-pad-hadamard --convert-stl-to-gpu --canonicalize --cse | FileCheck %s

// sm_90a, schedule = persistent: a 1-D grid of at most one block per SM
// (132 on sm_90a; two for one-consumer tiles that leave room in shared
// memory) loops over the output tiles. Warpgroup 0 is the TMA producer,
// the others consume 64 rows each; full and empty mbarriers per stage.

// 7 x 256 x 256 in 128x256 tiles: 14 tiles, so 14 blocks of 3 warpgroups.
// 40 x 512 x 512 in 64x128 tiles: 1280 tiles; one consumer and 4 stages
// (about 100 KB of shared memory) leave room for two blocks per SM, so 264
// blocks of 2 warpgroups.
// CHECK-LABEL: func.func @two_consumers
//       CHECK:   gpu.launch_func @stl_kernels::@stl_hadamard_sm90a_persistent blocks in (%c14, %c1, %c1) threads in (%c384, %c1, %c1) dynamic_shared_memory_size %c197888_i32 args(%{{.*}} : !llvm.ptr, %{{.*}} : !llvm.ptr, %{{.*}} : memref<7x256x256xf32>)

// CHECK-LABEL: func.func @one_consumer
//       CHECK:   gpu.launch_func @stl_kernels::@stl_hadamard_sm90a_persistent_0 blocks in (%c264, %c1, %c1) threads in (%c256, %c1, %c1)

// cluster = 2: 7 x 640 x 384 in 128x128 tiles is 5 x 3 tiles per batch,
// so 3 x 3 units of two stacked tiles: 63 clusters of 2 blocks.
// CHECK-LABEL: func.func @cluster
//       CHECK:   gpu.launch_func @stl_kernels::@stl_hadamard_sm90a_persistent_1 clusters in (%c2, %c1, %c1) blocks in (%c126, %c1, %c1) threads in (%c384, %c1, %c1)

// CHECK-LABEL: gpu.func @stl_hadamard_sm90a_persistent(
//  CHECK-SAME:     known_block_size = array<i32: 384, 1, 1>, nvvm.minctasm = 1 : i32, stl.by_value_args = {{\[}}[0, !llvm.array<16 x i64>, 64], [1, !llvm.array<16 x i64>, 64]]
// Barriers 0-3 (full) complete with the producer's expect_tx; 4-7 (empty)
// with one arrival per consumer warpgroup.
//       CHECK:   %[[MB:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 8>
//       CHECK:   nvgpu.mbarrier.init %[[MB]][%c0], %c1, predicate
//       CHECK:   nvgpu.mbarrier.init %[[MB]][%c4], %c2, predicate
//       CHECK:   nvvm.fence.mbarrier.init
//       CHECK:   gpu.barrier
//   CHECK-NOT:   gpu.barrier
//       CHECK:   scf.if
// Producer: gives registers away, one thread loads.
//  CHECK-NEXT:     nvvm.setmaxregister  decrease 40
//       CHECK:     scf.for %{{.*}} = %block_id_x to %c14 step %grid_dim_x
//       CHECK:       scf.for %{{.*}} = %c0 to %c4 step %c1
//       CHECK:         nvgpu.mbarrier.try_wait.parity %[[MB]]
//       CHECK:         nvgpu.mbarrier.arrive.expect_tx %[[MB]][%{{.*}}], %c49152
//       CHECK:         nvgpu.tma.async.load {{.*}} -> memref<128x64xbf16, #gpu.address_space<workgroup>>
//   CHECK-COUNT-4:     nvgpu.tma.async.load {{.*}} -> memref<64x64xbf16, #gpu.address_space<workgroup>>
//       CHECK:   } else {
// Consumers: the first k-tile's first wgmma overwrites the accumulators
// (scale-d = 0), the rest accumulate.
//  CHECK-NEXT:     nvvm.setmaxregister  increase 232
//       CHECK:     scf.for %{{.*}} = %block_id_x to %c14 step %grid_dim_x
//       CHECK:       nvgpu.mbarrier.try_wait.parity %[[MB]]
//       CHECK:       nvvm.wgmma.fence.aligned
//       CHECK:       nvvm.wgmma.mma_async {{.*}} <m = 64, n = 256, k = 16>, D[<f32>, <zero>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <row>]
//   CHECK-COUNT-3:   nvvm.wgmma.mma_async {{.*}} D[<f32>, <one>]
//       CHECK:       nvvm.wgmma.commit.group.sync.aligned
//       CHECK:       scf.for %{{.*}} = %c1 to %c4 step %c1
//       CHECK:         nvgpu.mbarrier.try_wait.parity %[[MB]]
//   CHECK-COUNT-4:     nvvm.wgmma.mma_async {{.*}} D[<f32>, <one>]
//       CHECK:         nvvm.wgmma.commit.group.sync.aligned
// The previous k-tile's slot is released once its wgmma group is done.
//       CHECK:         nvvm.wgmma.wait.group.sync.aligned 1
//       CHECK:         nvgpu.mbarrier.arrive %[[MB]]
//       CHECK:       nvvm.wgmma.wait.group.sync.aligned 0
//       CHECK:       nvgpu.mbarrier.arrive %[[MB]]
// Epilogue from registers: lanes pair up (shuffle xor 1) for 16-byte stores.
//       CHECK:       gpu.shuffle  xor
//       CHECK:       vector.store {{.*}} {alignment = 16 : i64} : memref<7x256x256xf32>, vector<4xf32>
//   CHECK-NOT:   nvgpu.warpgroup.mma.store
//       CHECK:   gpu.return
func.func @two_consumers(%a: tensor<7x256x256xbf16>, %b: tensor<7x256x256xbf16>) -> tensor<7x256x256xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent>} : tensor<7x256x256xbf16>, tensor<7x256x256xbf16> -> tensor<7x256x256xf32>
  return %p : tensor<7x256x256xf32>
}

// One consumer, two blocks per SM (ptxas keeps to 128 registers per thread
// at launch): the producer gives the consumer its registers (40 + 216 =
// 2 x 128), without which some shapes spilled; the k-loops stay rolled.
// f16 results: 8-byte stores.
// CHECK-LABEL: gpu.func @stl_hadamard_sm90a_persistent_0(
//  CHECK-SAME:     known_block_size = array<i32: 256, 1, 1>, nvvm.minctasm = 2 : i32
//       CHECK:   nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 8>
//       CHECK:   nvvm.setmaxregister decrease 40
//       CHECK:   } {loop_annotation = #[[ROLLED:.*]]}
//       CHECK:   nvvm.setmaxregister increase 216
//       CHECK:   nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <zero>], A[<f16>, <one>, <row>], B[<f16>, <one>, <row>]
//       CHECK:   } {loop_annotation = #[[ROLLED]]}
//       CHECK:   arith.truncf {{.*}} : vector<4xf32> to vector<4xf16>
//       CHECK:   vector.store {{.*}} {alignment = 8 : i64} : memref<40x512x512xf16>, vector<4xf16>
func.func @one_consumer(%a: tensor<40x512x512xf16>, %b: tensor<40x512x512xf16>) -> tensor<40x512x512xf16> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent>} : tensor<40x512x512xf16>, tensor<40x512x512xf16> -> tensor<40x512x512xf16>
  return %p : tensor<40x512x512xf16>
}

// Each block loads its lhs box and half of the rhs boxes, multicast to both
// blocks; the empty barriers count the consumers of both blocks (2 x 2),
// which arrive on the barrier in each block; the producer waits for the
// other block's last arrivals before it exits; the fifth row-tile of a
// batch does not exist, and its block stores nothing.
// CHECK-LABEL: gpu.func @stl_hadamard_sm90a_persistent_1(
//       CHECK:   %[[MB:.*]] = nvgpu.mbarrier.create -> <memorySpace = #gpu.address_space<workgroup>, num_barriers = 8>
//       CHECK:   nvgpu.mbarrier.init %[[MB]][%c0], %c1, predicate
//       CHECK:   nvgpu.mbarrier.init %[[MB]][%c4], %c4, predicate
//       CHECK:   nvvm.fence.mbarrier.init
//       CHECK:   nvvm.cluster.arrive {aligned}
//  CHECK-NEXT:   nvvm.cluster.wait {aligned}
//   CHECK-NOT:   gpu.barrier
//       CHECK:   %[[END:.*]] = scf.for %{{.*}} = %{{.*}} to %c63 step %{{.*}} iter_args
//       CHECK:     nvgpu.mbarrier.arrive.expect_tx %[[MB]][%{{.*}}], %c32768
//       CHECK:     nvgpu.tma.async.load {{.*}} -> memref<128x64xbf16, #gpu.address_space<workgroup>>
//   CHECK-NOT:     nvgpu.tma.async.load
//       CHECK:     nvgpu.tma.async.load {{.*}} multicast_mask = %c3_i16 : {{.*}} -> memref<64x64xbf16, #gpu.address_space<workgroup>>
//   CHECK-NOT:     nvgpu.tma.async.load
//       CHECK:   scf.for %[[IT:.*]] = %[[END]] to %{{.*}} step %c1 {
//       CHECK:     nvgpu.mbarrier.try_wait.parity %[[MB]]
//       CHECK:   } else {
//       CHECK:     nvvm.wgmma.wait.group.sync.aligned 1
//       CHECK:     %[[LOCAL:.*]] = llvm.inttoptr %{{.*}} : i64 to !llvm.ptr<3>
//       CHECK:     %[[R0:.*]] = nvvm.mapa %[[LOCAL]], %c0_i32 : !llvm.ptr<3> -> !llvm.ptr<7>
//       CHECK:     nvvm.mbarrier.arrive %[[R0]] {scope = #nvvm.mem_scope<cluster>} : !llvm.ptr<7>
//       CHECK:     %[[R1:.*]] = nvvm.mapa %[[LOCAL]], %c1_i32 : !llvm.ptr<3> -> !llvm.ptr<7>
//       CHECK:     nvvm.mbarrier.arrive %[[R1]] {scope = #nvvm.mem_scope<cluster>} : !llvm.ptr<7>
//       CHECK:     nvvm.wgmma.wait.group.sync.aligned 0
//       CHECK:     %[[IN:.*]] = arith.cmpi ult, %{{.*}}, %c5 : index
//       CHECK:     scf.if %[[IN]] {
//       CHECK:       vector.store
func.func @cluster(%a: tensor<7x640x256xbf16>, %b: tensor<7x256x384xbf16>) -> tensor<7x640x384xf32> {
  %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent, cluster = 2>} : tensor<7x640x256xbf16>, tensor<7x256x384xbf16> -> tensor<7x640x384xf32>
  return %p : tensor<7x640x384xf32>
}
