// RUN: stl-opt %s --stl-rewrite-matmul=scheme=auto --stl-report -o /dev/null 2>/dev/null | FileCheck %s --check-prefix=AUTO
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=auto target=sm_90a" --stl-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM90
// RUN: stl-opt %s --stl-rewrite-matmul="scheme=hopcroft-kerr,laderman" --stl-decompose --stl-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=LIST
// RUN: not stl-opt %s --stl-rewrite-matmul="scheme=auto target=sm_70" -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not stl-opt %s --stl-rewrite-matmul="scheme=strassen,cp-als-4x4x4-r24" -o /dev/null 2>&1 | FileCheck %s --check-prefix=APPROX

// scheme=auto: per product, the exact library scheme or Kronecker product of
// two with the lowest cost (multiplies after padding without a target); a
// product no candidate improves is left alone.

// AUTO: STL report: 5 product(s)
// Square 64^3: 8x8x8 tiles (strassen (x) the rational <4,4,4;48>, 336
// products) divide it and have the best ratio, 512/336.
// AUTO-DAG: @square strassen*dps-4x4x4-r48 <8,8,8;336> 64x64x64: multiplies 262144 -> 172032 (x1.524)
// AUTO-DAG: chose 'strassen*dps-4x4x4-r48' among {{[0-9]+}} candidates: 172032 multiplies against 262144 multiplies as written
// Tall 96x6x6: the operands are swapped so that a <6,6,8> tile fits.
// AUTO-DAG: @tall strassen*perminov-3x3x4-r29 <6,6,8;203> 6x6x96: multiplies 3456 -> 2436 (x1.419)
// AUTO-DAG: chose 'strassen*perminov-3x3x4-r29' with the operands swapped
// Wide 4x4x99: <4,4,4;48> pads N to 100 and still saves.
// AUTO-DAG: @wide dps-4x4x4-r48 <4,4,4;48> 4x4x99: multiplies 1584 -> 1200 (x1.320)
// Odd 7x5x9: most tiles pad it into a loss; <4,5,5;76> still saves.
// AUTO-DAG: @odd perminov-4x5x5-r76 <4,5,5;76> 7x5x9: multiplies 315 -> 304 (x1.036)
// AUTO-DAG: @swap alphaevolve-2x4x5-r32 <2,4,5;32> 6x4x9: multiplies 216 -> 192 (x1.125)

// The CPU cost model: rewrite-matmul-auto-cpu.mlir.

// On sm_90a unfused encode/decode traffic costs more than the TensorCore
// time the exact schemes save, at these sizes as at 8192^3
// (docs/CostModel.md): nothing is rewritten.
// SM90-COUNT-4: remark: not rewritten to STL: no candidate pays off: {{.*}} as written on sm_90a
// SM90: STL report: 0 product(s)

// A list: hopcroft-kerr <2,2,3> on 9x4x6 only saves with the operands
// swapped (C^T = B^T A^T: 6x4x9, 11 * 3*2*3 = 198 < 216); the choice is kept
// through --stl-decompose.
// LIST-DAG: @swap hopcroft-kerr <2,2,3;11> 6x4x9: multiplies 216 -> 198
// LIST-DAG: chose 'hopcroft-kerr' with the operands swapped among 2 candidates: 198 multiplies against 216 multiplies as written, next best 'laderman'

// BAD: for the --target option: Cannot find option named 'sm_70'!
// APPROX: scheme 'cp-als-4x4x4-r24' is approximate

func.func @square(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
func.func @tall(%a: tensor<96x6xf32>, %b: tensor<6x6xf32>, %c: tensor<96x6xf32>) -> tensor<96x6xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<96x6xf32>, tensor<6x6xf32>) outs(%c : tensor<96x6xf32>) -> tensor<96x6xf32>
  return %0 : tensor<96x6xf32>
}
func.func @wide(%a: tensor<4x4xf32>, %b: tensor<4x99xf32>, %c: tensor<4x99xf32>) -> tensor<4x99xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x99xf32>) outs(%c : tensor<4x99xf32>) -> tensor<4x99xf32>
  return %0 : tensor<4x99xf32>
}
func.func @odd(%a: tensor<7x5xf32>, %b: tensor<5x9xf32>, %c: tensor<7x9xf32>) -> tensor<7x9xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<7x5xf32>, tensor<5x9xf32>) outs(%c : tensor<7x9xf32>) -> tensor<7x9xf32>
  return %0 : tensor<7x9xf32>
}
func.func @swap(%a: tensor<9x4xf32>, %b: tensor<4x6xf32>, %c: tensor<9x6xf32>) -> tensor<9x6xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<9x4xf32>, tensor<4x6xf32>) outs(%c : tensor<9x6xf32>) -> tensor<9x6xf32>
  return %0 : tensor<9x6xf32>
}
