// encoding-type=auto (the default) resolves per product: scaled f16 for a
// 16-bit product rewritten for a GPU target (what its TensorCore GEMM
// takes), f32 everywhere else; an explicit encoding-type always wins.
// RUN: stl-opt %s --split-input-file --stl-rewrite-matmul 2> %t.none | FileCheck %s --check-prefix=EXACT
// RUN: FileCheck %s --check-prefix=NO-REMARK --allow-empty --input-file=%t.none
// RUN: stl-opt %s --split-input-file --stl-rewrite-matmul=target=cpu 2> %t.cpu | FileCheck %s --check-prefix=EXACT
// RUN: FileCheck %s --check-prefix=NO-REMARK --allow-empty --input-file=%t.cpu
// RUN: stl-opt %s --split-input-file --stl-rewrite-matmul="target=sm_90a encoding-type=f32" 2> %t.f32 | FileCheck %s --check-prefix=EXACT
// RUN: FileCheck %s --check-prefix=NO-REMARK --allow-empty --input-file=%t.f32
// RUN: stl-opt %s --split-input-file --stl-rewrite-matmul=target=sm_90a 2> %t.gpu | FileCheck %s --check-prefix=GPU
// RUN: FileCheck %s --check-prefix=GPU-REMARK --input-file=%t.gpu
// RUN: stl-opt %s --split-input-file --stl-rewrite-matmul=target=sm_80 2> %t.sm80 | FileCheck %s --check-prefix=SM80
// RUN: FileCheck %s --check-prefix=SM80-REMARK --input-file=%t.sm80
// RUN: stl-opt %s --split-input-file --stl-rewrite-matmul="scheme=auto target=sm_90a force=true" 2> %t.auto | FileCheck %s --check-prefix=AUTO
// RUN: FileCheck %s --check-prefix=GPU-REMARK --input-file=%t.auto

// Without a GPU target (and with an explicit f32): exact f32 encodings and no
// remark, as before encoding-type=auto existed.
// NO-REMARK-NOT: remark
// EXACT-LABEL: func @bf16
//       EXACT:   stl.matmul {{.*}} : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>
// EXACT-LABEL: func @f16
//       EXACT:   stl.matmul {{.*}} : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>
// EXACT-LABEL: func @f32
//       EXACT:   stl.matmul {{.*}} : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>

// A GPU target: 16-bit products are scaled into f16 (max-reduction, scale,
// product in f32, unscale), each with a remark; f32 products stay f32,
// without one.
// GPU-REMARK: remark: encoded operands of this 'bf16' product are f16, scaled by a power of two: the encoding the sm_90a TensorCore GEMM takes (encoding-type=auto with a GPU target); encoding-type=f32 keeps the encodings exact but leaves the product to a SIMT GEMM (see docs/Precision.md)
// GPU-REMARK: remark: encoded operands of this 'f16' product are f16, scaled by a power of two
// GPU-REMARK-NOT: remark
// GPU-LABEL: func @bf16
//       GPU:   linalg.generic {{.*}} outs(%{{.*}} : tensor<1xf32>)
//       GPU:   stl.matmul {{.*}} acc(f32) {{.*}} : tensor<64x64xf16>, tensor<64x64xf16> -> tensor<64x64xf32>
// GPU-LABEL: func @f16
//       GPU:   stl.matmul {{.*}} acc(f32) {{.*}} : tensor<64x64xf16>, tensor<64x64xf16> -> tensor<64x64xf32>
// GPU-LABEL: func @f32
//       GPU:   stl.matmul {{.*}} : tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>

// SM80-REMARK: remark: encoded operands of this 'bf16' product are f16, scaled by a power of two: the encoding the sm_80 TensorCore GEMM takes
// SM80-LABEL: func @bf16
//       SM80:   tensor<64x64xf16>, tensor<64x64xf16> -> tensor<64x64xf32>

// scheme=auto costs and rewrites with the same encoding: the selection's
// cost model charges the f16 encodings at the TensorCore rate.
// AUTO-LABEL: func @bf16
//       AUTO:   stl.matmul {{.*}}stl.selection = "chose{{.*}}xf16>, tensor<{{.*}}xf16> ->
// AUTO-LABEL: func @f32
//       AUTO:   stl.matmul {{.*}}stl.selection = "chose{{.*}}xf32>, tensor<{{.*}}xf32> ->

func.func @bf16(%a: tensor<64x64xbf16>, %b: tensor<64x64xbf16>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xbf16>, tensor<64x64xbf16>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

func.func @f16(%a: tensor<64x64xf16>, %b: tensor<64x64xf16>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf16>, tensor<64x64xf16>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

func.func @f32(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
