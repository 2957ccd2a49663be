// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils

// Every published exact scheme of the library (schemes/README.md) runs the
// program of rewrite-schemes.mlir -- a 12x12x12 product accumulated into C
// and a 7x5x9 one padded for every tile -- on integer-valued data and prints
// exactly the numbers of the unrewritten program, which that file checks.
// Dyadic schemes (alphaevolve-*, dps-*) stay exact: halves to eighths of
// small integers are exact in f32.

// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-2x2x3-r11 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-2x2x4-r14 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-2x3x3-r15 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-2x3x4-r20 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=alphatensor-2x4x4-r26 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=alphaevolve-2x4x5-r32 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-2x4x5-r33 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-3x3x3-r23 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-3x3x3-r23-addred force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-3x3x4-r29 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=dps-3x3x6-r40 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-3x3x6-r42 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-3x4x4-r38 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=dps-4x4x4-r48 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=dps-4x4x4-r48-accurate force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-4x4x4-r49 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-4x4x4-r49-addred force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-4x4x5-r61 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-4x5x5-r76 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-5x5x5-r93 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-6x6x6-r153 force=true" --stl-cpu-pipeline | %{exec} | FileCheck %S/rewrite-schemes.mlir

// The runs above execute STL code: both products are rewritten.
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=perminov-6x6x6-r153 force=true" | FileCheck %s
// RUN: stl-opt %S/rewrite-schemes.mlir --stl-rewrite-matmul="scheme=dps-4x4x4-r48 force=true" | FileCheck %s
// CHECK-COUNT-2: stl.matmul
// CHECK-NOT: linalg.matmul
