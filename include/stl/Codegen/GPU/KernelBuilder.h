//===- KernelBuilder.h - Helpers to build GPU kernels in C++ ----*- C++ -*-===//
//
// The GPU code generation library: no passes, no pattern drivers. The
// conversion to GPU (lib/Conversion/STLToGPU) and the host placement
// (lib/Transforms) call these builders. The kernels are written directly as
// gpu.func bodies: their shapes are static, so every
// index computation folds to constants and the builders can unroll what the
// hardware wants unrolled (MMA fragments, scheme coefficients).
//
//===----------------------------------------------------------------------===//

#ifndef STL_CODEGEN_GPU_KERNELBUILDER_H
#define STL_CODEGEN_GPU_KERNELBUILDER_H

#include "stl/Codegen/GPU/KernelConfig.h"
#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"

#include <array>

namespace mlir {
namespace stl {

/// Kernel attribute listing its by-value parameters, as
/// `[[LLVM argument index, value type, alignment], ...]`: arguments that are
/// an `!llvm.ptr` in the kernel and whose value the launch copies into the
/// parameter space, and that the kernel only reads through their address
/// (CUDA's `__grid_constant__`). --stl-gpu-launch-byval-args applies it.
inline constexpr llvm::StringLiteral kByValueArgsAttrName = "stl.by_value_args";

/// Host call attribute: the index of the operand that is the CUDA stream the
/// called library function enqueues its work on. The call is created on a
/// stream of its own that the host synchronizes right after it, which is
/// correct anywhere; once gpu-async-region has chained the function's GPU
/// work, --stl-gpu-async-library-calls moves it onto that chain's stream.
inline constexpr llvm::StringLiteral kStreamOperandAttrName =
    "stl.stream_operand";

namespace gpu_codegen {

/// An ImplicitLocOpBuilder with shorthands for the index arithmetic of kernel
/// bodies. Constant operands fold when the kernel is canonicalized.
class KernelBuilder : public ImplicitLocOpBuilder {
public:
  using ImplicitLocOpBuilder::ImplicitLocOpBuilder;

  Value index(int64_t v) { return arith::ConstantIndexOp::create(*this, v); }
  Value i32(int64_t v) {
    return arith::ConstantIntOp::create(*this, getI32Type(), v);
  }
  Value boolean(bool v) {
    return arith::ConstantIntOp::create(*this, getI1Type(), v ? 1 : 0);
  }
  Value add(Value a, Value b) { return arith::AddIOp::create(*this, a, b); }
  Value add(Value a, int64_t b) { return b == 0 ? a : add(a, index(b)); }
  Value mul(Value a, Value b) { return arith::MulIOp::create(*this, a, b); }
  Value mul(Value a, int64_t b) { return b == 1 ? a : mul(a, index(b)); }
  Value div(Value a, int64_t b) {
    return b == 1 ? a : arith::DivUIOp::create(*this, a, index(b));
  }
  Value rem(Value a, int64_t b) {
    return arith::RemUIOp::create(*this, a, index(b));
  }
  Value xori(Value a, Value b) { return arith::XOrIOp::create(*this, a, b); }
  Value andi(Value a, Value b) { return arith::AndIOp::create(*this, a, b); }
  Value ult(Value a, Value b) {
    return arith::CmpIOp::create(*this, arith::CmpIPredicate::ult, a, b);
  }
  Value ult(Value a, int64_t b) { return ult(a, index(b)); }
  Value eq(Value a, int64_t b) {
    return arith::CmpIOp::create(*this, arith::CmpIPredicate::eq, a, index(b));
  }
  Value threadId(gpu::Dimension d) { return gpu::ThreadIdOp::create(*this, d); }
  Value blockId(gpu::Dimension d) { return gpu::BlockIdOp::create(*this, d); }

  /// The kernel's dynamic shared memory as a memref<?xi8> in workgroup
  /// memory, to carve typed views out of.
  Value dynamicSharedMemory();

  /// Converts a float scalar between float types (extf/truncf or nothing).
  Value convertFloat(Value v, Type to);

  /// `memref` with its base assumed 16-byte aligned (device allocations are
  /// 256-byte aligned; docs/GPU.md makes it part of the ABI), so that LLVM
  /// can merge neighbouring scalar accesses into vector ones.
  Value assumeAligned(Value memref);
};

/// The launch of one kernel built by this library: static grid, block and
/// dynamic shared memory size, which the host side materializes.
struct KernelLaunch {
  gpu::GPUFuncOp kernel;
  std::array<int64_t, 3> grid = {1, 1, 1};
  std::array<int64_t, 3> block = {1, 1, 1};
  /// Blocks per thread block cluster; {1, 1, 1}: no cluster.
  std::array<int64_t, 3> cluster = {1, 1, 1};
  int64_t dynamicSharedMemoryBytes = 0;
};

/// Owns the `gpu.module` that receives the kernels of one host module and
/// gives kernels unique names.
class KernelModuleBuilder {
public:
  /// Finds or creates `gpu.module @<name>` in `module` and marks `module` as
  /// a GPU container module.
  KernelModuleBuilder(ModuleOp module, StringRef name = "stl_kernels");

  /// Creates a kernel `gpu.func` named after `base` (uniqued) taking `args`,
  /// with `gpu.known_block_size` = `block`, and returns it. Its entry block
  /// is empty; the caller fills it and adds the `gpu.return`.
  gpu::GPUFuncOp createKernel(StringRef base, TypeRange args,
                              std::array<int64_t, 3> block);

  /// Number of kernels created so far.
  unsigned getNumKernels() const { return numKernels; }

private:
  gpu::GPUModuleOp gpuModule;
  SymbolTable symbols;
  unsigned numKernels = 0;
};

/// Makes argument `arg` (an `!llvm.ptr`) of `kernel` a by-value parameter
/// of type `valueType` and alignment `alignment` that the kernel reads only
/// through its address (CUDA's `__grid_constant__`). convert-gpu-to-nvvm
/// drops `llvm.byval` from gpu.func arguments and NVVM accepts
/// `nvvm.grid_constant` on LLVM kernels only, so the kernel records the
/// argument, numbered as in its LLVM signature, in kByValueArgsAttrName;
/// --stl-gpu-launch-byval-args applies it once the kernel is LLVM.
void markByValueArg(gpu::GPUFuncOp kernel, unsigned arg, Type valueType,
                    int64_t alignment);

/// Creates `gpu.launch_func` of `launch` with `args` at `b`'s insertion point.
void createLaunch(OpBuilder &b, Location loc, const KernelLaunch &launch,
                  ValueRange args);

/// A memref type with an identity layout, in device global memory.
MemRefType globalMemRef(ArrayRef<int64_t> shape, Type elementType);

/// A memref type in workgroup (shared) memory.
MemRefType sharedMemRef(ArrayRef<int64_t> shape, Type elementType);

//===----------------------------------------------------------------------===//
// Kernel builders
//===----------------------------------------------------------------------===//

/// stl.encode of a batch of matrices. The input buffer holds
/// `batch x inRows x inCols`; the encoded operand reads it as if it were
/// zero-padded to `rows x cols` (multiples of the tile, a fused tensor.pad).
/// The output buffer is `batch x r x outTileRows x outTileCols` with at least
/// rows/tr x cols/tc tiles; the extra tiles (a fused pad of the result) are
/// written as zeros.
struct EncodeKernelSpec {
  SchemeAttr scheme;
  Side side = Side::lhs;
  int64_t batch = 1;
  int64_t inRows = 0, inCols = 0;
  int64_t rows = 0, cols = 0;
  int64_t outTileRows = 0, outTileCols = 0;
  Type inType, outType;
};
KernelLaunch buildEncodeKernel(KernelModuleBuilder &kernels, Location loc,
                               const EncodeKernelSpec &spec);

/// stl.decode of a batch. The input buffer holds `batch x r x inTileRows x
/// inTileCols` products of which `tileRows x tileCols` are valid (a fused
/// slice). The kernel writes the leading `outRows x outCols` of the decoded
/// matrix (a fused slice of the result), adding the init buffer
/// (`batch x outRows x outCols`) when `hasInit`.
struct DecodeKernelSpec {
  SchemeAttr scheme;
  int64_t batch = 1;
  int64_t inTileRows = 0, inTileCols = 0;
  int64_t tileRows = 0, tileCols = 0;
  int64_t outRows = 0, outCols = 0;
  bool hasInit = false;
  Type inType, outType;
};
KernelLaunch buildDecodeKernel(KernelModuleBuilder &kernels, Location loc,
                               const DecodeKernelSpec &spec);

/// Writes `constant` (or, if null, the kernel's second argument) to every
/// element of `dst`. Arguments: (dst[, value]).
KernelLaunch buildFillKernel(KernelModuleBuilder &kernels, Location loc,
                             MemRefType dst, TypedAttr constant);

/// Copies `src` to `dst` (same shape, any strides). Arguments: (src, dst).
KernelLaunch buildCopyKernel(KernelModuleBuilder &kernels, Location loc,
                             MemRefType src, MemRefType dst);

/// The batched product C[b] = A[b] * B[b] with A: batch x rows x inner,
/// B: batch x inner x cols, C: batch x rows x cols, all extents multiples of
/// the block tile of `config`.
struct GemmKernelSpec {
  KernelConfigAttr config;
  int64_t batch = 1;
  int64_t rows = 0, inner = 0, cols = 0;
  Type elementType, resultType;
};

/// Checks that `spec` can be built: element types, tile divisibility,
/// register and shared-memory limits of the configuration.
LogicalResult
verifyGemmKernelSpec(const GemmKernelSpec &spec,
                     function_ref<InFlightDiagnostic()> emitError);

/// The chip-specific parts of verifyGemmKernelSpec.
LogicalResult verifySm80Spec(const GemmKernelSpec &spec,
                             function_ref<InFlightDiagnostic()> emitError);
LogicalResult verifySm90Spec(const GemmKernelSpec &spec,
                             function_ref<InFlightDiagnostic()> emitError);

/// sm_80 / sm_90: `mma.sync.m16n8k16` fed by `ldmatrix` from a multi-stage
/// `cp.async` pipeline. Arguments: (A, B, C) as identity-layout memrefs.
KernelLaunch buildGemmSm80Kernel(KernelModuleBuilder &kernels, Location loc,
                                 const GemmKernelSpec &spec);

/// True for the configuration of the fallback kernel (mma_shape [1, 1, 1]).
bool isSimtConfig(KernelConfigAttr config);

/// Any float types, any extents: one thread per output element, no
/// TensorCores. Arguments: (A, B, C) as identity-layout memrefs.
KernelLaunch buildGemmSimtKernel(KernelModuleBuilder &kernels, Location loc,
                                 const GemmKernelSpec &spec);

/// The TMA descriptor types of the sm_90a kernel; the host creates them with
/// `nvgpu.tma.create.descriptor` over A viewed as (batch*rows) x inner and B
/// viewed as (batch*inner) x cols.
struct GemmSm90Descriptors {
  Type lhs, rhs;
  SmallVector<int64_t, 2> lhsBox, rhsBox;
};

/// Size and alignment of a `CUtensorMap`. The sm_90a kernel takes each TMA
/// descriptor by value, as a 64-byte-aligned 128-byte kernel parameter that
/// TMA reads through its generic address (CUDA's `__grid_constant__`): the
/// launch copies it with the other parameters, so no separate host-to-device
/// copy can race with the kernel.
inline constexpr int64_t kTensorMapBytes = 128;
inline constexpr int64_t kTensorMapAlignment = 64;

/// The host-side value of a descriptor parameter: the 128 bytes of the
/// `CUtensorMap`, `!llvm.array<16 x i64>`.
Type getTensorMapParamType(MLIRContext *ctx);
GemmSm90Descriptors getGemmSm90Descriptors(MLIRContext *ctx,
                                           const GemmKernelSpec &spec);

/// sm_90a: `wgmma.mma_async` fed by TMA loads into a multi-stage ring of
/// shared-memory buffers guarded by mbarriers. Arguments: (descriptor A,
/// descriptor B, C), the descriptors by value (getTensorMapParamType).
/// Builds the persistent kernel below for `schedule = persistent`.
KernelLaunch buildGemmSm90Kernel(KernelModuleBuilder &kernels, Location loc,
                                 const GemmKernelSpec &spec);

/// sm_90a, `schedule = persistent`: one block per SM (two for 64-row tiles)
/// loops over the output tiles in grouped order; a producer warpgroup issues
/// the TMA loads into a ring guarded by full/empty mbarrier pairs while
/// consumer warpgroups of 64 rows run wgmma (scale-d = 0 on each tile's
/// first k-tile) and store their accumulators straight from registers.
/// Same arguments and descriptors as buildGemmSm90Kernel.
KernelLaunch buildGemmSm90PersistentKernel(KernelModuleBuilder &kernels,
                                           Location loc,
                                           const GemmKernelSpec &spec);
LogicalResult
verifySm90PersistentSpec(const GemmKernelSpec &spec,
                         function_ref<InFlightDiagnostic()> emitError);

} // namespace gpu_codegen
} // namespace stl
} // namespace mlir

#endif // STL_CODEGEN_GPU_KERNELBUILDER_H
