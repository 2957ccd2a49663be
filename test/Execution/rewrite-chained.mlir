// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Chained products: the rewritten program prints exactly the numbers of the
// unrewritten one.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=winograd force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=laderman force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s

// RUN: stl-opt %s --stl-rewrite-matmul=force=true | FileCheck %s --check-prefix=IR
// IR-LABEL: func.func @chain
// IR: %[[T:.*]] = stl.matmul
// IR: %[[S:.*]] = tensor.extract_slice %[[T]]
// IR: linalg.generic {{.*}} ins(%[[S]] : tensor<6x7xf32>)
// IR: stl.matmul
// IR-NOT: linalg.matmul

func.func private @printMemrefF32(tensor<*xf32>)

// An m x n matrix with entries ((i * p + j * q) mod r) - s: small integers,
// so every product is exact in f32 and any changed number shows.
func.func @matrix(%m: index, %n: index, %p: index, %q: index, %r: index, %s: f32) -> tensor<?x?xf32> {
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ip = arith.muli %i, %p : index
    %jq = arith.muli %j, %q : index
    %sum = arith.addi %ip, %jq : index
    %mod = arith.remui %sum, %r : index
    %int = arith.index_cast %mod : index to i64
    %f = arith.sitofp %int : i64 to f32
    %v = arith.subf %f, %s : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

// Two products with an elementwise op between them (a shifted ReLU):
// Y = max(A * B, -2) * D + C. The second product consumes the sliced result
// of the first.
func.func @chain(%a: tensor<6x5xf32>, %b: tensor<5x7xf32>, %d: tensor<7x4xf32>, %c: tensor<6x4xf32>) -> tensor<6x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6x7xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<6x7xf32>) -> tensor<6x7xf32>
  %t = linalg.matmul ins(%a, %b : tensor<6x5xf32>, tensor<5x7xf32>) outs(%z : tensor<6x7xf32>) -> tensor<6x7xf32>
  %e2 = tensor.empty() : tensor<6x7xf32>
  %u = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<6x7xf32>) outs(%e2 : tensor<6x7xf32>) {
  ^bb0(%x: f32, %out: f32):
    %floor = arith.constant -2.0 : f32
    %y = arith.maximumf %x, %floor : f32
    linalg.yield %y : f32
  } -> tensor<6x7xf32>
  %0 = linalg.matmul ins(%u, %d : tensor<6x7xf32>, tensor<7x4xf32>) outs(%c : tensor<6x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

func.func @main() {
  %i2 = arith.constant 2 : index
  %i3 = arith.constant 3 : index
  %i4 = arith.constant 4 : index
  %i5 = arith.constant 5 : index
  %i6 = arith.constant 6 : index
  %i7 = arith.constant 7 : index
  %i11 = arith.constant 11 : index
  %f2 = arith.constant 2.0 : f32
  %f3 = arith.constant 3.0 : f32
  %f5 = arith.constant 5.0 : f32
  %a_d = call @matrix(%i6, %i5, %i7, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %a = tensor.cast %a_d : tensor<?x?xf32> to tensor<6x5xf32>
  %b_d = call @matrix(%i5, %i7, %i5, %i2, %i7, %f3) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %b = tensor.cast %b_d : tensor<?x?xf32> to tensor<5x7xf32>
  %d_d = call @matrix(%i7, %i4, %i2, %i3, %i5, %f2) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %d = tensor.cast %d_d : tensor<?x?xf32> to tensor<7x4xf32>
  %c_d = call @matrix(%i6, %i4, %i3, %i5, %i11, %f5) : (index, index, index, index, index, f32) -> tensor<?x?xf32>
  %c = tensor.cast %c_d : tensor<?x?xf32> to tensor<6x4xf32>
  %r1 = call @chain(%a, %b, %d, %c) : (tensor<6x5xf32>, tensor<5x7xf32>, tensor<7x4xf32>, tensor<6x4xf32>) -> tensor<6x4xf32>
  %r1_d = tensor.cast %r1 : tensor<6x4xf32> to tensor<?x?xf32>
  call @print(%r1_d) : (tensor<?x?xf32>) -> ()
  return
}

// CHECK: rank = 2 offset = 0 sizes = [6, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[5,   -10,   5,   9],
// CHECK-NEXT: [-28,   17,   -9,   6],
// CHECK-NEXT: [24,   -17,   -12,   -7],
// CHECK-NEXT: [-24,   25,   5,   9],
// CHECK-NEXT: [-19,   -14,   5,   10],
// CHECK-NEXT: [9,   -6,   -2,   13]]
