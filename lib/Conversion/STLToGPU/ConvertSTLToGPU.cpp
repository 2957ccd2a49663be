//===- ConvertSTLToGPU.cpp - stl ops on tensors -> GPU launches -----------===//
//
// The host side of the GPU lowering. Each stl op is replaced in place by
//
//   %in  = bufferization.to_buffer %operand read_only     (device buffer)
//   %out = memref.alloc()                                 (device buffer after
//                                                          stl-gpu-host-to-device)
//   gpu.launch_func @stl_kernels::@kernel (views of %in, %out)
//   %res = bufferization.to_tensor %out restrict writable
//
// so that the rest of the function (pads, slices, returns) stays on tensors
// and One-Shot Bufferize handles it. Kernels see one leading batch dimension:
// the batch dimensions of the op (and, for the hadamard, the scheme rank)
// are collapsed into it.
//
//===----------------------------------------------------------------------===//

#include "stl/Conversion/STLToGPU/Passes.h"

#include "KernelBuilder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_CONVERTSTLTOGPU
#include "stl/Conversion/STLToGPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;

//===----------------------------------------------------------------------===//
// Host-side helpers
//===----------------------------------------------------------------------===//

/// The identity-layout memref type of a static tensor type.
static MemRefType bufferType(RankedTensorType type) {
  return MemRefType::get(type.getShape(), type.getElementType());
}

/// `tensor` as a read-only device buffer.
static Value readBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return bufferization::ToBufferOp::create(b, loc, bufferType(type), tensor,
                                           /*read_only=*/b.getUnitAttr());
}

/// A fresh buffer for a result of `type`, and the tensor that stands for it
/// once the kernel has written it.
static std::pair<Value, Value> allocResult(OpBuilder &b, Location loc,
                                           RankedTensorType type,
                                           Operation *after) {
  Value alloc = memref::AllocOp::create(b, loc, bufferType(type));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfter(after);
  Value tensor = bufferization::ToTensorOp::create(b, loc, type, alloc,
                                                   /*restrict=*/true,
                                                   /*writable=*/true);
  return {alloc, tensor};
}

/// Views the identity-layout `memref` with its leading `rank - trailing`
/// dimensions folded into one batch dimension (added if there is none).
static Value withOneBatchDim(OpBuilder &b, Location loc, Value memref,
                             int64_t trailing) {
  auto type = cast<MemRefType>(memref.getType());
  int64_t rank = type.getRank();
  int64_t leading = rank - trailing;
  if (leading == 1)
    return memref;
  if (leading == 0) {
    SmallVector<int64_t> shape = {1};
    llvm::append_range(shape, type.getShape());
    SmallVector<ReassociationIndices> reassociation = {{0, 1}};
    for (int64_t d = 1; d < trailing; ++d)
      reassociation.push_back({d + 1});
    return memref::ExpandShapeOp::create(b, loc, shape, memref, reassociation);
  }
  SmallVector<ReassociationIndices> reassociation(1);
  for (int64_t d = 0; d < leading; ++d)
    reassociation[0].push_back(d);
  for (int64_t d = leading; d < rank; ++d)
    reassociation.push_back({d});
  return memref::CollapseShapeOp::create(b, loc, memref, reassociation);
}

/// Product of the leading `rank - trailing` extents of `type`.
static int64_t batchOf(ShapedType type, int64_t trailing) {
  int64_t batch = 1;
  for (int64_t d = 0; d < type.getRank() - trailing; ++d)
    batch *= type.getDimSize(d);
  return batch;
}

/// True if `value` is a constant zero (float or integer).
static bool isZeroConstant(Value value) {
  return matchPattern(value, m_AnyZeroFloat()) || matchPattern(value, m_Zero());
}

/// A `tensor.pad` that only appends zeros after the last two dimensions of a
/// static tensor: the kind the STL rewrites create, which kernels can fuse.
static bool isTrailingZeroPad(tensor::PadOp pad) {
  if (!pad || !pad.getResultType().hasStaticShape() ||
      !pad.getSourceType().hasStaticShape())
    return false;
  Value padValue = pad.getConstantPaddingValue();
  if (!padValue || !isZeroConstant(padValue))
    return false;
  int64_t rank = pad.getResultType().getRank();
  for (int64_t d = 0; d < rank; ++d) {
    std::optional<int64_t> low = getConstantIntValue(pad.getMixedLowPad()[d]);
    std::optional<int64_t> high = getConstantIntValue(pad.getMixedHighPad()[d]);
    if (!low || !high || *low != 0 || (d < rank - 2 && *high != 0))
      return false;
  }
  return true;
}

/// A `tensor.extract_slice` that keeps the leading part of the last two
/// dimensions of a static tensor and all of the others.
static bool isLeadingSlice(tensor::ExtractSliceOp slice) {
  if (!slice || !slice.getSourceType().hasStaticShape() ||
      !slice.getResultType().hasStaticShape() ||
      slice.getSourceType().getRank() != slice.getResultType().getRank())
    return false;
  RankedTensorType src = slice.getSourceType();
  int64_t rank = src.getRank();
  for (int64_t d = 0; d < rank; ++d) {
    std::optional<int64_t> off =
        getConstantIntValue(slice.getMixedOffsets()[d]);
    std::optional<int64_t> str =
        getConstantIntValue(slice.getMixedStrides()[d]);
    if (!off || !str || *off != 0 || *str != 1)
      return false;
    if (d < rank - 2 &&
        slice.getResultType().getDimSize(d) != src.getDimSize(d))
      return false;
  }
  return true;
}

/// The single user of `value` if it is an `OpTy`.
template <typename OpTy> static OpTy getSoleUser(Value value) {
  if (!value.hasOneUse())
    return nullptr;
  return dyn_cast<OpTy>(*value.getUsers().begin());
}

//===----------------------------------------------------------------------===//
// Op conversions
//===----------------------------------------------------------------------===//

static LogicalResult convertEncode(RewriterBase &rewriter,
                                   KernelModuleBuilder &kernels, EncodeOp op) {
  RankedTensorType resultType = op.getResult().getType();
  if (!resultType.hasStaticShape() || !op.getInput().getType().hasStaticShape())
    return op.emitOpError()
           << "has dynamic shapes, which the GPU lowering does not support yet";
  if (!isa<FloatType>(resultType.getElementType()))
    return op.emitOpError() << "the GPU lowering supports float elements only";
  Location loc = op.getLoc();

  // A zero pad of the input (M, K or N not a multiple of the tile) becomes
  // bounds checks in the kernel.
  Value input = op.getInput();
  RankedTensorType logical = op.getInput().getType();
  auto inPad = input.getDefiningOp<tensor::PadOp>();
  if (isTrailingZeroPad(inPad))
    input = inPad.getSource();
  // A zero pad of the result (to the GEMM's block tile) is written by the
  // kernel directly.
  Operation *replaced = op;
  RankedTensorType outType = resultType;
  auto outPad = getSoleUser<tensor::PadOp>(op.getResult());
  if (isTrailingZeroPad(outPad)) {
    replaced = outPad;
    outType = outPad.getResultType();
  }

  auto inType = cast<RankedTensorType>(input.getType());
  int64_t rank = logical.getRank();
  EncodeKernelSpec spec;
  spec.scheme = op.getScheme();
  spec.side = op.getSide();
  spec.batch = batchOf(logical, 2);
  spec.inRows = inType.getDimSize(rank - 2);
  spec.inCols = inType.getDimSize(rank - 1);
  spec.rows = logical.getDimSize(rank - 2);
  spec.cols = logical.getDimSize(rank - 1);
  spec.outTileRows = outType.getDimSize(rank - 1);
  spec.outTileCols = outType.getDimSize(rank);
  spec.inType = inType.getElementType();
  spec.outType = outType.getElementType();
  KernelLaunch launch = buildEncodeKernel(kernels, loc, spec);

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(replaced);
  Value in =
      withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, input), 2);
  auto [alloc, tensor] = allocResult(rewriter, loc, outType, replaced);
  Value out = withOneBatchDim(rewriter, loc, alloc, 3);
  createLaunch(rewriter, loc, launch, {in, out});
  rewriter.replaceOp(replaced, tensor);
  if (replaced != op.getOperation())
    rewriter.eraseOp(op);
  if (inPad && inPad->use_empty())
    rewriter.eraseOp(inPad);
  return success();
}

static LogicalResult convertHadamard(RewriterBase &rewriter,
                                     KernelModuleBuilder &kernels,
                                     HadamardOp op) {
  auto config = op->getAttrOfType<KernelConfigAttr>(kKernelConfigAttrName);
  assert(config && "configurations are attached before conversion");
  FailureOr<GemmShape> shape = getGemmShape(op);
  if (failed(shape))
    return failure();
  ArrayRef<int64_t> tile = config.getBlockTile();
  bool simt = isSimtConfig(config);
  if (!simt && (shape->rows % tile[0] || shape->cols % tile[1] ||
                shape->inner % tile[2]))
    return op.emitOpError()
           << "extents " << shape->rows << "x" << shape->inner << "x"
           << shape->cols << " are not multiples of the block tile; run "
           << "--stl-gpu-pad-hadamard first";
  if (failed(
          verifyKernelConfig(config, *shape, [&] { return op.emitOpError(); })))
    return failure();

  GemmKernelSpec spec;
  spec.config = config;
  spec.batch = shape->batch;
  spec.rows = shape->rows;
  spec.inner = shape->inner;
  spec.cols = shape->cols;
  spec.elementType = shape->elementType;
  spec.resultType = shape->resultType;

  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Value lhs =
      withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, op.getLhs()), 2);
  Value rhs =
      withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, op.getRhs()), 2);
  auto [alloc, tensor] =
      allocResult(rewriter, loc, op.getResult().getType(), op);
  Value out = withOneBatchDim(rewriter, loc, alloc, 2);

  if (simt) {
    KernelLaunch launch = buildGemmSimtKernel(kernels, loc, spec);
    createLaunch(rewriter, loc, launch, {lhs, rhs, out});
  } else if (!usesWarpgroupKernel(config.getChip())) {
    KernelLaunch launch = buildGemmSm80Kernel(kernels, loc, spec);
    createLaunch(rewriter, loc, launch, {lhs, rhs, out});
  } else {
    // TMA descriptors over the operands viewed as 2-D matrices.
    KernelLaunch launch = buildGemmSm90Kernel(kernels, loc, spec);
    GemmSm90Descriptors desc =
        getGemmSm90Descriptors(rewriter.getContext(), spec);
    auto describe = [&](Value operand, Type descType,
                        ArrayRef<int64_t> box) -> Value {
      Value flat = memref::CollapseShapeOp::create(
          rewriter, loc, operand, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
      auto elementType = cast<MemRefType>(flat.getType()).getElementType();
      Value unranked = memref::CastOp::create(
          rewriter, loc, UnrankedMemRefType::get(elementType, Attribute()),
          flat);
      SmallVector<Value> boxValues;
      for (int64_t extent : box)
        boxValues.push_back(
            arith::ConstantIndexOp::create(rewriter, loc, extent));
      Value descriptor = nvgpu::TmaCreateDescriptorOp::create(
          rewriter, loc, descType, unranked, boxValues);
      // The descriptor lowers to a host pointer to its CUtensorMap; the
      // kernel takes the 128 bytes by value (`llvm.byval`), which
      // --stl-gpu-launch-byval-args loads at the launch once the host code
      // is LLVM.
      return UnrealizedConversionCastOp::create(
                 rewriter, loc,
                 LLVM::LLVMPointerType::get(rewriter.getContext()), descriptor)
          .getResult(0);
    };
    Value lhsDesc = describe(lhs, desc.lhs, desc.lhsBox);
    Value rhsDesc = describe(rhs, desc.rhs, desc.rhsBox);
    createLaunch(rewriter, loc, launch, {lhsDesc, rhsDesc, out});
  }
  rewriter.replaceOp(op, tensor);
  return success();
}

static LogicalResult convertDecode(RewriterBase &rewriter,
                                   KernelModuleBuilder &kernels, DecodeOp op) {
  RankedTensorType resultType = op.getResult().getType();
  if (!resultType.hasStaticShape() || !op.getInput().getType().hasStaticShape())
    return op.emitOpError()
           << "has dynamic shapes, which the GPU lowering does not support yet";
  if (!isa<FloatType>(resultType.getElementType()) ||
      !isa<FloatType>(op.getInput().getType().getElementType()))
    return op.emitOpError() << "the GPU lowering supports float elements only";
  Location loc = op.getLoc();

  // A slice of the (padded) products is read in place.
  Value input = op.getInput();
  RankedTensorType logical = op.getInput().getType();
  auto inSlice = input.getDefiningOp<tensor::ExtractSliceOp>();
  if (isLeadingSlice(inSlice))
    input = inSlice.getSource();
  // A slice of the result (M or N padded to the tile) is written directly,
  // unless an init of the full shape is read.
  Operation *replaced = op;
  RankedTensorType outType = resultType;
  auto outSlice = getSoleUser<tensor::ExtractSliceOp>(op.getResult());
  if (!op.getInit() && isLeadingSlice(outSlice)) {
    replaced = outSlice;
    outType = outSlice.getResultType();
  }

  auto inType = cast<RankedTensorType>(input.getType());
  int64_t rank = logical.getRank();
  DecodeKernelSpec spec;
  spec.scheme = op.getScheme();
  spec.batch = batchOf(logical, 3);
  spec.inTileRows = inType.getDimSize(rank - 2);
  spec.inTileCols = inType.getDimSize(rank - 1);
  spec.tileRows = logical.getDimSize(rank - 2);
  spec.tileCols = logical.getDimSize(rank - 1);
  spec.outRows = outType.getDimSize(rank - 3);
  spec.outCols = outType.getDimSize(rank - 2);
  spec.hasInit = static_cast<bool>(op.getInit());
  spec.inType = inType.getElementType();
  spec.outType = outType.getElementType();
  KernelLaunch launch = buildDecodeKernel(kernels, loc, spec);

  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(replaced);
  SmallVector<Value> args;
  args.push_back(
      withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, input), 3));
  if (Value init = op.getInit())
    args.push_back(
        withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, init), 2));
  auto [alloc, tensor] = allocResult(rewriter, loc, outType, replaced);
  args.push_back(withOneBatchDim(rewriter, loc, alloc, 2));
  createLaunch(rewriter, loc, launch, args);
  rewriter.replaceOp(replaced, tensor);
  if (replaced != op.getOperation())
    rewriter.eraseOp(op);
  if (inSlice && inSlice->use_empty())
    rewriter.eraseOp(inSlice);
  return success();
}

static bool isSupportedGPUElementType(Type type) {
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64();
}

FailureOr<unsigned> mlir::stl::convertSTLToGPU(ModuleOp module,
                                               StringRef defaultChip,
                                               bool includeHadamards) {
  MLIRContext *ctx = module.getContext();
  IRRewriter rewriter(ctx);
  if (module
          ->walk([](MatmulOp op) {
            op.emitOpError() << "run --stl-decompose before the GPU lowering";
            return WalkResult::interrupt();
          })
          .wasInterrupted())
    return failure();
  // Refused up front: NVPTX code generation aborts (it does not diagnose)
  // on element types such as f80 or f128.
  if (module
          ->walk([](Operation *op) {
            if (!isa<EncodeOp, HadamardOp, DecodeOp>(op))
              return WalkResult::advance();
            for (Type type : op->getOperandTypes())
              if (!isSupportedGPUElementType(getElementTypeOrSelf(type))) {
                op->emitOpError()
                    << "the GPU lowering supports f16, bf16, f32 and f64 "
                       "elements, got "
                    << getElementTypeOrSelf(type);
                return WalkResult::interrupt();
              }
            return WalkResult::advance();
          })
          .wasInterrupted())
    return failure();

  // 1. Every hadamard gets a configuration and operands padded to its tile.
  SmallVector<HadamardOp> hadamards;
  if (includeHadamards)
    module->walk([&](HadamardOp op) { hadamards.push_back(op); });
  for (HadamardOp &op : hadamards) {
    auto config = op->getAttrOfType<KernelConfigAttr>(kKernelConfigAttrName);
    if (!config) {
      FailureOr<GemmShape> shape = getGemmShape(op);
      if (failed(shape))
        return failure();
      FailureOr<KernelConfigAttr> chosen = selectKernelConfig(
          ctx, defaultChip, *shape, {}, [&] { return op.emitOpError(); });
      if (failed(chosen))
        return failure();
      config = *chosen;
      op->setAttr(kKernelConfigAttrName, config);
    }
    // wgmma and TMA exist on sm_90a only; the warp kernel runs anywhere.
    if (usesWarpgroupKernel(config.getChip()) &&
        !usesWarpgroupKernel(defaultChip))
      return op.emitOpError()
             << "has a kernel configuration for " << config.getChip()
             << " (wgmma, TMA), which chip " << defaultChip << " cannot run";
    FailureOr<HadamardOp> padded = padHadamardToTile(rewriter, op, config);
    if (failed(padded))
      return failure();
    op = *padded;
  }

  // 2. Encodes first (they fuse the pads that step 1 created), then the
  //    products, then decodes (which fuse the slices of step 1).
  KernelModuleBuilder kernels(module);
  SmallVector<EncodeOp> encodes;
  module->walk([&](EncodeOp op) { encodes.push_back(op); });
  for (EncodeOp op : encodes)
    if (failed(convertEncode(rewriter, kernels, op)))
      return failure();
  for (HadamardOp op : hadamards)
    if (failed(convertHadamard(rewriter, kernels, op)))
      return failure();
  SmallVector<DecodeOp> decodes;
  module->walk([&](DecodeOp op) { decodes.push_back(op); });
  for (DecodeOp op : decodes)
    if (failed(convertDecode(rewriter, kernels, op)))
      return failure();
  return kernels.getNumKernels();
}

namespace {
struct ConvertSTLToGPUPass
    : public mlir::stl::impl::ConvertSTLToGPUBase<ConvertSTLToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!isSupportedGPUChip(chip)) {
      mlir::emitError(getOperation()->getLoc())
          << "convert-stl-to-gpu: unsupported chip '" << chip << "'; expected "
          << getSupportedGPUChipList();
      return signalPassFailure();
    }
    FailureOr<unsigned> built =
        convertSTLToGPU(getOperation(), chip, convertHadamard);
    if (failed(built))
      return signalPassFailure();
    numKernels = *built;
  }
};
} // namespace
