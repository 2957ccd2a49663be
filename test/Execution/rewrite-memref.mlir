// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Products on memrefs (the result is written back into the output buffer,
// accumulating into what it held): the rewritten program prints exactly the
// numbers of the unrewritten one.

// RUN: stl-opt %s --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=laderman force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr force=true" --stl-cpu-pipeline | %{exec} | FileCheck %s

// RUN: stl-opt %s --stl-rewrite-matmul=force=true | FileCheck %s --check-prefix=IR
// IR-COUNT-8: bufferization.materialize_in_destination
// IR-NOT: linalg.matmul
// IR-NOT: linalg.batch_matmul

func.func private @printMemrefF32(memref<*xf32>)

// m[i, j] = ((i * p + j * q) mod r) - s, in place.
func.func @fill(%m: memref<?x?xf32>, %p: index, %q: index, %r: index, %s: f32) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      outs(%m : memref<?x?xf32>) {
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
  }
  return
}

func.func @print(%m: memref<?x?xf32>) {
  %u = memref.cast %m : memref<?x?xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

// C += A * B, static and not divisible by any tile.
func.func @static(%a: memref<5x7xf32>, %b: memref<7x4xf32>, %c: memref<5x4xf32>) {
  linalg.matmul ins(%a, %b : memref<5x7xf32>, memref<7x4xf32>) outs(%c : memref<5x4xf32>)
  return
}

// C += A * A with dynamic shapes (one buffer read as both operands).
func.func @square(%a: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.matmul ins(%a, %a : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// Operands that are windows of larger buffers (strided layouts).
func.func @strided(%a: memref<5x7xf32, strided<[?, 1], offset: ?>>, %b: memref<7x6xf32, strided<[?, 1], offset: ?>>,
                   %c: memref<5x6xf32, strided<[?, 1], offset: ?>>) {
  linalg.matmul ins(%a, %b : memref<5x7xf32, strided<[?, 1], offset: ?>>, memref<7x6xf32, strided<[?, 1], offset: ?>>)
                outs(%c : memref<5x6xf32, strided<[?, 1], offset: ?>>)
  return
}

// A batched product as a generic, with B^T.
func.func @batched(%a: memref<2x3x5xf32>, %b: memref<2x4x5xf32>, %c: memref<2x3x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
    ins(%a, %b : memref<2x3x5xf32>, memref<2x4x5xf32>) outs(%c : memref<2x3x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// Several products in one function: the second reads the buffer the first
// wrote, the third shares an operand buffer with the first.
func.func @sequence(%a: memref<6x6xf32>, %b: memref<6x6xf32>, %c: memref<6x6xf32>, %e: memref<6x6xf32>, %f: memref<6x6xf32>) {
  linalg.matmul ins(%a, %b : memref<6x6xf32>, memref<6x6xf32>) outs(%c : memref<6x6xf32>)
  linalg.matmul ins(%c, %b : memref<6x6xf32>, memref<6x6xf32>) outs(%e : memref<6x6xf32>)
  linalg.matmul ins(%a, %e : memref<6x6xf32>, memref<6x6xf32>) outs(%f : memref<6x6xf32>)
  linalg.matmul ins(%a, %b : memref<6x6xf32>, memref<6x6xf32>) outs(%c : memref<6x6xf32>)
  return
}

func.func @main() {
  %q1 = arith.constant 1 : index
  %q2 = arith.constant 2 : index
  %q3 = arith.constant 3 : index
  %q5 = arith.constant 5 : index
  %q7 = arith.constant 7 : index
  %g1 = arith.constant 1.0 : f32
  %g2 = arith.constant 2.0 : f32
  %g3 = arith.constant 3.0 : f32
  %sa = memref.alloc() : memref<6x6xf32>
  %sb = memref.alloc() : memref<6x6xf32>
  %sc = memref.alloc() : memref<6x6xf32>
  %se = memref.alloc() : memref<6x6xf32>
  %sf = memref.alloc() : memref<6x6xf32>
  %sad = memref.cast %sa : memref<6x6xf32> to memref<?x?xf32>
  %sbd = memref.cast %sb : memref<6x6xf32> to memref<?x?xf32>
  %scd = memref.cast %sc : memref<6x6xf32> to memref<?x?xf32>
  %sed = memref.cast %se : memref<6x6xf32> to memref<?x?xf32>
  %sfd = memref.cast %sf : memref<6x6xf32> to memref<?x?xf32>
  call @fill(%sad, %q7, %q3, %q5, %g2) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%sbd, %q5, %q2, %q7, %g3) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%scd, %q3, %q1, %q5, %g1) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%sed, %q2, %q1, %q3, %g1) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%sfd, %q1, %q3, %q7, %g2) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @sequence(%sa, %sb, %sc, %se, %sf) : (memref<6x6xf32>, memref<6x6xf32>, memref<6x6xf32>, memref<6x6xf32>, memref<6x6xf32>) -> ()
  call @print(%scd) : (memref<?x?xf32>) -> ()
  call @print(%sed) : (memref<?x?xf32>) -> ()
  call @print(%sfd) : (memref<?x?xf32>) -> ()

  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c11 = arith.constant 11 : index
  %f1 = arith.constant 1.0 : f32
  %f2 = arith.constant 2.0 : f32
  %f3 = arith.constant 3.0 : f32

  %a = memref.alloc() : memref<5x7xf32>
  %b = memref.alloc() : memref<7x4xf32>
  %c = memref.alloc() : memref<5x4xf32>
  %ad = memref.cast %a : memref<5x7xf32> to memref<?x?xf32>
  %bd = memref.cast %b : memref<7x4xf32> to memref<?x?xf32>
  %cd = memref.cast %c : memref<5x4xf32> to memref<?x?xf32>
  call @fill(%ad, %c7, %c3, %c5, %f2) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%bd, %c5, %c2, %c7, %f3) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%cd, %c3, %c5, %c11, %f1) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @static(%a, %b, %c) : (memref<5x7xf32>, memref<7x4xf32>, memref<5x4xf32>) -> ()
  call @print(%cd) : (memref<?x?xf32>) -> ()
  // Twice into the same buffer: the second product reads the first's result.
  call @static(%a, %b, %c) : (memref<5x7xf32>, memref<7x4xf32>, memref<5x4xf32>) -> ()
  call @print(%cd) : (memref<?x?xf32>) -> ()

  %s = memref.alloc(%c7, %c7) : memref<?x?xf32>
  %t = memref.alloc(%c7, %c7) : memref<?x?xf32>
  call @fill(%s, %c2, %c3, %c5, %f2) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%t, %c1, %c1, %c3, %f1) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @square(%s, %t) : (memref<?x?xf32>, memref<?x?xf32>) -> ()
  call @print(%t) : (memref<?x?xf32>) -> ()

  // Windows of a 9 x 11 buffer.
  %big = memref.alloc() : memref<9x11xf32>
  %bigd = memref.cast %big : memref<9x11xf32> to memref<?x?xf32>
  call @fill(%bigd, %c3, %c7, %c11, %f3) : (memref<?x?xf32>, index, index, index, f32) -> ()
  %wa = memref.subview %big[1, 2] [5, 7] [1, 1] : memref<9x11xf32> to memref<5x7xf32, strided<[11, 1], offset: 13>>
  %wb = memref.subview %big[2, 4] [7, 6] [1, 1] : memref<9x11xf32> to memref<7x6xf32, strided<[11, 1], offset: 26>>
  %out = memref.alloc() : memref<8x8xf32>
  %outd = memref.cast %out : memref<8x8xf32> to memref<?x?xf32>
  call @fill(%outd, %c1, %c2, %c5, %f2) : (memref<?x?xf32>, index, index, index, f32) -> ()
  %wc = memref.subview %out[2, 1] [5, 6] [1, 1] : memref<8x8xf32> to memref<5x6xf32, strided<[8, 1], offset: 17>>
  %wa2 = memref.cast %wa : memref<5x7xf32, strided<[11, 1], offset: 13>> to memref<5x7xf32, strided<[?, 1], offset: ?>>
  %wb2 = memref.cast %wb : memref<7x6xf32, strided<[11, 1], offset: 26>> to memref<7x6xf32, strided<[?, 1], offset: ?>>
  %wc2 = memref.cast %wc : memref<5x6xf32, strided<[8, 1], offset: 17>> to memref<5x6xf32, strided<[?, 1], offset: ?>>
  call @strided(%wa2, %wb2, %wc2) : (memref<5x7xf32, strided<[?, 1], offset: ?>>, memref<7x6xf32, strided<[?, 1], offset: ?>>, memref<5x6xf32, strided<[?, 1], offset: ?>>) -> ()
  // The whole 8 x 8 buffer: only the window changed.
  call @print(%outd) : (memref<?x?xf32>) -> ()

  %ba = memref.alloc() : memref<2x3x5xf32>
  %bb = memref.alloc() : memref<2x4x5xf32>
  %bc = memref.alloc() : memref<2x3x4xf32>
  %bad = memref.collapse_shape %ba [[0, 1], [2]] : memref<2x3x5xf32> into memref<6x5xf32>
  %bbd = memref.collapse_shape %bb [[0, 1], [2]] : memref<2x4x5xf32> into memref<8x5xf32>
  %bcd = memref.collapse_shape %bc [[0, 1], [2]] : memref<2x3x4xf32> into memref<6x4xf32>
  %bad2 = memref.cast %bad : memref<6x5xf32> to memref<?x?xf32>
  %bbd2 = memref.cast %bbd : memref<8x5xf32> to memref<?x?xf32>
  %bcd2 = memref.cast %bcd : memref<6x4xf32> to memref<?x?xf32>
  call @fill(%bad2, %c3, %c2, %c7, %f3) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%bbd2, %c2, %c3, %c5, %f2) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @fill(%bcd2, %c1, %c1, %c3, %f1) : (memref<?x?xf32>, index, index, index, f32) -> ()
  call @batched(%ba, %bb, %bc) : (memref<2x3x5xf32>, memref<2x4x5xf32>, memref<2x3x4xf32>) -> ()
  call @print(%bcd2) : (memref<?x?xf32>) -> ()

  return
}

// CHECK: rank = 2 offset = 0 sizes = [6, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[3,   -18,   17,   -18,   3,   5],
// CHECK-NEXT: [10,   11,   -7,   8,   -19,   10],
// CHECK-NEXT: [-18,   5,   14,   9,   -1,   -20],
// CHECK-NEXT: [29,   -21,   -10,   15,   12,   -5],
// CHECK-NEXT: [-19,   28,   -9,   -9,   10,   15],
// CHECK-NEXT: [3,   -18,   17,   -18,   3,   5]]
// CHECK: rank = 2 offset = 0 sizes = [6, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[5,   44,   -36,   14,   -17,   29],
// CHECK-NEXT: [-32,   0,   7,   0,   39,   -31],
// CHECK-NEXT: [8,   -11,   -5,   -52,   13,   54],
// CHECK-NEXT: [-67,   -10,   61,   31,   -101,   12],
// CHECK-NEXT: [91,   -29,   -41,   17,   65,   -73],
// CHECK-NEXT: [6,   45,   -38,   15,   -16,   27]]
// CHECK: rank = 2 offset = 0 sizes = [6, 6] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-198,   -186,   286,   56,   -107,   -174],
// CHECK-NEXT: [320,   -57,   -164,   -48,   170,   -42],
// CHECK-NEXT: [-152,   222,   -37,   178,   -260,   90],
// CHECK-NEXT: [151,   -94,   -75,   -71,   377,   -213],
// CHECK-NEXT: [-121,   123,   -8,   -105,   -176,   344],
// CHECK-NEXT: [-193,   -188,   284,   54,   -109,   -169]]
// CHECK: rank = 2 offset = 0 sizes = [5, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[0,   -4,   20,   -9],
// CHECK-NEXT: [8,   9,   -8,   14],
// CHECK-NEXT: [-4,   1,   10,   12],
// CHECK-NEXT: [19,   -6,   8,   4],
// CHECK-NEXT: [-9,   17,   -10,   2]]
// CHECK: rank = 2 offset = 0 sizes = [5, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[1,   -12,   31,   -21],
// CHECK-NEXT: [14,   11,   -17,   22],
// CHECK-NEXT: [-13,   3,   16,   15],
// CHECK-NEXT: [30,   -14,   9,   7],
// CHECK-NEXT: [-18,   29,   -19,   0]]
// CHECK: rank = 2 offset = 0 sizes = [7, 7] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[3,   -4,   9,   -16,   7,   5,   -5],
// CHECK-NEXT: [5,   5,   -3,   7,   -13,   4,   4],
// CHECK-NEXT: [-13,   6,   -2,   5,   4,   -14,   8],
// CHECK-NEXT: [6,   -15,   9,   -5,   4,   8,   -16],
// CHECK-NEXT: [-2,   9,   -13,   8,   -1,   -3,   8],
// CHECK-NEXT: [5,   -5,   8,   -14,   6,   4,   -3],
// CHECK-NEXT: [4,   4,   -1,   6,   -14,   6,   3]]
// CHECK: rank = 2 offset = 0 sizes = [8, 8] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[-2,   0,   2,   -1,   1,   -2,   0,   2],
// CHECK-NEXT: [-1,   1,   -2,   0,   2,   -1,   1,   -2],
// CHECK-NEXT: [0,   50,   2,   58,   32,   -22,   56,   -1],
// CHECK-NEXT: [1,   28,   55,   -28,   16,   65,   -1,   0],
// CHECK-NEXT: [2,   22,   -2,   13,   11,   42,   79,   1],
// CHECK-NEXT: [-2,   5,   51,   48,   -5,   3,   27,   2],
// CHECK-NEXT: [-1,   65,   11,   72,   45,   -9,   74,   -2],
// CHECK-NEXT: [0,   2,   -1,   1,   -2,   0,   2,   -1]]
// CHECK: rank = 2 offset = 0 sizes = [6, 4] strides = {{.*}} data =
// CHECK-NEXT: {{\[}}[9,   -4,   -2,   -8],
// CHECK-NEXT: [3,   -3,   3,   7],
// CHECK-NEXT: [-3,   -5,   11,   -13],
// CHECK-NEXT: [3,   -4,   4,   -11],
// CHECK-NEXT: [-3,   -3,   9,   4],
// CHECK-NEXT: [5,   -5,   3,   -9]]
