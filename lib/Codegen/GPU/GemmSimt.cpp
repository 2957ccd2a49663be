//===- GemmSimt.cpp - Batched GEMM without TensorCores --------------------===//
//
// The fallback for element types the TensorCore kernels do not take (f32,
// f64): one thread per output element, the inner loop straight from global
// memory. Correct for any extents (bounds-checked, no padding), not fast.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;

/// Threads per block along each output dimension.
static constexpr int64_t kSimtTile = 16;

bool mlir::stl::gpu_codegen::isSimtConfig(KernelConfigAttr config) {
  return config.getMmaShape() == ArrayRef<int64_t>{1, 1, 1};
}

KernelLaunch mlir::stl::gpu_codegen::buildGemmSimtKernel(
    KernelModuleBuilder &kernels, Location loc, const GemmKernelSpec &spec) {
  MemRefType lhsType =
      globalMemRef({spec.batch, spec.rows, spec.inner}, spec.elementType);
  MemRefType rhsType =
      globalMemRef({spec.batch, spec.inner, spec.cols}, spec.elementType);
  MemRefType outType =
      globalMemRef({spec.batch, spec.rows, spec.cols}, spec.resultType);

  KernelLaunch launch;
  launch.block = {kSimtTile, kSimtTile, 1};
  launch.grid = {(spec.cols + kSimtTile - 1) / kSimtTile,
                 (spec.rows + kSimtTile - 1) / kSimtTile, spec.batch};
  launch.kernel = kernels.createKernel(
      "stl_hadamard_simt", {lhsType, rhsType, outType}, launch.block);
  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value lhs = func.getArgument(0), rhs = func.getArgument(1),
        out = func.getArgument(2);

  Value batch = b.blockId(gpu::Dimension::z);
  Value row = b.add(b.mul(b.blockId(gpu::Dimension::y), kSimtTile),
                    b.threadId(gpu::Dimension::y));
  Value col = b.add(b.mul(b.blockId(gpu::Dimension::x), kSimtTile),
                    b.threadId(gpu::Dimension::x));
  auto inside = scf::IfOp::create(
      b, b.andi(b.ult(row, spec.rows), b.ult(col, spec.cols)), false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&inside.getThenRegion().front());
    // Accumulate in the result type, at least f32 (like the TensorCore
    // kernels for 16-bit results).
    Type acc = spec.resultType.getIntOrFloatBitWidth() < 32
                   ? Type(b.getF32Type())
                   : spec.resultType;
    Value zero = arith::ConstantOp::create(b, b.getFloatAttr(acc, 0.0));
    auto loop = scf::ForOp::create(b, b.index(0), b.index(spec.inner),
                                   b.index(1), ValueRange{zero});
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(loop.getBody());
      Value k = loop.getInductionVar();
      Value x = b.convertFloat(
          memref::LoadOp::create(b, lhs, ValueRange{batch, row, k}), acc);
      Value y = b.convertFloat(
          memref::LoadOp::create(b, rhs, ValueRange{batch, k, col}), acc);
      Value sum = arith::AddFOp::create(b, loop.getRegionIterArgs()[0],
                                        arith::MulFOp::create(b, x, y));
      scf::YieldOp::create(b, sum);
    }
    memref::StoreOp::create(b,
                            b.convertFloat(loop.getResult(0), spec.resultType),
                            out, ValueRange{batch, row, col});
  }
  gpu::ReturnOp::create(b);
  return launch;
}
