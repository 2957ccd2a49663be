// The stock mlir-opt, with the plugin, runs the rewrite and the CPU pipeline;
// the program prints the numbers of the unrewritten one (exactly: the
// entries are small integers).

// DEFINE: %{plugin} = --load-dialect-plugin=%stl_plugin --load-pass-plugin=%stl_plugin
// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils
// RUN: %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-cpu-pipeline)' | %{exec} | FileCheck %s
// RUN: %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-rewrite-matmul{scheme=strassen},stl-cpu-pipeline)' | %{exec} | FileCheck %s
// RUN: %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-rewrite-matmul{scheme=laderman},stl-cpu-pipeline{fold-constant-encodings=false})' | %{exec} | FileCheck %s
// The same as a transform script.
// RUN: %mlir_opt %{plugin} %s --transform-preload-library=transform-library-paths=%p/Inputs/rewrite-and-lower.mlir --transform-interpreter | %{exec} | FileCheck %s

// The rewrite happened (the numbers alone would not show it).
// RUN: %mlir_opt %{plugin} %s --pass-pipeline='builtin.module(stl-rewrite-matmul)' | FileCheck %s --check-prefix=IR
// IR: stl.matmul

func.func private @printMemrefF32(tensor<*xf32>)

// A rows x cols matrix with entries ((i * p + j * q) mod 7) - 3.
func.func @matrix(%p: index, %q: index) -> tensor<6x6xf32> {
  %e = tensor.empty() : tensor<6x6xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<6x6xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %sum = arith.addi %ip, %jq : index
    %c7 = arith.constant 7 : index
    %mod = arith.remui %sum, %c7 : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %c3 = arith.constant 3.0 : f32
    %v = arith.subf %f, %c3 : f32
    linalg.yield %v : f32
  } -> tensor<6x6xf32>
  return %0 : tensor<6x6xf32>
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %a = call @matrix(%c2, %c3) : (index, index) -> tensor<6x6xf32>
  %b = call @matrix(%c5, %c1) : (index, index) -> tensor<6x6xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x6xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<6x6xf32>) -> tensor<6x6xf32>
  %r = linalg.matmul ins(%a, %b : tensor<6x6xf32>, tensor<6x6xf32>)
                     outs(%c : tensor<6x6xf32>) -> tensor<6x6xf32>
  %u = tensor.cast %r : tensor<6x6xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [6, 6] strides = [6, 1] data =
// CHECK-NEXT: [15,   0,   -1,   12,   -10,   -11],
// CHECK-NEXT:  [-4,   14,   -3,   -6,   5,   2],
// CHECK-NEXT:  [-16,   -7,   16,   4,   6,   8],
// CHECK-NEXT:  [-7,   -14,   -7,   14,   0,   0],
// CHECK-NEXT:  [16,   -7,   -16,   -11,   8,   6],
// CHECK-NEXT:  [-3,   14,   -4,   -8,   2,   5]]
