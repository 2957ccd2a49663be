// REQUIRES: openmp
// DEFINE: %{exec} = mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils -shared-libs=%mlir_c_runner_utils -shared-libs=%libomp

// --stl-cpu-pipeline=parallel=openmp runs the cache tiles of every GEMM (the
// dense products and the STL batched products) and the tile rows of the
// encodings on OpenMP threads. Each output tile is computed by one thread in
// the serial order, so on any data and any thread count the program prints
// the serial program's numbers exactly: full and partial tiles, prime
// extents, batches, inits, bf16 operands, several schemes, 1 to 3 threads.

// RUN: stl-opt %S/cpu-vectorized-contractions.mlir --stl-cpu-pipeline=parallel=openmp | env OMP_NUM_THREADS=2 %{exec} | FileCheck %S/cpu-vectorized-contractions.mlir
// RUN: stl-opt %S/cpu-vectorized-contractions.mlir --stl-rewrite-matmul=scheme=strassen --stl-cpu-pipeline="parallel=openmp cache-tile=16,32,8 register-tile=4,8,2" | env OMP_NUM_THREADS=3 %{exec} | FileCheck %S/cpu-vectorized-contractions.mlir

// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-cpu-pipeline | %{exec} > %t.ref
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-cpu-pipeline=parallel=openmp | env OMP_NUM_THREADS=2 %{exec} > %t.dense
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.dense --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline=parallel=openmp | env OMP_NUM_THREADS=2 %{exec} > %t.strassen
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.strassen --tolerance 0
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=dps-4x4x4-r48 force=true" --stl-cpu-pipeline=parallel=openmp | env OMP_NUM_THREADS=3 %{exec} > %t.r48
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.ref %t.r48 --tolerance 0

// An approximate scheme on float data: the threads change no number.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=cp-lm-4x4x4-r24 allow-approximate=true" -o %t.r24.mlir 2>/dev/null
// RUN: stl-opt %t.r24.mlir --stl-cpu-pipeline | %{exec} > %t.r24.serial
// RUN: stl-opt %t.r24.mlir --stl-cpu-pipeline=parallel=openmp | env OMP_NUM_THREADS=2 %{exec} > %t.r24.threads
// RUN: python3 %stl_src_root/examples/compare_outputs.py %t.r24.serial %t.r24.threads --tolerance 0

// What runs on threads: the GEMM tiles (scf.forall) and the encodings' rows
// (scf.parallel) become OpenMP work-sharing loops, which call the runtime.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline=parallel=openmp | FileCheck %s --check-prefix=LLVM
// LLVM-DAG: omp.parallel
// LLVM-DAG: omp.wsloop
// Without the option nothing does.
// RUN: stl-opt %S/Inputs/wide-products.mlir --stl-rewrite-matmul="scheme=strassen force=true" --stl-cpu-pipeline | FileCheck %s --check-prefix=SERIAL
// SERIAL-NOT: omp.
