// The tile of the chosen scheme decides the padding; library names, files
// and approximate schemes (with the flag).

// RUN: stl-opt %s --stl-rewrite-matmul="scheme=laderman force=true" | FileCheck %s --check-prefix=LADERMAN
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr force=true" | FileCheck %s --check-prefix=HK
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=naive-2x3x4 force=true" | FileCheck %s --check-prefix=NAIVE
// RUN: stl-opt %s --stl-rewrite-matmul="force=true scheme=truncated-4x4x4-r24 allow-approximate=true" | FileCheck %s --check-prefix=APPROX
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=%S/../../Execution/Inputs/rewrite-strassen-halved.json force=true" 2>/dev/null | FileCheck %s --check-prefix=HALVED
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=%S/../../Execution/Inputs/rewrite-strassen-halved.json force=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=HALVED-REMARK
// RUN: stl-opt %s --stl-rewrite-matmul="force=true scheme=cp-als-4x4x4-r24 allow-approximate=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=CPALS-REMARK

// 8x9 * 9x8 with a 3x3x3 tile: M 8 -> 9, N 8 -> 9, K stays.
// LADERMAN-LABEL: func @product
//       LADERMAN:   tensor.pad %{{.*}} low[0, 0] high[1, 0]
//       LADERMAN:   } : tensor<8x9xf32> to tensor<9x9xf32>
//       LADERMAN:   tensor.pad %{{.*}} low[0, 0] high[0, 1]
//       LADERMAN:   } : tensor<9x8xf32> to tensor<9x9xf32>
//       LADERMAN:   } : tensor<8x8xf32> to tensor<9x9xf32>
//       LADERMAN:   stl.matmul {{.*}} {scheme = #stl.scheme<"laderman">} : tensor<9x9xf32>, tensor<9x9xf32>, tensor<9x9xf32> -> tensor<9x9xf32>
//       LADERMAN:   tensor.extract_slice %{{.*}}[0, 0] [8, 8] [1, 1] : tensor<9x9xf32> to tensor<8x8xf32>

// <2,2,3>: K 9 -> 10, N 8 -> 9; M divides.
// HK-LABEL: func @product
//       HK:   } : tensor<8x9xf32> to tensor<8x10xf32>
//       HK:   } : tensor<9x8xf32> to tensor<10x9xf32>
//       HK:   } : tensor<8x8xf32> to tensor<8x9xf32>
//       HK:   stl.matmul {{.*}} {scheme = #stl.scheme<"hopcroft-kerr">} : tensor<8x10xf32>, tensor<10x9xf32>, tensor<8x9xf32> -> tensor<8x9xf32>
//       HK:   tensor.extract_slice %{{.*}}[0, 0] [8, 8] [1, 1] : tensor<8x9xf32> to tensor<8x8xf32>

// <2,3,4>: M = 8, K = 9 and N = 8 all divide: no padding.
// NAIVE-LABEL: func @product
//   NAIVE-NOT:   tensor.pad
//       NAIVE:   stl.matmul {{.*}} {scheme = #stl.scheme<"naive-2x3x4">} : tensor<8x9xf32>, tensor<9x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>
//   NAIVE-NOT:   tensor.extract_slice

// APPROX-LABEL: func @product
//       APPROX:   stl.matmul {{.*}} {scheme = #stl.scheme<"truncated-4x4x4-r24">} : tensor<8x12xf32>, tensor<12x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>

// A scheme outside the library prints in full.
// HALVED-LABEL: func @product
//       HALVED:   stl.matmul {{.*}} {scheme = #stl.scheme<"strassen-halved", tile = [2, 2, 2], rank = 7, u = [0.5, 0, 0, 0.5,
func.func @product(%a: tensor<8x9xf32>, %b: tensor<9x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x9xf32>, tensor<9x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// Integers need integer coefficients: those of strassen-halved and of the
// CP-ALS fit are fractional.
// LADERMAN-LABEL: func @integer
//       LADERMAN:   stl.matmul {{.*}} : tensor<9x9xi32>, tensor<9x9xi32>, tensor<9x9xi32> -> tensor<9x9xi32>
// HALVED-LABEL: func @integer
//       HALVED:   linalg.matmul
//   HALVED-NOT:   stl.matmul
// HALVED-REMARK: rewrite-matmul-schemes.mlir:[[# @LINE + 3]]:8: remark: not rewritten to STL: integer element type i32 needs a scheme with integer coefficients; scheme 'strassen-halved' has fractional ones
// CPALS-REMARK: rewrite-matmul-schemes.mlir:[[# @LINE + 2]]:8: remark: not rewritten to STL: integer element type i32 needs a scheme with integer coefficients; scheme 'cp-als-4x4x4-r24' has fractional ones
func.func @integer(%a: tensor<8x8xi32>, %b: tensor<8x8xi32>, %c: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xi32>, tensor<8x8xi32>) outs(%c : tensor<8x8xi32>) -> tensor<8x8xi32>
  return %0 : tensor<8x8xi32>
}
