// REQUIRES: ptxas
// The issue's acceptance command on the bundled bf16 model: the rewrite and
// the sm_90a pipeline give TensorCore PTX (wgmma fed by TMA, mbarrier
// synchronized) that ptxas accepts without spills; likewise mma.sync for
// sm_80.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: stl-opt %stl_src_root/examples/mlp-bf16.mlir --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_90a dump-ptx=%t/sm90a" -o %t/host90a.mlir
// RUN: FileCheck %s --check-prefix=PTX90A < %t/sm90a/stl_kernels.sm_90a.ptx
// RUN: FileCheck %s --check-prefix=HOST < %t/host90a.mlir
// RUN: %ptxas -arch=sm_90a -v %t/sm90a/stl_kernels.sm_90a.ptx -o %t/sm90a.cubin 2>&1 | FileCheck %s --check-prefix=PTXAS
// RUN: stl-opt %stl_src_root/examples/mlp-bf16.mlir --stl-rewrite-matmul=encoding-type=input --stl-gpu-pipeline="chip=sm_80 dump-ptx=%t/sm80" -o /dev/null
// RUN: FileCheck %s --check-prefix=PTX80 < %t/sm80/stl_kernels.sm_80.ptx
// RUN: %ptxas -arch=sm_80 -v %t/sm80/stl_kernels.sm_80.ptx -o %t/sm80.cubin 2>&1 | FileCheck %s --check-prefix=PTXAS

// PTX90A-DAG: mbarrier.init
// PTX90A-DAG: cp.async.bulk.tensor
// PTX90A-DAG: wgmma.mma_async.sync.aligned
// PTX90A-DAG: .bf16

// Host code allocates through the runtime ABI and launches the kernels of
// the gpu.binary (gpu.launch_func becomes mgpuLaunchKernel when translated).
// HOST-DAG: gpu.binary
// HOST-DAG: llvm.call @mgpuMemAlloc
// HOST-DAG: llvm.call @mgpuTensorMapEncodeTiledMemref
// HOST-DAG: gpu.launch_func

// PTX80-DAG: cp.async.cg.shared.global
// PTX80-DAG: ldmatrix.sync.aligned
// PTX80-DAG: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32

// PTXAS-NOT: error
// PTXAS: Function properties for stl_hadamard
// PTXAS-NEXT: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
