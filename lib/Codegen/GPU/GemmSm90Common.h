//===- GemmSm90Common.h - Shared layout of the sm_90a GEMM kernels -*- C++ -*-//
//
// What the data-parallel (GemmSm90.cpp) and the persistent
// (GemmSm90Persistent.cpp) wgmma kernels share: the 128-byte-swizzled
// operand boxes that TMA writes and wgmma reads, and the aligned base of the
// dynamic shared memory that holds them. Internal to STLGPUCodegen.
//
//===----------------------------------------------------------------------===//

#ifndef STL_LIB_CODEGEN_GPU_GEMMSM90COMMON_H
#define STL_LIB_CODEGEN_GPU_GEMMSM90COMMON_H

#include "stl/Codegen/GPU/KernelBuilder.h"

namespace mlir {
namespace stl {
namespace gpu_codegen {

/// Elements of a 16-bit type in one 128-byte swizzle row: the K extent of a
/// TMA box and of the block tile.
inline constexpr int64_t kSwizzleElements = 64;
/// Bytes of one 64 x 64 rhs box.
inline constexpr int64_t kRhsBoxBytes = 64 * 64 * 2;
/// Slack to round the dynamic shared memory base up to the 1024-byte
/// alignment that 128-byte swizzling needs.
inline constexpr int64_t kSwizzleAlignment = 1024;
/// Bytes skipped past the dynamic shared memory symbol before aligning. The
/// MLIR lowering declares that symbol as a (zero-sized) static variable, so
/// ptxas may place the mbarriers (the only other static variables, 8 bytes
/// each) after it; skipping them keeps the operand ring clear of them.
inline constexpr int64_t kStaticSlack = 256;

/// The byte offset from the dynamic shared memory `raw` (memref<?xi8>) past
/// the static variables, rounded up to kSwizzleAlignment (an index).
Value alignedSharedBase(KernelBuilder &b, Value raw);

/// The checks of the operand ring both sm_90a kernels share: at least 2
/// stages, and `sharedBytes` within the chip's limit per block.
LogicalResult verifySm90Ring(KernelConfigAttr config, int64_t sharedBytes,
                             function_ref<InFlightDiagnostic()> emitError);

/// The kernel's dynamic shared memory from its aligned base on: typed views
/// of the operand ring, created at `b`'s insertion point.
struct SharedOperandMemory {
  KernelBuilder &b;
  Value raw;  // memref<?xi8, workgroup>
  Value base; // alignedSharedBase(raw)

  explicit SharedOperandMemory(KernelBuilder &b);
  /// A `shape` x `type` view `byteOffset` bytes past the base.
  Value view(Value byteOffset, ArrayRef<int64_t> shape, Type type) const;
};

} // namespace gpu_codegen
} // namespace stl
} // namespace mlir

#endif // STL_LIB_CODEGEN_GPU_GEMMSM90COMMON_H
