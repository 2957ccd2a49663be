// RUN: stl-opt %s --stl-rewrite-matmul=scheme=strassen -split-input-file -verify-diagnostics | FileCheck %s
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen min-saving=10" -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=MIN
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=strassen force=true" -split-input-file 2>&1 | FileCheck %s --check-prefix=FORCE

// A product is rewritten only if the scheme saves multiplies once the
// operands are padded to the tile; the remark gives both counts.

// 7x5x9 padded to 8x6x10: 7 * 4*3*5 = 420 multiplies against 315.
// CHECK-LABEL: func @odd
//       CHECK:   linalg.matmul
//   CHECK-NOT:   stl.matmul
// FORCE-LABEL: func @odd
//       FORCE:   stl.matmul
func.func @odd(%x: tensor<7x5xf32>, %w: tensor<5x9xf32>, %c: tensor<7x9xf32>) -> tensor<7x9xf32> {
  // expected-remark @below {{not rewritten to STL: not profitable: 7x5x9 takes 315 multiplies, scheme 'strassen' <2,2,2;7> takes 420 after padding; force=true rewrites it anyway}}
  %0 = linalg.matmul ins(%x, %w : tensor<7x5xf32>, tensor<5x9xf32>) outs(%c : tensor<7x9xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}

// -----

// 16x15x16 padded to 16x16x16: 7 * 8*8*8 = 3584 against 3840 (6.7% saved):
// rewritten by default, not with min-saving=10.
// CHECK-LABEL: func @nearly
//       CHECK:   stl.matmul
// MIN: not rewritten to STL: not profitable: 16x15x16 takes 3840 multiplies, scheme 'strassen' <2,2,2;7> takes 3584 after padding (min-saving is 10%)
func.func @nearly(%x: tensor<16x15xf32>, %w: tensor<15x16xf32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %0 = linalg.matmul ins(%x, %w : tensor<16x15xf32>, tensor<15x16xf32>) outs(%c : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}

// -----

// Batched: the batch multiplies both counts. 4 x 3x3x3 padded to 4x4x4:
// 4 * 7*2*2*2 = 224 against 4*27 = 108.
func.func @batched(%x: tensor<4x3x3xf32>, %w: tensor<4x3x3xf32>, %c: tensor<4x3x3xf32>) -> tensor<4x3x3xf32> {
  // expected-remark @below {{not profitable: 3x3x3 (batch 4) takes 108 multiplies, scheme 'strassen' <2,2,2;7> takes 224 after padding}}
  %0 = linalg.batch_matmul ins(%x, %w : tensor<4x3x3xf32>, tensor<4x3x3xf32>) outs(%c : tensor<4x3x3xf32>) -> tensor<4x3x3xf32>
  return %0 : tensor<4x3x3xf32>
}
