// RUN: rm -rf %t && stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t" -o %t.mlir
// RUN: FileCheck %s --check-prefix=PTX --input-file=%t/stl_kernels.sm_90a.ptx
// RUN: FileCheck %s --check-prefix=HOST --input-file=%t.mlir
// RUN: rm -rf %t.cluster && stl-opt %s --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a cluster=2 dump-ptx=%t.cluster" -o %t.cluster.mlir
// RUN: FileCheck %s --check-prefix=CLUSTER --input-file=%t.cluster/stl_kernels.sm_90a.ptx
// RUN: FileCheck %s --check-prefix=CLUSTER-HOST --input-file=%t.cluster.mlir

// linalg.matmul (bf16, 2048^3) -> Strassen (7 x 1024^3) -> PTX for sm_90a
// with the default GEMM: persistent and warp-specialized, 128x256 tiles
// (224 of them) in two consumer warpgroups and one producer warpgroup.

// One block per SM (132), 3 warpgroups each.
// HOST-DAG: %[[GRID:.*]] = llvm.mlir.constant(132 : index) : i64
// HOST-DAG: %[[THREADS:.*]] = llvm.mlir.constant(384 : index) : i64
// HOST: gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_hadamard_sm90a_persistent blocks in (%[[GRID]], %[[ONE:.*]], %[[ONE]]) threads in (%[[THREADS]], %[[ONE]], %[[ONE]])

// PTX-LABEL: .visible .entry stl_hadamard_sm90a_persistent(
// PTX-NEXT: .param .align 64 .b8 stl_hadamard_sm90a_persistent_param_0[128],
// PTX-NEXT: .param .align 64 .b8 stl_hadamard_sm90a_persistent_param_1[128],
// PTX: .maxntid 384, 1, 1
// PTX-NEXT: .minnctapersm 1
// Full (count 1) and empty (count 2) barriers of 4 stages, fenced for TMA.
// PTX: .shared .align 8 .b8 __mbarrier[64];
// PTX-COUNT-8: mbarrier.init.shared.b64
// PTX: fence.mbarrier_init.release.cluster;
// PTX: bar.sync 0;
// PTX-NOT: bar.sync
// The consumers take the registers the producer gives up.
// PTX: setmaxnreg.inc.sync.aligned.u32 232;
// Epilogue from registers (placed first by the block layout): lanes pair up
// for 16-byte stores.
// PTX: wgmma.wait_group.sync.aligned 0;
// PTX: shfl.sync.bfly.b32 {{.*}}, 1, 31, -1;
// PTX: st.global.v4.b32
// Main loop.
// PTX: mbarrier.try_wait.parity.shared.b64
// PTX: wgmma.fence.sync.aligned;
// First wgmma of a tile: scale-d = 0 (the accumulators are not read).
// PTX: setp.ne.b32 p, 0, 0;
// PTX-NEXT: wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16 {{.*}}, p, 1, 1, 0, 1;
// PTX-COUNT-3: wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16
// PTX: wgmma.commit_group.sync.aligned;
// PTX: wgmma.wait_group.sync.aligned 1;
// PTX: mbarrier.arrive.shared.b64
// Producer.
// PTX: setmaxnreg.dec.sync.aligned.u32 40;
// PTX: mbarrier.try_wait.parity.shared.b64
// PTX: mbarrier.arrive.expect_tx.shared.b64
// PTX: cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes
// PTX-LABEL: .visible .entry stl_decode(
// cluster=2: 66 clusters of two blocks (132 blocks), the rhs multicast,
// remote arrivals on the empty barriers, a cluster-wide barrier after the
// barrier setup.
// CLUSTER-HOST-DAG: %[[C2:.*]] = llvm.mlir.constant(2 : index) : i64
// CLUSTER-HOST-DAG: %[[GRID:.*]] = llvm.mlir.constant(132 : index) : i64
// CLUSTER-HOST: gpu.launch_func <%{{.*}} : !llvm.ptr> @stl_kernels::@stl_hadamard_sm90a_persistent clusters in (%[[C2]], %[[ONE:.*]], %[[ONE]]) blocks in (%[[GRID]], %[[ONE]], %[[ONE]])
// CLUSTER-LABEL: .visible .entry stl_hadamard_sm90a_persistent(
// CLUSTER: fence.mbarrier_init.release.cluster;
// CLUSTER: barrier.cluster.arrive.aligned;
// CLUSTER-NEXT: barrier.cluster.wait.aligned;
// CLUSTER-NOT: bar.sync
// CLUSTER: mapa.shared::cluster.u64
// CLUSTER: mbarrier.arrive.release.cluster.shared::cluster.b64 _,
// CLUSTER: cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes.multicast::cluster
// CLUSTER-LABEL: .visible .entry stl_decode(
func.func @mm(%a: tensor<2048x2048xbf16>, %b: tensor<2048x2048xbf16>) -> tensor<2048x2048xf32> {
  %c0 = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2048x2048xf32>
  %f = linalg.fill ins(%c0 : f32) outs(%e : tensor<2048x2048xf32>) -> tensor<2048x2048xf32>
  %r = linalg.matmul ins(%a, %b : tensor<2048x2048xbf16>, tensor<2048x2048xbf16>) outs(%f : tensor<2048x2048xf32>) -> tensor<2048x2048xf32>
  return %r : tensor<2048x2048xf32>
}
