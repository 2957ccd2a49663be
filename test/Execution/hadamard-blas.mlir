// REQUIRES: openblas
// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils -shared-libs=%openblas

// hadamard-backend=blas: the batched products of the STL form are
// cblas_sgemm calls into OpenBLAS. On integer-valued data every exact
// scheme prints the unrewritten program's numbers exactly, with batch
// dimensions, an init and bf16 operands encoded in f32.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline=hadamard-backend=blas 2>/dev/null | %{exec} > %t.strassen
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.strassen --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=dps-4x4x4-r48 force=true" --stl-cpu-pipeline=hadamard-backend=blas 2>/dev/null | %{exec} > %t.r48
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.r48 --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=laderman force=true" --stl-cpu-pipeline=hadamard-backend=blas 2>/dev/null | %{exec} > %t.laderman
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.laderman --tolerance 0
