//===- LaunchByValueArgs.cpp - Pass byval kernel parameters by value ------===//
//
// A kernel parameter `ptr byval(T)` is a T that the launch copies into the
// kernel's parameter space (the sm_90a GEMM takes its CUtensorMaps this
// way). The launch's parameter array must therefore point at the T itself,
// not at a pointer to it: once the host code is LLVM, each such launch
// operand is replaced by a load of the T it points to. On the device side,
// the parameters that the kernel builders listed in `stl.by_value_args` get
// `llvm.byval` and `nvvm.grid_constant` (which convert-gpu-to-nvvm would
// drop, or reject, on a gpu.func); without grid_constant NVPTX would copy a
// parameter whose address is taken to local memory, which TMA cannot read.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/Passes.h"

#include "stl/Codegen/GPU/KernelBuilder.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLGPULAUNCHBYVALUEARGS
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;

LogicalResult mlir::stl::loadByValueLaunchArgs(gpu::LaunchFuncOp launch) {
  auto kernel = SymbolTable::lookupNearestSymbolFrom<LLVM::LLVMFuncOp>(
      launch, launch.getKernel());
  // A gpu.func kernel: the device code is not LLVM yet, nothing to do.
  if (!kernel)
    return success();
  if (kernel.getNumArguments() != launch.getNumKernelOperands())
    return launch.emitOpError()
           << "has " << launch.getNumKernelOperands()
           << " kernel operands but the lowered kernel takes "
           << kernel.getNumArguments() << " arguments";
  OpBuilder b(launch);
  MutableOperandRange operands = launch.getKernelOperandsMutable();
  for (unsigned i = 0, e = kernel.getNumArguments(); i < e; ++i) {
    auto byValue = kernel.getArgAttrOfType<TypeAttr>(
        i, LLVM::LLVMDialect::getByValAttrName());
    if (!byValue)
      continue;
    Value pointer = operands[i].get();
    // Already a value (the pass ran before).
    if (pointer.getType() == byValue.getValue())
      continue;
    if (!isa<LLVM::LLVMPointerType>(pointer.getType()))
      return launch.emitOpError()
             << "operand " << i << " of type " << pointer.getType()
             << " for a by-value kernel parameter of type "
             << byValue.getValue() << " must be a pointer to it";
    Value value =
        LLVM::LoadOp::create(b, launch.getLoc(), byValue.getValue(), pointer);
    operands[i].set(value);
  }
  return success();
}

LogicalResult mlir::stl::applyByValueArgs(LLVM::LLVMFuncOp kernel) {
  auto entries = kernel->getAttrOfType<ArrayAttr>(kByValueArgsAttrName);
  if (!entries)
    return success();
  MLIRContext *ctx = kernel.getContext();
  for (Attribute attr : entries) {
    auto entry = dyn_cast<ArrayAttr>(attr);
    auto index = entry && entry.size() == 3 ? dyn_cast<IntegerAttr>(entry[0])
                                            : IntegerAttr();
    auto type = index ? dyn_cast<TypeAttr>(entry[1]) : TypeAttr();
    auto align = type ? dyn_cast<IntegerAttr>(entry[2]) : IntegerAttr();
    if (!align || index.getInt() < 0 ||
        index.getInt() >= kernel.getNumArguments() ||
        !isa<LLVM::LLVMPointerType>(kernel.getArgumentTypes()[index.getInt()]))
      return kernel.emitOpError()
             << "has a malformed " << kByValueArgsAttrName << " entry " << attr
             << ": expected [pointer argument index, type, alignment]";
    unsigned i = index.getInt();
    kernel.setArgAttr(i, LLVM::LLVMDialect::getByValAttrName(), type);
    kernel.setArgAttr(i, LLVM::LLVMDialect::getAlignAttrName(), align);
    kernel.setArgAttr(i, NVVM::NVVMDialect::getGridConstantAttrName(),
                      UnitAttr::get(ctx));
  }
  kernel->removeAttr(kByValueArgsAttrName);
  return success();
}

namespace {
struct STLGPULaunchByValueArgsPass
    : public mlir::stl::impl::STLGPULaunchByValueArgsBase<
          STLGPULaunchByValueArgsPass> {
  void runOnOperation() override {
    for (auto module : getOperation().getOps<gpu::GPUModuleOp>())
      for (auto kernel : module.getOps<LLVM::LLVMFuncOp>())
        if (failed(mlir::stl::applyByValueArgs(kernel)))
          return signalPassFailure();
    WalkResult result = getOperation()->walk([](gpu::LaunchFuncOp launch) {
      return failed(mlir::stl::loadByValueLaunchArgs(launch))
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
