// Upstream tiling and fusion on STL: the rewritten product is decomposed,
// its stl.decode tiled with transform.structured.fuse (3 x 2 scheme tiles,
// so the last row of tiles is partial) and the Hadamard product and both
// encodings fused into the loops. The program prints the numbers of the
// untiled one, and of the plain linalg.matmul (exactly: small integers).

// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils
// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/tile-fuse.mlir \
// RUN:   --transform-interpreter --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/tile-and-fuse-into.mlir \
// RUN:   --transform-interpreter --stl-cpu-pipeline | %{exec} | FileCheck %s

// The tiled program: all three stages inside the loop nest.
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/tile-fuse.mlir \
// RUN:   --transform-interpreter --canonicalize | FileCheck %s --check-prefix=IR
// IR-LABEL: func @main
//       IR:   scf.for
//       IR:     scf.for
//       IR:       stl.encode lhs {{.*}} : tensor<?x12xf32> -> tensor<7x?x6xf32>
//       IR:       stl.encode rhs {{.*}} : tensor<12x4xf32> -> tensor<7x6x2xf32>
//       IR:       stl.hadamard {{.*}} -> tensor<7x?x2xf32>
//       IR:       stl.decode {{.*}} -> tensor<?x4xf32>
//       IR:       tensor.insert_slice

func.func private @printMemrefF32(tensor<*xf32>)

// A rows x cols matrix with entries ((i * p + j * q) mod 7) - 3.
func.func @matrix(%rows: index, %cols: index, %p: index, %q: index) -> tensor<?x?xf32> {
  %e = tensor.empty(%rows, %cols) : tensor<?x?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf32>) {
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
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c8 = arith.constant 8 : index
  %c12 = arith.constant 12 : index
  %a0 = call @matrix(%c8, %c12, %c2, %c3) : (index, index, index, index) -> tensor<?x?xf32>
  %b0 = call @matrix(%c12, %c8, %c5, %c1) : (index, index, index, index) -> tensor<?x?xf32>
  %a = tensor.cast %a0 : tensor<?x?xf32> to tensor<8x12xf32>
  %b = tensor.cast %b0 : tensor<?x?xf32> to tensor<12x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x8xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<8x8xf32>) -> tensor<8x8xf32>
  %r = linalg.matmul ins(%a, %b : tensor<8x12xf32>, tensor<12x8xf32>)
                     outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  %u = tensor.cast %r : tensor<8x8xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = [8, 1] data =
// CHECK-NEXT: [31,   4,   5,   20,   -21,   -27,   -12,   31],
// CHECK-NEXT:  [-11,   28,   -3,   -6,   19,   -5,   -22,   -11],
// CHECK-NEXT:  [-32,   -18,   24,   10,   10,   24,   -18,   -32],
// CHECK-NEXT:  [-11,   -22,   -5,   19,   -6,   -3,   28,   -11],
// CHECK-NEXT:  [31,   -12,   -27,   -21,   20,   5,   4,   31],
// CHECK-NEXT:  [-4,   26,   -14,   -19,   -3,   20,   -6,   -4],
// CHECK-NEXT:  [-4,   -6,   20,   -3,   -19,   -14,   26,   -4],
// CHECK-NEXT:  [31,   4,   5,   20,   -21,   -27,   -12,   31]]

// The step-by-step script fuses as well.
// RUN: stl-opt %s --transform-preload-library=transform-library-paths=%p/Inputs/tile-and-fuse-into.mlir \
// RUN:   --transform-interpreter --canonicalize | FileCheck %s --check-prefix=INTO
// INTO-LABEL: func @main
//       INTO:   scf.for
//       INTO:     scf.for
//       INTO:       stl.encode lhs {{.*}} : tensor<4x12xf32> -> tensor<7x2x6xf32>
//       INTO:       stl.encode rhs {{.*}} : tensor<12x2xf32> -> tensor<7x6x1xf32>
//       INTO:       stl.hadamard {{.*}} -> tensor<7x2x1xf32>
//       INTO:       stl.decode {{.*}} -> tensor<4x2xf32>
