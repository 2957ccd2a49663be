// The persistent warp-specialized sm_90a GEMM (schedule = persistent, the
// default on sm_90a) with pinned configurations: one and two consumer
// warpgroups, BN = 64, 192 and 256, 2 to 4 stages, f16 and bf16, clusters
// of two blocks with the rhs multicast (an odd number of row-tiles),
// extents the block tile does not divide, and more tiles than blocks (315
// tiles of 64x64 on 264 blocks, 175 tiles of 128x64 on 132, 70 units on 66
// clusters), so that blocks loop over several tiles and the stage ring's
// phases carry across tiles. Inputs are small integers: every path
// computes the same exact numbers; each variant prints weighted row and
// column sums of Y = X * W.
//
// scripts/prepare-gpu-artifacts.sh compiles the GPU build and records the
// CPU path's output; scripts/gpu-device-run.sh runs and compares. Here: the
// CPU reference is checked, and the GPU build must compile.
//
// RUN: stl-opt %s --stl-cpu-pipeline | mlir-runner -e run -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: stl-opt %s --stl-gpu-pipeline="chip=sm_90a managed-memory=1" -o %t.mlir
// RUN: FileCheck %s --check-prefix=GPU --input-file=%t.mlir
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_persistent blocks in
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_persistent_0 blocks in
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_persistent_1 blocks in
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_persistent_2 blocks in
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_persistent_3 clusters in
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_persistent_4 clusters in
// GPU-DAG: llvm.func @main()

// Each of the 6 variants prints the same sums (first 12 shown; the GPU
// run compares all of them).
// CHECK: sizes = [1040] strides = [1] data =
// CHECK-NEXT: [9311,  5916,  -3762,  -10952,  -21935,  2139,  9024,  22766,  -578,  -2429,  27092,  1859
// CHECK: sizes = [520] strides = [1] data =
// CHECK-NEXT: [15791,  1152,  -5215,  -11930,  -18241,  16903,  15063,  8647,  7642,  -6183,  -11501,  -27185
// CHECK: sizes = [1040] strides = [1] data =
// CHECK-NEXT: [9311,  5916,  -3762,  -10952,  -21935,  2139,  9024,  22766,  -578,  -2429,  27092,  1859
// CHECK: sizes = [520] strides = [1] data =
// CHECK-NEXT: [15791,  1152,  -5215,  -11930,  -18241,  16903,  15063,  8647,  7642,  -6183,  -11501,  -27185
// CHECK: sizes = [1040] strides = [1] data =
// CHECK-NEXT: [9311,  5916,  -3762,  -10952,  -21935,  2139,  9024,  22766,  -578,  -2429,  27092,  1859
// CHECK: sizes = [520] strides = [1] data =
// CHECK-NEXT: [15791,  1152,  -5215,  -11930,  -18241,  16903,  15063,  8647,  7642,  -6183,  -11501,  -27185
// CHECK: sizes = [1040] strides = [1] data =
// CHECK-NEXT: [9311,  5916,  -3762,  -10952,  -21935,  2139,  9024,  22766,  -578,  -2429,  27092,  1859
// CHECK: sizes = [520] strides = [1] data =
// CHECK-NEXT: [15791,  1152,  -5215,  -11930,  -18241,  16903,  15063,  8647,  7642,  -6183,  -11501,  -27185
// CHECK: sizes = [1040] strides = [1] data =
// CHECK-NEXT: [9311,  5916,  -3762,  -10952,  -21935,  2139,  9024,  22766,  -578,  -2429,  27092,  1859
// CHECK: sizes = [520] strides = [1] data =
// CHECK-NEXT: [15791,  1152,  -5215,  -11930,  -18241,  16903,  15063,  8647,  7642,  -6183,  -11501,  -27185
// CHECK: sizes = [1040] strides = [1] data =
// CHECK-NEXT: [9311,  5916,  -3762,  -10952,  -21935,  2139,  9024,  22766,  -578,  -2429,  27092,  1859
// CHECK: sizes = [520] strides = [1] data =
// CHECK-NEXT: [15791,  1152,  -5215,  -11930,  -18241,  16903,  15063,  8647,  7642,  -6183,  -11501,  -27185

!X16 = tensor<1040x800xf16>
!W16 = tensor<800x520xf16>
!XB = tensor<1040x800xbf16>
!WB = tensor<800x520xbf16>
!Y = tensor<1040x520xf32>

func.func private @printMemrefF32(tensor<*xf32>)

// Entries (((i * p + j * q + i * j) mod 257) mod 7) - 3 in [-3, 3]: no
// period that divides a block tile.
func.func @matrix(%p: index, %q: index) -> tensor<1040x800xf32> {
  %e = tensor.empty() : tensor<1040x800xf32>
  %c7 = arith.constant 7 : index
  %c257 = arith.constant 257 : index
  %f3 = arith.constant 3.0 : f32
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<1040x800xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %ij = arith.muli %i, %j : index
    %s0 = arith.addi %ip, %jq : index
    %sum = arith.addi %s0, %ij : index
    %m257 = arith.remui %sum, %c257 : index
    %mod = arith.remui %m257, %c7 : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %v = arith.subf %f, %f3 : f32
    linalg.yield %v : f32
  } -> tensor<1040x800xf32>
  return %0 : tensor<1040x800xf32>
}

// Prints sum_j Y[i,j] * (j mod 5 + 1) and sum_i Y[i,j] * (i mod 3 + 1).
func.func @summarize(%y: !Y) {
  %rows0 = tensor.empty() : tensor<1040xf32>
  %cols0 = tensor.empty() : tensor<520xf32>
  %zero = arith.constant 0.0 : f32
  %rows1 = linalg.fill ins(%zero : f32) outs(%rows0 : tensor<1040xf32>) -> tensor<1040xf32>
  %cols1 = linalg.fill ins(%zero : f32) outs(%cols0 : tensor<520xf32>) -> tensor<520xf32>
  %c5 = arith.constant 5 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %rows, %cols = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (j)>],
      iterator_types = ["reduction", "reduction"]}
      ins(%y : !Y) outs(%rows1, %cols1 : tensor<1040xf32>, tensor<520xf32>) {
  ^bb0(%v: f32, %r: f32, %c: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %jm = arith.remui %j, %c5 : index
    %jw = arith.addi %jm, %c1 : index
    %im = arith.remui %i, %c3 : index
    %iw = arith.addi %im, %c1 : index
    %jwi = arith.index_cast %jw : index to i64
    %iwi = arith.index_cast %iw : index to i64
    %jwf = arith.sitofp %jwi : i64 to f32
    %iwf = arith.sitofp %iwi : i64 to f32
    %vj = arith.mulf %v, %jwf : f32
    %vi = arith.mulf %v, %iwf : f32
    %r2 = arith.addf %r, %vj : f32
    %c2 = arith.addf %c, %vi : f32
    linalg.yield %r2, %c2 : f32, f32
  } -> (tensor<1040xf32>, tensor<520xf32>)
  %ru = tensor.cast %rows : tensor<1040xf32> to tensor<*xf32>
  %cu = tensor.cast %cols : tensor<520xf32> to tensor<*xf32>
  call @printMemrefF32(%ru) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()
  return
}

// 64x64x64, one consumer, 4 stages (two blocks per SM: 264 blocks for 315
// tiles); f16.
func.func @one_consumer(%x: !X16, %w: !W16) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !X16 -> tensor<7x520x400xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !W16 -> tensor<7x400x260xf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 64, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 64, 16], schedule = persistent>} : tensor<7x520x400xf16>, tensor<7x400x260xf16> -> tensor<7x520x260xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x520x260xf32> -> !Y
  return %y : !Y
}

// 128x64x64, two consumers with setmaxnreg, 3 stages (132 blocks for 175
// tiles); bf16.
func.func @two_consumers(%x: !XB, %w: !WB) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !XB -> tensor<7x520x400xbf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !WB -> tensor<7x400x260xbf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 64, 64], warp_layout = [2, 1], stages = 3, mma_shape = [64, 64, 16], schedule = persistent>} : tensor<7x520x400xbf16>, tensor<7x400x260xbf16> -> tensor<7x520x260xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x520x260xf32> -> !Y
  return %y : !Y
}

// 128x256x64, two consumers, 4 stages (the default tile of large
// products); f16.
func.func @wide(%x: !X16, %w: !W16) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !X16 -> tensor<7x520x400xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !W16 -> tensor<7x400x260xf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 256, 16], schedule = persistent>} : tensor<7x520x400xf16>, tensor<7x400x260xf16> -> tensor<7x520x260xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x520x260xf32> -> !Y
  return %y : !Y
}

// 64x192x64, one consumer, 2 stages (the producer waits on every slot);
// bf16.
func.func @ring2(%x: !XB, %w: !WB) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !XB -> tensor<7x520x400xbf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !WB -> tensor<7x400x260xbf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 192, 64], warp_layout = [1, 1], stages = 2, mma_shape = [64, 192, 16], schedule = persistent>} : tensor<7x520x400xbf16>, tensor<7x400x260xbf16> -> tensor<7x520x260xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x520x260xf32> -> !Y
  return %y : !Y
}

// Clusters of 2 blocks along M, rhs multicast: 128x128x64, two consumers,
// 4 stages; 5 row-tiles per batch (the last unit's second tile stores
// nothing); 63 clusters; f16.
func.func @cluster_two_consumers(%x: !X16, %w: !W16) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !X16 -> tensor<7x520x400xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !W16 -> tensor<7x400x260xf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [2, 1], stages = 4, mma_shape = [64, 128, 16], schedule = persistent, cluster = 2>} : tensor<7x520x400xf16>, tensor<7x400x260xf16> -> tensor<7x520x260xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x520x260xf32> -> !Y
  return %y : !Y
}

// Clusters of 2: 64x256x64, one consumer, 3 stages; 9 row-tiles per batch;
// 70 units on 66 clusters (blocks loop); bf16.
func.func @cluster_one_consumer(%x: !XB, %w: !WB) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !XB -> tensor<7x520x400xbf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !WB -> tensor<7x400x260xbf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [64, 256, 64], warp_layout = [1, 1], stages = 3, mma_shape = [64, 256, 16], schedule = persistent, cluster = 2>} : tensor<7x520x400xbf16>, tensor<7x400x260xbf16> -> tensor<7x520x260xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x520x260xf32> -> !Y
  return %y : !Y
}

func.func @run() {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %a = call @matrix(%c3, %c5) : (index, index) -> tensor<1040x800xf32>
  %b = call @matrix(%c5, %c2) : (index, index) -> tensor<1040x800xf32>
  %w32 = tensor.extract_slice %b[0, 0] [800, 520] [1, 1] : tensor<1040x800xf32> to tensor<800x520xf32>
  %x16 = arith.truncf %a : tensor<1040x800xf32> to !X16
  %w16 = arith.truncf %w32 : tensor<800x520xf32> to !W16
  %xb = arith.truncf %a : tensor<1040x800xf32> to !XB
  %wb = arith.truncf %w32 : tensor<800x520xf32> to !WB
  %y1 = call @one_consumer(%x16, %w16) : (!X16, !W16) -> !Y
  call @summarize(%y1) : (!Y) -> ()
  %y2 = call @two_consumers(%xb, %wb) : (!XB, !WB) -> !Y
  call @summarize(%y2) : (!Y) -> ()
  %y3 = call @wide(%x16, %w16) : (!X16, !W16) -> !Y
  call @summarize(%y3) : (!Y) -> ()
  %y4 = call @ring2(%xb, %wb) : (!XB, !WB) -> !Y
  call @summarize(%y4) : (!Y) -> ()
  %y5 = call @cluster_two_consumers(%x16, %w16) : (!X16, !W16) -> !Y
  call @summarize(%y5) : (!Y) -> ()
  %y6 = call @cluster_one_consumer(%xb, %wb) : (!XB, !WB) -> !Y
  call @summarize(%y6) : (!Y) -> ()
  return
}

func.func @main() -> i32 {
  call @run() : () -> ()
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}
