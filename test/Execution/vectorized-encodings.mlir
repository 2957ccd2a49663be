// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// The vector loops of stl-cpu-vectorize-encodings (the default CPU
// pipeline) cover whole strips of 16 tile columns and single columns after
// them. Products wide enough for both, with an init, batch dimensions,
// bf16 operands and tiles of 2..6 columns: on integer-valued data every
// exact scheme prints the unrewritten program's numbers exactly.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | %{exec} > %t.strassen
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.strassen --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=laderman force=true" --stl-cpu-pipeline | %{exec} > %t.laderman
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.laderman --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=dps-3x3x6-r40 force=true" --stl-cpu-pipeline | %{exec} > %t.r40
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.r40 --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=dps-4x4x4-r48 force=true" --stl-cpu-pipeline | %{exec} > %t.r48
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.r48 --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=alphatensor-2x4x4-r26 force=true" --stl-cpu-pipeline | %{exec} > %t.r26
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.r26 --tolerance 0

// An approximate scheme changes the numbers, but the vector loops compute
// the linalg form's sums term for term: with the encodings lowered through
// linalg instead (encoding-vector-width=0), or with other strip widths,
// the program prints the same numbers, float data and all.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=cp-lm-4x4x4-r24 allow-approximate=true" -o %t.r24.mlir 2>/dev/null
// RUN: stl-opt %t.r24.mlir --stl-cpu-pipeline | %{exec} > %t.r24
// RUN: stl-opt %t.r24.mlir --stl-cpu-pipeline=encoding-vector-width=0 | %{exec} > %t.r24.linalg
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.r24.linalg %t.r24 --tolerance 0
// RUN: stl-opt %t.r24.mlir --stl-cpu-pipeline=encoding-vector-width=5 | %{exec} > %t.r24.w5
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.r24.linalg %t.r24.w5 --tolerance 0

// The encodings did become vector loops.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline --mlir-print-ir-after=stl-cpu-vectorize-encodings -o /dev/null 2>&1 | FileCheck %s
// CHECK-LABEL: func.func private @__stl_encode_lhs
//       CHECK:   vector.load {{.*}} vector<32xf32>
//       CHECK:   vector.shuffle
//   CHECK-NOT:   stl.encode
