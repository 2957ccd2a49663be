// REQUIRES: ptxas
// Weights pre-encoded through broadcasts, transposes and reshapes (the
// forms of test/Execution/pre-encoded-weights.mlir: an encoded weight
// broadcast along batch dimensions feeds the Hadamard product) compile
// through the GPU pipeline, with the f16 encodings a TensorCore needs, to
// PTX that ptxas accepts for sm_90a and sm_80.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: stl-opt %stl_src_root/test/Execution/pre-encoded-weights.mlir --stl-rewrite-matmul="scheme=strassen force=true encoding-type=f16" --stl-fold-constant-encodings --stl-report --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t/sm90a" -o /dev/null 2>/dev/null | FileCheck %s
// RUN: %ptxas -arch=sm_90a %t/sm90a/stl_kernels.sm_90a.ptx -o %t/sm90a.cubin
// RUN: stl-opt %stl_src_root/test/Execution/pre-encoded-weights.mlir --stl-rewrite-matmul="scheme=strassen force=true encoding-type=f16" --stl-fold-constant-encodings --stl-gpu-pipeline="chip=sm_80 dump-ptx=%t/sm80" -o /dev/null 2>/dev/null
// RUN: %ptxas -arch=sm_80 %t/sm80/stl_kernels.sm_80.ptx -o %t/sm80.cubin

// CHECK: STL report: 7 product(s)
// CHECK-COUNT-7: weight pre-encoded (
