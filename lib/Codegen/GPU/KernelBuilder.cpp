//===- KernelBuilder.cpp - Helpers to build GPU kernels in C++ ------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;

Value KernelBuilder::convertFloat(Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
    return arith::ExtFOp::create(*this, to, v);
  if (from.getIntOrFloatBitWidth() > to.getIntOrFloatBitWidth())
    return arith::TruncFOp::create(*this, to, v);
  // Same width, different format (f16 <-> bf16): go through f32.
  Value wide = arith::ExtFOp::create(*this, getF32Type(), v);
  return arith::TruncFOp::create(*this, to, wide);
}

Value KernelBuilder::assumeAligned(Value memref) {
  return memref::AssumeAlignmentOp::create(*this, memref,
                                           getI32IntegerAttr(16));
}

KernelModuleBuilder::KernelModuleBuilder(ModuleOp module, StringRef name)
    : symbols(module) {
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  UnitAttr::get(module.getContext()));
  gpuModule = symbols.lookup<gpu::GPUModuleOp>(name);
  if (!gpuModule) {
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    gpuModule = gpu::GPUModuleOp::create(b, module.getLoc(), name);
    symbols.insert(gpuModule);
  }
  // Continue numbering after kernels of an earlier run.
  numKernels = llvm::range_size(gpuModule.getOps<gpu::GPUFuncOp>());
}

gpu::GPUFuncOp KernelModuleBuilder::createKernel(StringRef base, TypeRange args,
                                                 std::array<int64_t, 3> block) {
  MLIRContext *ctx = gpuModule.getContext();
  OpBuilder b = OpBuilder::atBlockEnd(gpuModule.getBody());
  auto type = FunctionType::get(ctx, args, {});
  auto func = gpu::GPUFuncOp::create(b, gpuModule.getLoc(), base, type);
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  func.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr(
      {int32_t(block[0]), int32_t(block[1]), int32_t(block[2])}));
  // Renames on collision (`base`, `base_0`, ...), keeping names stable for
  // tests and readable in profiles.
  SymbolTable moduleSymbols(gpuModule);
  moduleSymbols.insert(func);
  ++numKernels;
  return func;
}

void mlir::stl::gpu_codegen::createLaunch(OpBuilder &b, Location loc,
                                          const KernelLaunch &launch,
                                          ValueRange args) {
  auto c = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  gpu::KernelDim3 grid{c(launch.grid[0]), c(launch.grid[1]), c(launch.grid[2])};
  gpu::KernelDim3 block{c(launch.block[0]), c(launch.block[1]),
                        c(launch.block[2])};
  Value smem;
  if (launch.dynamicSharedMemoryBytes > 0)
    smem = arith::ConstantIntOp::create(b, loc, b.getI32Type(),
                                        launch.dynamicSharedMemoryBytes);
  std::optional<gpu::KernelDim3> cluster;
  if (launch.cluster != std::array<int64_t, 3>{1, 1, 1})
    cluster = gpu::KernelDim3{c(launch.cluster[0]), c(launch.cluster[1]),
                              c(launch.cluster[2])};
  gpu::LaunchFuncOp::create(b, loc, launch.kernel, grid, block, smem, args,
                            /*asyncTokenType=*/nullptr,
                            /*asyncDependencies=*/{}, cluster);
}

Value KernelBuilder::dynamicSharedMemory() {
  return gpu::DynamicSharedMemoryOp::create(
      *this, sharedMemRef({ShapedType::kDynamic}, getI8Type()));
}

MemRefType mlir::stl::gpu_codegen::globalMemRef(ArrayRef<int64_t> shape,
                                                Type elementType) {
  return MemRefType::get(shape, elementType);
}

MemRefType mlir::stl::gpu_codegen::sharedMemRef(ArrayRef<int64_t> shape,
                                                Type elementType) {
  auto space = gpu::AddressSpaceAttr::get(elementType.getContext(),
                                          gpu::AddressSpace::Workgroup);
  return MemRefType::get(shape, elementType, MemRefLayoutAttrInterface{},
                         space);
}

Type mlir::stl::gpu_codegen::getTensorMapParamType(MLIRContext *ctx) {
  return LLVM::LLVMArrayType::get(IntegerType::get(ctx, 64),
                                  kTensorMapBytes / 8);
}

void mlir::stl::gpu_codegen::markByValueArg(gpu::GPUFuncOp kernel, unsigned arg,
                                            Type valueType, int64_t alignment) {
  MLIRContext *ctx = kernel.getContext();
  // The argument's position once memref arguments are expanded to their
  // descriptor fields, as convert-gpu-to-nvvm does with its default options
  // (the GPU pipeline's).
  LLVMTypeConverter converter(ctx);
  TypeConverter::SignatureConversion conversion(kernel.getNumArguments());
  FunctionType type = kernel.getFunctionType();
  (void)converter.convertFunctionSignature(type, /*isVariadic=*/false,
                                           /*useBarePtrCallConv=*/false,
                                           conversion);
  unsigned position = conversion.getInputMapping(arg)->inputNo;
  auto i64 = IntegerType::get(ctx, 64);
  SmallVector<Attribute> entries;
  if (auto existing = kernel->getAttrOfType<ArrayAttr>(kByValueArgsAttrName))
    llvm::append_range(entries, existing);
  entries.push_back(ArrayAttr::get(ctx, {IntegerAttr::get(i64, position),
                                         TypeAttr::get(valueType),
                                         IntegerAttr::get(i64, alignment)}));
  kernel->setAttr(kByValueArgsAttrName, ArrayAttr::get(ctx, entries));
}
