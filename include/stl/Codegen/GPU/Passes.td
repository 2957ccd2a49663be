//===- Passes.td - GPU code generation passes ------------*- tablegen -*-===//
//
// The passes of the GPU path around the STL-to-GPU conversion: the choice of
// each batched product's kernel configuration and the padding to its block
// tile (before the conversion), then transforms of the upstream IR the
// conversion leaves (gpu, memref, LLVM): placement of host buffers, the
// async chain across TMA descriptors, by-value kernel parameters and the
// PTX dump. CPU-only users of the STL dialect link none of this.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CODEGEN_GPU_PASSES_TD
#define STL_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Preparation of stl.hadamard for the GPU kernels
//===----------------------------------------------------------------------===//

def STLSelectKernelConfig : Pass<"stl-select-kernel-config"> {
  let summary = "Choose the GPU kernel configuration of every stl.hadamard";
  let description = [{
    Attaches a `#stl.kernel_config` as the discardable attribute
    `stl.kernel_config` to every `stl.hadamard`, chosen from the target chip,
    the element type and the (static) shapes of the batched product. The
    choice is recorded in the IR so that it can be inspected, overridden and
    tested apart from the lowering (`--convert-stl-to-gpu` reads it).

    On `sm_90a` the configuration describes a warpgroup kernel
    (`wgmma.mma_async` fed by TMA): `warp_layout` counts warpgroups and
    `mma_shape` is the wgmma instruction [64, N, 16]. On `sm_80` and `sm_90`
    it describes a warp kernel (`mma.sync.m16n8k16` fed by `cp.async` and
    `ldmatrix`): `warp_layout` counts warps.

    Before:
    ```mlir
    %p = stl.hadamard %a, %b
        : tensor<7x2048x2048xbf16>, tensor<7x2048x2048xbf16>
        -> tensor<7x2048x2048xf32>
    ```
    After (`chip=sm_90a`):
    ```mlir
    %p = stl.hadamard %a, %b {stl.kernel_config = #stl.kernel_config<
        chip = "sm_90a", block_tile = [128, 128, 64], warp_layout = [1, 1],
        stages = 4, mma_shape = [64, 128, 16]>} : ...
    ```

    Options given explicitly (`block-tile`, `warp-layout`, `stages`,
    `schedule`, `cluster`) override the heuristic; a combination the kernels cannot run is an error.
    Existing attributes are kept unless `overwrite` is set; a kept
    configuration for a chip that `chip` cannot run (a wgmma configuration
    for sm_80) is an error. `--convert-stl-to-gpu` only reads the attribute.
  }];
  let dependentDialects = ["::mlir::stl::STLDialect"];
  let options = [
    Option<"chip", "chip", "::mlir::stl::GPUChip",
           /*default=*/"::mlir::stl::GPUChip::SM90a", "Target chip",
           [{::llvm::cl::values(
             clEnumValN(::mlir::stl::GPUChip::SM80, "sm_80",
                        "A100: mma.sync kernels"),
             clEnumValN(::mlir::stl::GPUChip::SM90, "sm_90",
                        "H100/H200: mma.sync kernels"),
             clEnumValN(::mlir::stl::GPUChip::SM90a, "sm_90a",
                        "H100/H200: wgmma + TMA kernels"))}]>,
    ListOption<"blockTile", "block-tile", "int64_t",
               "Override the block tile [BM, BN, BK]">,
    ListOption<"warpLayout", "warp-layout", "int64_t",
               "Override the warps (warpgroups on sm_90a) along [M, N]">,
    Option<"stages", "stages", "int64_t", /*default=*/"0",
           "Override the number of operand stages in flight (0: choose)">,
    Option<"schedule", "schedule", "::mlir::stl::ScheduleChoice",
           /*default=*/"::mlir::stl::ScheduleChoice::Choose",
           "Override the sm_90a schedule: data_parallel or persistent "
           "(empty: choose)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::stl::ScheduleChoice::Choose, "",
                        "the heuristic chooses"),
             clEnumValN(::mlir::stl::ScheduleChoice::DataParallel,
                        "data_parallel", "one block per output tile"),
             clEnumValN(::mlir::stl::ScheduleChoice::Persistent, "persistent",
                        "warp-specialized, one block per SM"))}]>,
    Option<"cluster", "cluster", "int64_t", /*default=*/"0",
           "Blocks per cluster along M for the persistent sm_90a kernel, "
           "1 or 2 (2: the rhs is TMA-multicast to both; 0: choose, today 1)">,
    Option<"overwrite", "overwrite", "bool", /*default=*/"false",
           "Replace configurations already attached">,
  ];
}

def STLGPUPadHadamard : Pass<"stl-gpu-pad-hadamard"> {
  let summary = "Zero-pad stl.hadamard operands to the kernel's block tile";
  let description = [{
    The TensorCore kernels of `--convert-stl-to-gpu` have no bounds checks in
    their main loop: every stl.hadamard with a `stl.kernel_config` gets its
    operands zero-padded (`tensor.pad`) so that the row-tile count is a
    multiple of BM, the inner tile count of BK and the column-tile count of
    BN; the result is sliced back (`tensor.extract_slice`). Zero rows and
    columns do not change the product. `--convert-stl-to-gpu` fuses a pad of
    an `stl.encode` result into the encode kernel and a slice feeding
    `stl.decode` into the decode kernel, so that aligned and produced-here
    operands cost no copy.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// Host code and kernel modules
//===----------------------------------------------------------------------===//

def STLGPUHostToDevice : Pass<"stl-gpu-host-to-device", "::mlir::ModuleOp"> {
  let summary = "Place the buffers of bufferized host code in device memory";
  let description = [{
    Runs after bufferization of the output of `--convert-stl-to-gpu`. Host
    functions only launch kernels: every buffer they touch is device memory.

    * `memref.alloc` becomes `gpu.alloc`, and every allocation that does not
      escape gets a `gpu.dealloc` at the end of its block (the launches are
      synchronous, so the kernels are done by then);
    * `memref.copy` / `linalg.copy` between contiguous buffers becomes
      `gpu.memcpy`, between other static buffers a copy kernel;
      `linalg.fill` of a static buffer becomes a fill kernel (with dynamic
      shapes they stay linalg ops, which the pipeline maps to naive
      parallel-loop kernels like every other remaining `linalg` op);
    * a `memref.get_global` of a constant (e.g. a pre-encoded weight) is
      copied to a device buffer once per call;
    * public functions get `llvm.emit_c_interface`.

    Programs whose host code reads and writes the buffers itself use
    `--stl-gpu-host-to-managed` instead.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
  let options = [
    Option<"emitCInterface", "emit-c-interface", "bool", /*default=*/"true",
           "Add llvm.emit_c_interface to public functions">,
  ];
}

def STLGPUHostToManaged : Pass<"stl-gpu-host-to-managed",
                                "::mlir::ModuleOp"> {
  let summary = "Place the buffers of bufferized host code in managed memory";
  let description = [{
    The placement for programs whose host code reads and writes buffers
    itself between launches (a `main` that fills inputs and prints results,
    the `managed-memory` mode of `--stl-gpu-pipeline`): allocations become
    CUDA managed memory (`gpu.alloc host_shared`, freed through a stream of
    their own), constant globals are copied into managed buffers, and
    copies, fills and every other host op stay on the host. Run it after
    `gpu-async-region`, so that the host waits for the kernels before it
    touches memory.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::memref::MemRefDialect"];
}

def STLGPUAsyncTmaDescriptors : Pass<"stl-gpu-async-tma-descriptors"> {
  let summary = "Encode TMA descriptors without leaving the async chain";
  let description = [{
    Runs after `gpu-async-region`, which makes the host wait for the
    stream before every host op with side effects, including
    `nvgpu.tma.create.descriptor`, and then starts a new stream: once lowered,
    every call of an sm_90a function synchronized and destroyed its stream
    in the middle (a host round trip) and continued on a second one.
    Encoding a descriptor reads the memref's address, sizes and strides,
    never its data, so a `gpu.wait [%t]` followed only by descriptor
    encodings and side-effect-free ops (views, casts, constants) and then
    `%n = gpu.wait async` is removed and the chain continues from `%t`.

    Before:
    ```mlir
    gpu.wait [%t]
    %d = nvgpu.tma.create.descriptor %m box[%c128, %c64] : ...
    %n = gpu.wait async
    %l = gpu.launch_func async [%n] ...
    ```
    After:
    ```mlir
    %d = nvgpu.tma.create.descriptor %m box[%c128, %c64] : ...
    %l = gpu.launch_func async [%t] ...
    ```
  }];
}

def STLGPUAsyncLibraryCalls : Pass<"stl-gpu-async-library-calls"> {
  let summary = "Run library calls on the stream of the surrounding GPU work";
  let description = [{
    Runs after `gpu-async-region`. A host call whose `stl.stream_operand`
    attribute names its stream operand (the `hadamard-backend=cublas`
    lowering of `stl.hadamard` to `stlRuntimeBatchedGemm`) is created on a
    stream of its own (`mgpuStreamCreate`, then `mgpuStreamSynchronize` and
    `mgpuStreamDestroy` after the call), and `gpu-async-region` makes the
    host wait for the function's stream before it (a call may touch
    anything): two host round trips per product. The call only enqueues
    work on the stream it is given, ordered after what the stream already
    holds, so it can take the chain's stream instead: the wait before it and
    its own stream are removed, the stream of the chain's token is passed
    (`builtin.unrealized_conversion_cast` of the `!gpu.async.token`, which
    `gpu-to-llvm` lowers to the stream itself), and the chain that
    `gpu-async-region` restarted after the call (`%n = gpu.wait async`) goes
    on from the same token. If a host op with side effects follows the call
    before the chain restarts, the host waits for the chain right after the
    call. A call with no GPU work in flight before it (the host already
    waited, e.g. before a host op in execution mode) keeps its own stream.

    Before:
    ```mlir
    gpu.wait [%t]
    %s = call @mgpuStreamCreate() : () -> !llvm.ptr
    %r = call @stlRuntimeBatchedGemm(..., %s) {stl.stream_operand = 15 : i64}
    call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
    call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
    cf.assert %ok, "..."
    %n = gpu.wait async
    %l = gpu.launch_func async [%n] ...
    ```
    After:
    ```mlir
    %s = builtin.unrealized_conversion_cast %t : !gpu.async.token to !llvm.ptr
    %r = call @stlRuntimeBatchedGemm(..., %s)
    cf.assert %ok, "..."
    %l = gpu.launch_func async [%t] ...
    ```
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
  let statistics = [
    Statistic<"numCalls", "calls", "Library calls moved onto the chain's stream">,
  ];
}

def STLGPULaunchByValueArgs : Pass<"stl-gpu-launch-byval-args",
                                    "::mlir::ModuleOp"> {
  let summary = "Load the values of by-value kernel parameters at launches";
  let description = [{
    Runs after `gpu-to-llvm`, while the kernels are still `llvm.func`s in
    their `gpu.module` (before `gpu-module-to-binary`). A kernel parameter
    `!llvm.ptr {llvm.byval = T}` is a `T` copied into the kernel's parameter
    space at launch: the sm_90a GEMM takes each `CUtensorMap` this way
    (`T = !llvm.array<16 x i64>`, 64-byte aligned, `nvvm.grid_constant`,
    CUDA's `__grid_constant__`), so that no host-to-device copy of the
    descriptor can race with the kernel. The launch operand, a host pointer
    to the `T`, is replaced by an `llvm.load` of it, so that the launch's
    parameter array points at the bytes themselves. On the device side, the
    parameters a kernel lists in its `stl.by_value_args` attribute
    (`[[LLVM argument index, type, alignment], ...]`, written by the kernel
    builders) get `llvm.byval`, `llvm.align` and `nvvm.grid_constant`, which
    convert-gpu-to-nvvm drops or rejects on a `gpu.func`: NVPTX
    then emits a `.param .align 64 .b8 [128]` parameter read through its
    generic address (`cvta.param`) instead of a copy in local memory.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

def STLGPUDumpPTX : Pass<"stl-gpu-dump-ptx", "::mlir::ModuleOp"> {
  let summary = "Write the PTX of every gpu.binary to a directory";
  let description = [{
    After `gpu-module-to-binary{format=isa}`, writes the assembly of each
    `#gpu.object` to `<dir>/<binary name>.<chip>.ptx` so that tests and users
    can run `ptxas` on it. Objects in other formats are skipped.
  }];
  let options = [
    Option<"dir", "dir", "std::string", /*default=*/"\"\"",
           "Directory to write the PTX files to (created if missing)">,
  ];
}

#endif // STL_CODEGEN_GPU_PASSES_TD
