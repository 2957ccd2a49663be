//===- PadHadamard.cpp - Zero-pad hadamard operands to the block tile -----===//
//
// The TensorCore kernels have no bounds checks in their main loop; the
// padding is done on tensors, where the GPU conversion can fuse it into the
// encode and decode kernels.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "stl/Codegen/GPU/KernelBuilder.h"

#include "mlir/Dialect/Tensor/Utils/Utils.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLGPUPADHADAMARD
#include "stl/Codegen/GPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

FailureOr<HadamardOp> mlir::stl::padHadamardToTile(RewriterBase &rewriter,
                                                   HadamardOp op,
                                                   KernelConfigAttr config) {
  FailureOr<GemmShape> shape = getGemmShape(op);
  if (failed(shape))
    return failure();
  // The SIMT fallback checks bounds itself.
  if (gpu_codegen::isSimtConfig(config))
    return op;
  ArrayRef<int64_t> tile = config.getBlockTile();
  auto roundUp = [](int64_t v, int64_t m) { return ceilDiv(v, m) * m; };
  int64_t rows = roundUp(shape->rows, tile[0]);
  int64_t inner = roundUp(shape->inner, tile[2]);
  int64_t cols = roundUp(shape->cols, tile[1]);
  if (rows == shape->rows && inner == shape->inner && cols == shape->cols)
    return op;

  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  auto pad = [&](Value v, int64_t r, int64_t c) -> Value {
    auto type = cast<RankedTensorType>(v.getType());
    int64_t rank = type.getRank();
    if (type.getDimSize(rank - 2) == r && type.getDimSize(rank - 1) == c)
      return v;
    SmallVector<int64_t> shapeVec(type.getShape());
    shapeVec[rank - 2] = r;
    shapeVec[rank - 1] = c;
    Value zero = arith::ConstantOp::create(
        rewriter, loc, rewriter.getZeroAttr(type.getElementType()));
    return tensor::createPadHighOp(type.clone(shapeVec), v, zero,
                                   /*nofold=*/false, loc, rewriter);
  };
  Value lhs = pad(op.getLhs(), rows, inner);
  Value rhs = pad(op.getRhs(), inner, cols);
  RankedTensorType resultType = op.getResult().getType();
  int64_t rank = resultType.getRank();
  SmallVector<int64_t> paddedShape(resultType.getShape());
  paddedShape[rank - 2] = rows;
  paddedShape[rank - 1] = cols;
  auto padded = HadamardOp::create(rewriter, loc, resultType.clone(paddedShape),
                                   lhs, rhs);
  padded->setDiscardableAttrs(op->getDiscardableAttrDictionary());
  SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : resultType.getShape())
    sizes.push_back(rewriter.getIndexAttr(d));
  Value slice = tensor::ExtractSliceOp::create(
      rewriter, loc, resultType, padded.getResult(), offsets, sizes, strides);
  rewriter.replaceOp(op, slice);
  return padded;
}

namespace {
struct STLGPUPadHadamardPass
    : public mlir::stl::impl::STLGPUPadHadamardBase<STLGPUPadHadamardPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<HadamardOp> ops;
    getOperation()->walk([&](HadamardOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (HadamardOp op : ops) {
      auto config = op->getAttrOfType<KernelConfigAttr>(kKernelConfigAttrName);
      if (!config)
        continue;
      if (failed(padHadamardToTile(rewriter, op, config)))
        return signalPassFailure();
    }
  }
};
} // namespace
