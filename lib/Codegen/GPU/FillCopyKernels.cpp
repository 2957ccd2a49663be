//===- FillCopyKernels.cpp - Element-wise fill and copy kernels -----------===//
//
// Bufferization leaves fills and strided copies behind (tensor.pad of an
// operand that no STL kernel fused, a slice returned as a result). On the
// host they would touch device memory, so they become kernels: one thread
// per element, consecutive threads on the innermost dimension.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;

static constexpr int64_t kElementwiseBlock = 256;

/// The grid and block of an element-wise kernel over `type`, and the kernel
/// body's prologue: the indices of this thread's element, inside a bounds
/// check. `body` receives the indices.
static KernelLaunch buildElementwise(
    KernelModuleBuilder &kernels, Location loc, StringRef name, MemRefType type,
    TypeRange args,
    function_ref<void(KernelBuilder &, ArrayRef<Value>, gpu::GPUFuncOp)> body) {
  int64_t total = type.getNumElements();
  KernelLaunch launch;
  launch.block = {kElementwiseBlock, 1, 1};
  launch.grid = {(total + kElementwiseBlock - 1) / kElementwiseBlock, 1, 1};
  launch.kernel = kernels.createKernel(name, args, launch.block);
  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value id = b.add(b.mul(b.blockId(gpu::Dimension::x), kElementwiseBlock),
                   b.threadId(gpu::Dimension::x));
  auto inside = scf::IfOp::create(b, b.ult(id, total), false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&inside.getThenRegion().front());
    // Row-major delinearization of the element index.
    SmallVector<Value> indices(type.getRank());
    Value rest = id;
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      int64_t size = type.getDimSize(d);
      indices[d] = d == 0 ? rest : b.rem(rest, size);
      if (d > 0)
        rest = b.div(rest, size);
    }
    body(b, indices, func);
  }
  gpu::ReturnOp::create(b);
  return launch;
}

KernelLaunch
mlir::stl::gpu_codegen::buildFillKernel(KernelModuleBuilder &kernels,
                                        Location loc, MemRefType dst,
                                        TypedAttr constant) {
  SmallVector<Type> args = {dst};
  if (!constant)
    args.push_back(dst.getElementType());
  return buildElementwise(
      kernels, loc, "stl_fill", dst, args,
      [&](KernelBuilder &b, ArrayRef<Value> indices, gpu::GPUFuncOp func) {
        Value value = constant
                          ? arith::ConstantOp::create(b, constant).getResult()
                          : func.getArgument(1);
        memref::StoreOp::create(b, value, func.getArgument(0), indices);
      });
}

KernelLaunch
mlir::stl::gpu_codegen::buildCopyKernel(KernelModuleBuilder &kernels,
                                        Location loc, MemRefType src,
                                        MemRefType dst) {
  return buildElementwise(
      kernels, loc, "stl_copy", dst, {src, dst},
      [&](KernelBuilder &b, ArrayRef<Value> indices, gpu::GPUFuncOp func) {
        Value v = memref::LoadOp::create(b, func.getArgument(0), indices);
        memref::StoreOp::create(b, v, func.getArgument(1), indices);
      });
}
