//===- KernelEmulator.h - Run lowered STL functions on the host -*- C++ -*-===//
//
// A testing aid for machines without a GPU. It interprets a host function as
// produced by convert-stl-to-gpu (tensor.pad, buffers, TMA descriptors,
// gpu.launch_func) and runs each launched kernel on the host, TensorCore
// GEMMs included: every block's warpgroups run as host threads in lockstep
// over their 128 lanes, with the Hopper semantics the kernels rely on
// modelled explicitly (mbarrier phases and transaction counts, TMA tiled
// loads with 128-byte swizzle and multicast, wgmma shared-memory descriptors
// and accumulator fragments, clusters). The model follows the PTX ISA as the
// kernels' authors read it; it catches indexing, pipeline, synchronization
// and layout mistakes, not a misreading shared with the generator.
//
//===----------------------------------------------------------------------===//

#ifndef STL_TEST_LIB_EMULATOR_KERNELEMULATOR_H
#define STL_TEST_LIB_EMULATOR_KERNELEMULATOR_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::stl::test {

/// A host tensor: row-major values (already rounded to `elementType`).
struct HostTensor {
  SmallVector<int64_t> shape;
  Type elementType;
  std::vector<double> values;
};

/// How to run the kernels.
struct EmulationOptions {
  /// When > 0, kernels that read gpu.grid_dim (persistent ones, which loop
  /// over their tiles with that stride) run with at most this many blocks
  /// along x (a multiple of the cluster size): each block then walks several
  /// tiles, and stages are reused across tiles as on a full GPU.
  int64_t gridLimit = 0;
};

/// What one emulated function call did.
struct EmulationStats {
  int64_t launches = 0;
  int64_t blocks = 0;
  int64_t wgmmas = 0;
  int64_t mmaSyncs = 0;
  int64_t tmaLoads = 0;
};

/// Interprets `func` (a func.func of `module`) on `args`. stl.hadamard runs
/// as a reference batched product in double precision rounded to its result
/// type; gpu.launch_func runs its kernel. Returns the results, or fails with
/// `error` saying what went wrong (unsupported op, out-of-bounds access,
/// deadlock, wgmma operand overwritten before its wait, ...).
FailureOr<SmallVector<HostTensor>>
emulateFunction(ModuleOp module, Operation *func, ArrayRef<HostTensor> args,
                const EmulationOptions &options, EmulationStats &stats,
                std::string &error);

} // namespace mlir::stl::test

#endif // STL_TEST_LIB_EMULATOR_KERNELEMULATOR_H
