// The TensorCore GEMMs (sm_90a wgmma + TMA, sm_80 mma.sync) with pinned
// configurations that exercise several blocks in M and N, a ring of stages
// that wraps around (7 k-tiles), two warpgroups, f16 and bf16, and operand
// extents the block tile does not divide. Inputs are small integers, so every
// path computes the same exact numbers; each variant prints weighted row and
// column sums of Y = X * W (a misplaced element changes them).
//
// scripts/prepare-gpu-artifacts.sh compiles the GPU build (needs
// managed-memory=1: @run fills and prints its buffers on the host) and
// records the CPU path's output; scripts/gpu-device-run.sh runs and compares.
// Here: the CPU reference is checked, and the GPU build must compile.
//
// RUN: stl-opt %s --stl-cpu-pipeline | mlir-runner -e run -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: stl-opt %s --stl-gpu-pipeline="chip=sm_90a managed-memory=1" -o %t.mlir
// RUN: FileCheck %s --check-prefix=GPU --input-file=%t.mlir
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_0
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm90a_1
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm80
// GPU-DAG: gpu.launch_func {{.*}} @stl_kernels::@stl_hadamard_sm80_0
// GPU-DAG: llvm.func @main()
//
// The same program with the products in cuBLASLt (libstl_runtime) must print
// the same numbers; the pinned configurations are not needed then.
// GPU-VARIANT: cublas hadamard-backend=cublas
// RUN: stl-opt %s --stl-gpu-pipeline="chip=sm_90a managed-memory=1 hadamard-backend=cublas" -o %t.cublas.mlir
// RUN: FileCheck %s --check-prefix=CUBLAS --input-file=%t.cublas.mlir
// CUBLAS-COUNT-5: llvm.call @stlRuntimeBatchedGemm
// CUBLAS-NOT: stl_hadamard

// Each of the 5 variants prints the same sums (first 12 shown).
// CHECK: sizes = [260] strides = [1] data =
// CHECK-NEXT: [1887,  4367,  3930,  -14289,  -16799,  7542,  -6478,  2956,  8594,  45,  -1676,  -2885
// CHECK: sizes = [136] strides = [1] data =
// CHECK-NEXT: [9544,  -621,  -2080,  1905,  -2513,  3100,  3563,  1521,  5554,  1720,  -1834,  -7517
// CHECK: sizes = [260] strides = [1] data =
// CHECK-NEXT: [1887,  4367,  3930,  -14289,  -16799,  7542,  -6478,  2956,  8594,  45,  -1676,  -2885
// CHECK: sizes = [136] strides = [1] data =
// CHECK-NEXT: [9544,  -621,  -2080,  1905,  -2513,  3100,  3563,  1521,  5554,  1720,  -1834,  -7517
// CHECK: sizes = [260] strides = [1] data =
// CHECK-NEXT: [1887,  4367,  3930,  -14289,  -16799,  7542,  -6478,  2956,  8594,  45,  -1676,  -2885
// CHECK: sizes = [136] strides = [1] data =
// CHECK-NEXT: [9544,  -621,  -2080,  1905,  -2513,  3100,  3563,  1521,  5554,  1720,  -1834,  -7517
// CHECK: sizes = [260] strides = [1] data =
// CHECK-NEXT: [1887,  4367,  3930,  -14289,  -16799,  7542,  -6478,  2956,  8594,  45,  -1676,  -2885
// CHECK: sizes = [136] strides = [1] data =
// CHECK-NEXT: [9544,  -621,  -2080,  1905,  -2513,  3100,  3563,  1521,  5554,  1720,  -1834,  -7517
// CHECK: sizes = [260] strides = [1] data =
// CHECK-NEXT: [1887,  4367,  3930,  -14289,  -16799,  7542,  -6478,  2956,  8594,  45,  -1676,  -2885
// CHECK: sizes = [136] strides = [1] data =
// CHECK-NEXT: [9544,  -621,  -2080,  1905,  -2513,  3100,  3563,  1521,  5554,  1720,  -1834,  -7517

!X16 = tensor<260x800xf16>
!W16 = tensor<800x136xf16>
!XB = tensor<260x800xbf16>
!WB = tensor<800x136xbf16>
!Y = tensor<260x136xf32>

func.func private @printMemrefF32(tensor<*xf32>)

// Entries (((i * p + j * q + i * j) mod 257) mod 7) - 3 in [-3, 3]: no
// period that divides a block tile.
func.func @matrix(%p: index, %q: index) -> tensor<800x800xf32> {
  %e = tensor.empty() : tensor<800x800xf32>
  %c7 = arith.constant 7 : index
  %c257 = arith.constant 257 : index
  %f3 = arith.constant 3.0 : f32
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<800x800xf32>) {
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
  } -> tensor<800x800xf32>
  return %0 : tensor<800x800xf32>
}

// Prints sum_j Y[i,j] * (j mod 5 + 1) and sum_i Y[i,j] * (i mod 3 + 1).
func.func @summarize(%y: !Y) {
  %rows0 = tensor.empty() : tensor<260xf32>
  %cols0 = tensor.empty() : tensor<136xf32>
  %zero = arith.constant 0.0 : f32
  %rows1 = linalg.fill ins(%zero : f32) outs(%rows0 : tensor<260xf32>) -> tensor<260xf32>
  %cols1 = linalg.fill ins(%zero : f32) outs(%cols0 : tensor<136xf32>) -> tensor<136xf32>
  %c5 = arith.constant 5 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %rows, %cols = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (j)>],
      iterator_types = ["reduction", "reduction"]}
      ins(%y : !Y) outs(%rows1, %cols1 : tensor<260xf32>, tensor<136xf32>) {
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
  } -> (tensor<260xf32>, tensor<136xf32>)
  %ru = tensor.cast %rows : tensor<260xf32> to tensor<*xf32>
  %cu = tensor.cast %cols : tensor<136xf32> to tensor<*xf32>
  call @printMemrefF32(%ru) : (tensor<*xf32>) -> ()
  call @printMemrefF32(%cu) : (tensor<*xf32>) -> ()
  return
}

// sm_90a, 128x128x64 in one warpgroup, 4 stages; f16.
func.func @wg1(%x: !X16, %w: !W16) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !X16 -> tensor<7x130x400xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !W16 -> tensor<7x400x68xf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1], stages = 4, mma_shape = [64, 128, 16]>} : tensor<7x130x400xf16>, tensor<7x400x68xf16> -> tensor<7x130x68xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x130x68xf32> -> !Y
  return %y : !Y
}

// sm_90a, 128x256x64 in two warpgroups of 64 rows, 3 stages; bf16.
func.func @wg2(%x: !XB, %w: !WB) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !XB -> tensor<7x130x400xbf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !WB -> tensor<7x400x68xbf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64], warp_layout = [2, 1], stages = 3, mma_shape = [64, 256, 16]>} : tensor<7x130x400xbf16>, tensor<7x400x68xbf16> -> tensor<7x130x68xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x130x68xf32> -> !Y
  return %y : !Y
}

// sm_90a, 256x128x64 in two warpgroups of 128 rows, 2 stages, 64-wide N
// tiles of the naive scheme; f16.
func.func @wg2_tall(%x: !X16, %w: !W16) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !X16 -> tensor<7x130x400xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !W16 -> tensor<7x400x68xf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_90a", block_tile = [256, 128, 64], warp_layout = [2, 1], stages = 2, mma_shape = [64, 128, 16]>} : tensor<7x130x400xf16>, tensor<7x400x68xf16> -> tensor<7x130x68xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x130x68xf32> -> !Y
  return %y : !Y
}

// sm_80 kernel (runs on sm_90 too), 128x128x32 with 2x2 warps, 4 stages; f16.
func.func @warps(%x: !X16, %w: !W16) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !X16 -> tensor<7x130x400xf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !W16 -> tensor<7x400x68xf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [128, 128, 32], warp_layout = [2, 2], stages = 4, mma_shape = [16, 8, 16]>} : tensor<7x130x400xf16>, tensor<7x400x68xf16> -> tensor<7x130x68xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x130x68xf32> -> !Y
  return %y : !Y
}

// sm_80 kernel, 64x64x32 with 2x2 warps (32x32 warp tiles), 3 stages; bf16.
func.func @warps_small(%x: !XB, %w: !WB) -> !Y {
  %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : !XB -> tensor<7x130x400xbf16>
  %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : !WB -> tensor<7x400x68xbf16>
  %p = stl.hadamard %xe, %we {stl.kernel_config = #stl.kernel_config<chip = "sm_80", block_tile = [64, 64, 32], warp_layout = [2, 2], stages = 3, mma_shape = [16, 8, 16]>} : tensor<7x130x400xbf16>, tensor<7x400x68xbf16> -> tensor<7x130x68xf32>
  %y = stl.decode %p {scheme = #stl.scheme<"strassen">} : tensor<7x130x68xf32> -> !Y
  return %y : !Y
}

func.func @run() {
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %a = call @matrix(%c3, %c5) : (index, index) -> tensor<800x800xf32>
  %b = call @matrix(%c5, %c2) : (index, index) -> tensor<800x800xf32>
  %x32 = tensor.extract_slice %a[0, 0] [260, 800] [1, 1] : tensor<800x800xf32> to tensor<260x800xf32>
  %w32 = tensor.extract_slice %b[0, 0] [800, 136] [1, 1] : tensor<800x800xf32> to tensor<800x136xf32>
  %x16 = arith.truncf %x32 : tensor<260x800xf32> to !X16
  %w16 = arith.truncf %w32 : tensor<800x136xf32> to !W16
  %xb = arith.truncf %x32 : tensor<260x800xf32> to !XB
  %wb = arith.truncf %w32 : tensor<800x136xf32> to !WB
  %y1 = call @wg1(%x16, %w16) : (!X16, !W16) -> !Y
  call @summarize(%y1) : (!Y) -> ()
  %y2 = call @wg2(%xb, %wb) : (!XB, !WB) -> !Y
  call @summarize(%y2) : (!Y) -> ()
  %y3 = call @wg2_tall(%x16, %w16) : (!X16, !W16) -> !Y
  call @summarize(%y3) : (!Y) -> ()
  %y4 = call @warps(%x16, %w16) : (!X16, !W16) -> !Y
  call @summarize(%y4) : (!Y) -> ()
  %y5 = call @warps_small(%xb, %wb) : (!XB, !WB) -> !Y
  call @summarize(%y5) : (!Y) -> ()
  return
}

func.func @main() -> i32 {
  call @run() : () -> ()
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}
