//===- HostToDevice.cpp - Device buffers for bufferized host code ---------===//
//
// After --convert-stl-to-gpu and bufferization, a host function only
// allocates, views, copies and launches. This pass puts every buffer it
// allocates in device memory and frees it at the end of its block, turns
// copies into device copies, uploads constant globals, and gives public
// functions a C interface (the ABI of docs/GPU.md).
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/Passes.h"

#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLGPUHOSTTODEVICE
#define GEN_PASS_DEF_STLGPUHOSTTOMANAGED
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

/// True if `buffer`, or a view of it, leaves its function (returned, or
/// passed to something other than a view, copy, launch or dealloc that might
/// keep it).
static bool escapes(Value buffer) {
  SmallVector<Value> worklist = {buffer};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<func::ReturnOp>(user))
        return true;
      if (isa<ViewLikeOpInterface, memref::CastOp>(user)) {
        llvm::append_range(worklist, user->getResults());
        continue;
      }
      if (isa<memref::StoreOp>(user) && user->getOperand(0) == v)
        return true;
    }
  }
  return false;
}

/// Frees `buffer`. After gpu-async-region (managed mode) the free is queued
/// on a stream of its own and waited for, the form gpu-to-llvm lowers.
static void createDealloc(OpBuilder &b, Location loc, Value buffer,
                          bool managed) {
  if (!managed) {
    gpu::DeallocOp::create(b, loc, Type(), ValueRange{}, buffer);
    return;
  }
  Type token = gpu::AsyncTokenType::get(b.getContext());
  Value start =
      gpu::WaitOp::create(b, loc, token, ValueRange{}).getAsyncToken();
  Value done = gpu::DeallocOp::create(b, loc, token, ValueRange{start}, buffer)
                   .getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{done});
}

/// memref.alloc -> gpu.alloc (+ gpu.dealloc at the end of the block unless
/// the buffer escapes); memref.dealloc -> gpu.dealloc.
static void moveAllocationsToDevice(func::FuncOp func, bool managed) {
  SmallVector<memref::AllocOp> allocs;
  func.walk([&](memref::AllocOp op) { allocs.push_back(op); });
  IRRewriter rewriter(func.getContext());
  for (memref::AllocOp alloc : allocs) {
    rewriter.setInsertionPoint(alloc);
    auto device = gpu::AllocOp::create(
        rewriter, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
        ValueRange{}, alloc.getDynamicSizes(), alloc.getSymbolOperands(),
        /*hostShared=*/managed);
    rewriter.replaceOp(alloc, device.getMemref());
    bool freed = llvm::any_of(device.getMemref().getUsers(), [](Operation *u) {
      return isa<memref::DeallocOp>(u);
    });
    if (!freed && !escapes(device.getMemref())) {
      rewriter.setInsertionPoint(device->getBlock()->getTerminator());
      createDealloc(rewriter, device.getLoc(), device.getMemref(), managed);
    }
  }
  SmallVector<memref::DeallocOp> deallocs;
  func.walk([&](memref::DeallocOp op) { deallocs.push_back(op); });
  for (memref::DeallocOp dealloc : deallocs) {
    rewriter.setInsertionPoint(dealloc);
    createDealloc(rewriter, dealloc.getLoc(), dealloc.getMemref(), managed);
    rewriter.eraseOp(dealloc);
  }
}

/// True if an element-wise kernel (one thread per element, a 1-D grid of
/// at most 2^31 - 1 blocks of 256) can be built for an access to `type`.
/// Shapes are user input: their element count may not even fit in 64 bits.
static bool isStaticMemRef(Type type) {
  constexpr int64_t kMaxElements = ((int64_t(1) << 31) - 1) * 256;
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref || !memref.hasStaticShape() || !memref.isStrided())
    return false;
  std::optional<int64_t> elements = checkedProduct(memref.getShape());
  return elements && *elements > 0 && *elements <= kMaxElements;
}

/// The value that `op` writes to every element if it is a fill: a
/// linalg.fill, or a linalg op without inputs whose body yields a value
/// defined outside it or a constant (what bufferizing a tensor.pad leaves).
static Value getFillValue(Operation *op) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.hasPureBufferSemantics() ? fill.getInputs()[0] : Value();
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureBufferSemantics() ||
      linalgOp.getNumDpsInputs() != 0 || linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getNumParallelLoops() != linalgOp.getNumLoops())
    return Value();
  Block *body = linalgOp.getBlock();
  Value yielded = body->getTerminator()->getOperand(0);
  Operation *def = yielded.getDefiningOp();
  if (!def && cast<BlockArgument>(yielded).getOwner() == body)
    return Value(); // yields its own init: a no-op, not a fill.
  if (def && op->isAncestor(def) && !matchPattern(yielded, m_Constant()))
    return Value();
  return yielded;
}

/// memref.copy and linalg.copy -> gpu.memcpy between contiguous buffers, a
/// copy kernel between static strided ones; linalg.fill of a static buffer
/// -> a fill kernel. Dynamic shapes are left to the generic linalg path.
static void
moveCopiesAndFillsToDevice(func::FuncOp func,
                           gpu_codegen::KernelModuleBuilder &kernels) {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) {
    if (isa<memref::CopyOp, linalg::CopyOp>(op) || getFillValue(op))
      ops.push_back(op);
  });
  IRRewriter rewriter(func.getContext());
  for (Operation *op : ops) {
    rewriter.setInsertionPoint(op);
    Location loc = op->getLoc();
    if (Value value = getFillValue(op)) {
      Value dst = cast<linalg::LinalgOp>(op).getDpsInits()[0];
      if (!isStaticMemRef(dst.getType()))
        continue;
      // A value defined inside the op's body is a constant: rebuild it
      // here.
      if (op->isAncestor(value.getDefiningOp()))
        value = rewriter.clone(*value.getDefiningOp())->getResult(0);
      TypedAttr constant;
      matchPattern(value, m_Constant(&constant));
      gpu_codegen::KernelLaunch launch = gpu_codegen::buildFillKernel(
          kernels, loc, cast<MemRefType>(dst.getType()), constant);
      SmallVector<Value> args = {dst};
      if (!constant)
        args.push_back(value);
      gpu_codegen::createLaunch(rewriter, loc, launch, args);
      rewriter.eraseOp(op);
      continue;
    }
    Value src = op->getOperand(0), dst = op->getOperand(1);
    auto srcType = dyn_cast<MemRefType>(src.getType());
    auto dstType = dyn_cast<MemRefType>(dst.getType());
    if (srcType && dstType &&
        memref::isStaticShapeAndContiguousRowMajor(srcType) &&
        memref::isStaticShapeAndContiguousRowMajor(dstType)) {
      gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange{}, dst, src);
    } else if (isStaticMemRef(srcType) && isStaticMemRef(dstType)) {
      gpu_codegen::KernelLaunch launch =
          gpu_codegen::buildCopyKernel(kernels, loc, srcType, dstType);
      gpu_codegen::createLaunch(rewriter, loc, launch, {src, dst});
    } else if (isa<memref::CopyOp>(op)) {
      linalg::CopyOp::create(rewriter, loc, src, dst);
    } else {
      continue;
    }
    rewriter.eraseOp(op);
  }
}

/// A memref.get_global (host memory) used by device code: copy it into a
/// device buffer freed at the end of the block.
static void uploadGlobals(func::FuncOp func, bool managed) {
  SmallVector<memref::GetGlobalOp> globals;
  func.walk([&](memref::GetGlobalOp op) { globals.push_back(op); });
  IRRewriter rewriter(func.getContext());
  for (memref::GetGlobalOp global : globals) {
    MemRefType type = global.getType();
    rewriter.setInsertionPointAfter(global);
    auto device = gpu::AllocOp::create(rewriter, global.getLoc(), type, Type(),
                                       ValueRange{}, ValueRange{}, ValueRange{},
                                       /*hostShared=*/false);
    auto memcpy =
        gpu::MemcpyOp::create(rewriter, global.getLoc(), Type(), ValueRange{},
                              device.getMemref(), global.getResult());
    rewriter.replaceAllUsesExcept(global.getResult(), device.getMemref(),
                                  memcpy);
    rewriter.setInsertionPoint(device->getBlock()->getTerminator());
    gpu::DeallocOp::create(rewriter, global.getLoc(), Type(), ValueRange{},
                           device.getMemref());
  }
}

namespace {
struct STLGPUHostToDevicePass
    : public mlir::stl::impl::STLGPUHostToDeviceBase<STLGPUHostToDevicePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    gpu_codegen::KernelModuleBuilder kernels(module);
    // Kernels live in gpu.modules; host functions are the module's direct
    // func.funcs.
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      uploadGlobals(func, /*managed=*/false);
      moveCopiesAndFillsToDevice(func, kernels);
      moveAllocationsToDevice(func, /*managed=*/false);
      if (emitCInterface && func.isPublic())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(&getContext()));
    }
  }
};

struct STLGPUHostToManagedPass
    : public mlir::stl::impl::STLGPUHostToManagedBase<STLGPUHostToManagedPass> {
  using Base::Base;

  void runOnOperation() override {
    // Host code copies and fills managed buffers itself.
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      uploadGlobals(func, /*managed=*/true);
      moveAllocationsToDevice(func, /*managed=*/true);
    }
  }
};
} // namespace
