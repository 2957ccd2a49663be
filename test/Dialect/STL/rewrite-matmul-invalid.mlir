// Bad options fail the pass with a message, without crashing.

// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=nosuch 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=truncated-4x4x4-r24 2>&1 | FileCheck %s --check-prefix=APPROX
// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=cp-als-4x4x4-r24 2>&1 | FileCheck %s --check-prefix=CPALS
// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=%S/../../Execution/Inputs/rewrite-malformed-scheme.json 2>&1 | FileCheck %s --check-prefix=MALFORMED
// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=%t.does-not-exist.json 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: echo '{"name": "x", "m": 2,' > %t.truncated.json
// RUN: not stl-opt %s --stl-rewrite-matmul=scheme=%t.truncated.json 2>&1 | FileCheck %s --check-prefix=NOTJSON

// UNKNOWN: error: stl-rewrite-matmul: cannot use scheme 'nosuch': unknown scheme 'nosuch'
// APPROX: error: stl-rewrite-matmul: scheme 'truncated-4x4x4-r24' is approximate (relative error 0.79); it changes results and mixes rows within a tile; pass allow-approximate=true to use it anyway
// CPALS: error: stl-rewrite-matmul: scheme 'cp-als-4x4x4-r24' is approximate (relative error {{0\.[0-9]+}}); it changes results and mixes rows within a tile; pass allow-approximate=true to use it anyway
// MALFORMED: error: stl-rewrite-matmul: cannot use scheme '{{.*}}rewrite-malformed-scheme.json': {{.*}}rewrite-malformed-scheme.json: field 'v'
// MISSING: error: stl-rewrite-matmul: cannot use scheme '{{.*}}.does-not-exist.json': cannot read scheme file
// NOTJSON: error: stl-rewrite-matmul: cannot use scheme '{{.*}}.truncated.json': {{.*}}invalid JSON

// Nothing is rewritten when the pass fails.
// UNKNOWN-NOT: stl.matmul
// APPROX-NOT: stl.matmul
func.func @product(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
