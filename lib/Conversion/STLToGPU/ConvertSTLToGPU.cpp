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
// The patterns run under the greedy driver rather than dialect conversion:
// no type changes (tensors in, tensors out), and the encode and decode
// patterns replace their neighbouring pad or slice as well, which needs the
// IR updated in place. Each pattern reads every operand through
// bufferization.to_buffer, so the result does not depend on the order in
// which the ops are converted.
//
//===----------------------------------------------------------------------===//

#include "STLToGPUInternal.h"
#include "stl/Conversion/Passes.h"
#include "stl/Conversion/STLToGPU/STLToGPU.h"
#include "stl/Support/CheckedArithmetic.h"

#include "stl/Codegen/GPU/KernelBuilder.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/CheckedArithmetic.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_CONVERTSTLTOGPU
#include "stl/Conversion/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;
using namespace mlir::stl::detail;

//===----------------------------------------------------------------------===//
// Host-side helpers
//===----------------------------------------------------------------------===//

MemRefType mlir::stl::detail::bufferType(RankedTensorType type) {
  return MemRefType::get(type.getShape(), type.getElementType());
}

Value mlir::stl::detail::readBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return bufferization::ToBufferOp::create(b, loc, bufferType(type), tensor,
                                           /*read_only=*/b.getUnitAttr());
}

std::pair<Value, Value> mlir::stl::detail::allocResult(OpBuilder &b,
                                                       Location loc,
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

/// Product of the leading `rank - trailing` extents of `type`, or nullopt if
/// it overflows (shapes are user input).
static std::optional<int64_t> batchOf(ShapedType type, int64_t trailing) {
  return checkedProduct(type.getShape().drop_back(trailing));
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
// Preconditions
//===----------------------------------------------------------------------===//

static bool isSupportedGPUElementType(Type type) {
  return type.isF16() || type.isBF16() || type.isF32() || type.isF64();
}

LogicalResult mlir::stl::detail::checkOperandTypes(Operation *op) {
  // Refused up front: NVPTX code generation aborts (it does not diagnose)
  // on element types such as f80 or f128.
  for (Type type :
       llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
    Type element = getElementTypeOrSelf(type);
    if (!isSupportedGPUElementType(element))
      return op->emitOpError() << "the GPU lowering supports f16, bf16, f32 "
                                  "and f64 elements, got "
                               << element;
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return op->emitOpError() << "has dynamic shapes, which the GPU "
                                  "lowering does not support yet";
    if (failed(verifyGPUExtents(tensor, [&] { return op->emitOpError(); })))
      return failure();
  }
  return success();
}

/// The configuration the hadamard kernel reads, checked against the shape.
static FailureOr<KernelConfigAttr> checkHadamard(HadamardOp op) {
  if (failed(checkOperandTypes(op)))
    return failure();
  auto config = op->getAttrOfType<KernelConfigAttr>(kKernelConfigAttrName);
  if (!config)
    return op.emitOpError()
           << "has no " << kKernelConfigAttrName
           << "; run --stl-select-kernel-config and --stl-gpu-pad-hadamard "
              "first";
  FailureOr<GemmShape> shape = getGemmShape(op);
  if (failed(shape))
    return failure();
  ArrayRef<int64_t> tile = config.getBlockTile();
  if (!isSimtConfig(config) &&
      (shape->rows % tile[0] || shape->cols % tile[1] ||
       shape->inner % tile[2]))
    return op.emitOpError()
           << "extents " << shape->rows << "x" << shape->inner << "x"
           << shape->cols << " are not multiples of the block tile; run "
           << "--stl-gpu-pad-hadamard first";
  if (failed(
          verifyKernelConfig(config, *shape, [&] { return op.emitOpError(); })))
    return failure();
  return config;
}

LogicalResult mlir::stl::checkSTLToGPUPreconditions(Operation *root,
                                                    HadamardBackend backend) {
  WalkResult result = root->walk([&](Operation *op) {
    LogicalResult ok = success();
    if (isa<MatmulOp>(op))
      ok = op->emitOpError() << "run --stl-decompose before the GPU lowering";
    else if (isa<EncodeOp, DecodeOp>(op))
      ok = checkOperandTypes(op);
    else if (auto hadamard = dyn_cast<HadamardOp>(op);
             hadamard && backend == HadamardBackend::Generated)
      ok = checkHadamard(hadamard);
    else if (hadamard && backend == HadamardBackend::Cublas)
      ok = checkLibraryHadamard(hadamard);
    return failed(ok) ? WalkResult::interrupt() : WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// The neighbours an encode or decode kernel absorbs: a producer of its
/// input that the kernel reads through (a zero pad, a slice) and a sole
/// consumer of its result that the kernel writes directly.
template <typename ProducerOp, typename ConsumerOp> struct FusedNeighbours {
  /// What the kernel reads: the op's input, or the fused producer's source.
  Value input;
  ProducerOp producer;
  /// What the launch's result replaces: the op, or the fused consumer.
  Operation *replaced;
  RankedTensorType outType;

  FusedNeighbours(Operation *op, Value opInput, Value opResult,
                  function_ref<bool(ProducerOp)> fuseProducer,
                  function_ref<bool(ConsumerOp)> fuseConsumer)
      : input(opInput), replaced(op),
        outType(cast<RankedTensorType>(opResult.getType())) {
    producer = opInput.getDefiningOp<ProducerOp>();
    if (fuseProducer(producer))
      input = producer.getSource();
    auto consumer = getSoleUser<ConsumerOp>(opResult);
    if (fuseConsumer(consumer)) {
      replaced = consumer;
      outType = consumer.getResultType();
    }
  }

  /// Replaces what the kernel wrote by `tensor` and erases `op` and the
  /// fused producer once nothing else uses them.
  void replace(PatternRewriter &rewriter, Operation *op, Value tensor) {
    rewriter.replaceOp(replaced, tensor);
    if (replaced != op)
      rewriter.eraseOp(op);
    if (producer && producer->use_empty())
      rewriter.eraseOp(producer);
  }
};

namespace {
/// Base of the three patterns: they share the kernel module being built.
template <typename OpTy> struct KernelPattern : public OpRewritePattern<OpTy> {
  KernelPattern(MLIRContext *ctx, KernelModuleBuilder &kernels)
      : OpRewritePattern<OpTy>(ctx), kernels(kernels) {}
  KernelModuleBuilder &kernels;
};

struct EncodeToGPU : public KernelPattern<EncodeOp> {
  using KernelPattern::KernelPattern;

  LogicalResult matchAndRewrite(EncodeOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(
            checkQuietly(rewriter, op, [&] { return checkOperandTypes(op); })))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType logical = op.getInput().getType();
    // A zero pad of the input (M, K or N not a multiple of the tile) becomes
    // bounds checks in the kernel; a zero pad of the result (to the GEMM's
    // block tile) is written by the kernel directly.
    FusedNeighbours<tensor::PadOp, tensor::PadOp> fused(
        op, op.getInput(), op.getResult(), isTrailingZeroPad,
        isTrailingZeroPad);
    Value input = fused.input;
    RankedTensorType outType = fused.outType;
    std::optional<int64_t> batch = batchOf(logical, 2);
    if (!batch)
      return rewriter.notifyMatchFailure(op, "batch extent overflows");

    auto inType = cast<RankedTensorType>(input.getType());
    int64_t rank = logical.getRank();
    EncodeKernelSpec spec;
    spec.scheme = op.getScheme();
    spec.side = op.getSide();
    spec.batch = *batch;
    spec.inRows = inType.getDimSize(rank - 2);
    spec.inCols = inType.getDimSize(rank - 1);
    spec.rows = logical.getDimSize(rank - 2);
    spec.cols = logical.getDimSize(rank - 1);
    spec.outTileRows = outType.getDimSize(rank - 1);
    spec.outTileCols = outType.getDimSize(rank);
    spec.inType = inType.getElementType();
    spec.outType = outType.getElementType();
    KernelLaunch launch = buildEncodeKernel(kernels, loc, spec);

    rewriter.setInsertionPoint(fused.replaced);
    Value in =
        withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, input), 2);
    auto [alloc, tensor] = allocResult(rewriter, loc, outType, fused.replaced);
    Value out = withOneBatchDim(rewriter, loc, alloc, 3);
    createLaunch(rewriter, loc, launch, {in, out});
    fused.replace(rewriter, op, tensor);
    return success();
  }
};

struct HadamardToGPU : public KernelPattern<HadamardOp> {
  using KernelPattern::KernelPattern;

  LogicalResult matchAndRewrite(HadamardOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<KernelConfigAttr> config =
        checkQuietly(rewriter, op, [&] { return checkHadamard(op); });
    if (failed(config))
      return failure();
    FailureOr<GemmShape> shape = getGemmShape(op);
    if (failed(shape))
      return failure();

    GemmKernelSpec spec;
    spec.config = *config;
    spec.batch = shape->batch;
    spec.rows = shape->rows;
    spec.inner = shape->inner;
    spec.cols = shape->cols;
    spec.elementType = shape->elementType;
    spec.resultType = shape->resultType;

    Location loc = op.getLoc();
    Value lhs = withOneBatchDim(rewriter, loc,
                                readBuffer(rewriter, loc, op.getLhs()), 2);
    Value rhs = withOneBatchDim(rewriter, loc,
                                readBuffer(rewriter, loc, op.getRhs()), 2);
    auto [alloc, tensor] =
        allocResult(rewriter, loc, op.getResult().getType(), op);
    Value out = withOneBatchDim(rewriter, loc, alloc, 2);

    if (isSimtConfig(*config)) {
      KernelLaunch launch = buildGemmSimtKernel(kernels, loc, spec);
      createLaunch(rewriter, loc, launch, {lhs, rhs, out});
    } else if (!usesWarpgroupKernel(config->getChip())) {
      KernelLaunch launch = buildGemmSm80Kernel(kernels, loc, spec);
      createLaunch(rewriter, loc, launch, {lhs, rhs, out});
    } else {
      KernelLaunch launch = buildGemmSm90Kernel(kernels, loc, spec);
      GemmSm90Descriptors desc =
          getGemmSm90Descriptors(rewriter.getContext(), spec);
      Value lhsDesc =
          createTensorMapArg(rewriter, loc, lhs, desc.lhs, desc.lhsBox);
      Value rhsDesc =
          createTensorMapArg(rewriter, loc, rhs, desc.rhs, desc.rhsBox);
      createLaunch(rewriter, loc, launch, {lhsDesc, rhsDesc, out});
    }
    rewriter.replaceOp(op, tensor);
    return success();
  }

  /// A TMA descriptor over `operand` (batch x rows x cols) viewed as a 2-D
  /// matrix, as the kernel argument.
  static Value createTensorMapArg(OpBuilder &b, Location loc, Value operand,
                                  Type descType, ArrayRef<int64_t> box) {
    Value flat = memref::CollapseShapeOp::create(
        b, loc, operand, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    auto elementType = cast<MemRefType>(flat.getType()).getElementType();
    Value unranked = memref::CastOp::create(
        b, loc, UnrankedMemRefType::get(elementType, Attribute()), flat);
    SmallVector<Value> boxValues;
    for (int64_t extent : box)
      boxValues.push_back(arith::ConstantIndexOp::create(b, loc, extent));
    Value descriptor = nvgpu::TmaCreateDescriptorOp::create(
        b, loc, descType, unranked, boxValues);
    // The descriptor lowers to a host pointer to its CUtensorMap; the
    // kernel takes the 128 bytes by value (`llvm.byval`), which
    // --stl-gpu-launch-byval-args loads at the launch once the host code
    // is LLVM.
    return UnrealizedConversionCastOp::create(
               b, loc, LLVM::LLVMPointerType::get(b.getContext()), descriptor)
        .getResult(0);
  }
};

struct DecodeToGPU : public KernelPattern<DecodeOp> {
  using KernelPattern::KernelPattern;

  LogicalResult matchAndRewrite(DecodeOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(
            checkQuietly(rewriter, op, [&] { return checkOperandTypes(op); })))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType logical = op.getInput().getType();
    // A slice of the (padded) products is read in place; a slice of the
    // result (M or N padded to the tile) is written directly, unless an init
    // of the full shape is read.
    bool hasInit = static_cast<bool>(op.getInit());
    FusedNeighbours<tensor::ExtractSliceOp, tensor::ExtractSliceOp> fused(
        op, op.getInput(), op.getResult(), isLeadingSlice,
        [&](tensor::ExtractSliceOp slice) {
          return !hasInit && isLeadingSlice(slice);
        });
    Value input = fused.input;
    RankedTensorType outType = fused.outType;
    std::optional<int64_t> batch = batchOf(logical, 3);
    if (!batch)
      return rewriter.notifyMatchFailure(op, "batch extent overflows");

    auto inType = cast<RankedTensorType>(input.getType());
    int64_t rank = logical.getRank();
    DecodeKernelSpec spec;
    spec.scheme = op.getScheme();
    spec.batch = *batch;
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

    rewriter.setInsertionPoint(fused.replaced);
    SmallVector<Value> args;
    args.push_back(
        withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, input), 3));
    if (Value init = op.getInit())
      args.push_back(
          withOneBatchDim(rewriter, loc, readBuffer(rewriter, loc, init), 2));
    auto [alloc, tensor] = allocResult(rewriter, loc, outType, fused.replaced);
    args.push_back(withOneBatchDim(rewriter, loc, alloc, 2));
    createLaunch(rewriter, loc, launch, args);
    fused.replace(rewriter, op, tensor);
    return success();
  }
};
} // namespace

void mlir::stl::populateSTLEncodeDecodeToGPUPatterns(
    RewritePatternSet &patterns, KernelModuleBuilder &kernels) {
  patterns.add<EncodeToGPU, DecodeToGPU>(patterns.getContext(), kernels);
}

void mlir::stl::populateSTLHadamardToGPUPatterns(RewritePatternSet &patterns,
                                                 KernelModuleBuilder &kernels) {
  patterns.add<HadamardToGPU>(patterns.getContext(), kernels);
}

void mlir::stl::populateSTLToGPUConversionPatterns(
    RewritePatternSet &patterns, KernelModuleBuilder &kernels) {
  populateSTLEncodeDecodeToGPUPatterns(patterns, kernels);
  populateSTLHadamardToGPUPatterns(patterns, kernels);
}

FailureOr<unsigned> mlir::stl::convertSTLToGPU(ModuleOp module,
                                               HadamardBackend backend) {
  if (failed(checkSTLToGPUPreconditions(module, backend)))
    return failure();
  KernelModuleBuilder kernels(module);
  RewritePatternSet patterns(module.getContext());
  populateSTLEncodeDecodeToGPUPatterns(patterns, kernels);
  if (backend == HadamardBackend::Generated)
    populateSTLHadamardToGPUPatterns(patterns, kernels);
  else if (backend == HadamardBackend::Cublas)
    populateSTLHadamardToLibraryCallPatterns(patterns);
  // Only the stl ops are rewritten: no folding or region simplification of
  // the surrounding code, and the kernels built on the way are not visited.
  GreedyRewriteConfig config;
  config.setUseTopDownTraversal()
      .setStrictness(GreedyRewriteStrictness::ExistingOps)
      .enableFolding(false)
      .enableConstantCSE(false)
      .setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  (void)applyPatternsGreedily(module, std::move(patterns), config);
  // The preconditions hold, so every op converts; anything left is a bug
  // that must not pass silently.
  WalkResult left = module->walk([&](Operation *op) {
    if (isa<EncodeOp, DecodeOp>(op) ||
        (backend != HadamardBackend::None && isa<HadamardOp>(op))) {
      op->emitOpError() << "was not converted to GPU kernels";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (left.wasInterrupted())
    return failure();
  return kernels.getNumKernels();
}

namespace {
struct ConvertSTLToGPUPass
    : public mlir::stl::impl::ConvertSTLToGPUBase<ConvertSTLToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    FailureOr<unsigned> built =
        convertSTLToGPU(getOperation(), hadamardBackend);
    if (failed(built))
      return signalPassFailure();
    numKernels = *built;
  }
};
} // namespace
