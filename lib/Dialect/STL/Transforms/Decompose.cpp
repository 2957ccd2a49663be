//===- Decompose.cpp - stl.matmul into its three stages -------------------===//

#include "stl/Dialect/STL/Transforms/Passes.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLDECOMPOSE
#include "stl/Dialect/STL/Transforms/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

FailureOr<DecodeOp> mlir::stl::decomposeMatmul(RewriterBase &rewriter,
                                               MatmulOp op) {
  Location loc = op.getLoc();
  SchemeAttr scheme = op.getScheme();
  auto lhsType = op.getLhs().getType();
  auto rhsType = op.getRhs().getType();
  auto resultType = op.getResult().getType();
  // Products are kept in at least f32 whatever the declared accumulator:
  // 16-bit products would be rounded before decode sums (and cancels) them.
  Type acc = op.getAccumulatorType();
  if (auto f = dyn_cast<FloatType>(acc); f && f.getWidth() < 32)
    acc = rewriter.getF32Type();

  // Operands are encoded in their own element type: that is what a
  // TensorCore consumes (bf16/f16), and the rounding the paper reports.
  Value lhs =
      EncodeOp::create(rewriter, loc,
                       EncodeOp::inferResultType(lhsType, Side::lhs, scheme,
                                                 lhsType.getElementType()),
                       op.getLhs(), Side::lhs, scheme);
  Value rhs = op.getRhs();
  if (!op.getRhsEncoded())
    rhs = EncodeOp::create(rewriter, loc,
                           EncodeOp::inferResultType(rhsType, Side::rhs, scheme,
                                                     rhsType.getElementType()),
                           rhs, Side::rhs, scheme);
  auto lhsEncType = cast<RankedTensorType>(lhs.getType());
  auto rhsEncType = cast<RankedTensorType>(rhs.getType());

  int64_t b = lhsEncType.getRank() - 3;
  SmallVector<int64_t> prodShape(lhsEncType.getShape().take_front(b + 2));
  prodShape.push_back(rhsEncType.getDimSize(b + 2));
  auto prodType = RankedTensorType::get(prodShape, acc);
  auto hadamard = HadamardOp::create(rewriter, loc, prodType, lhs, rhs);
  if (Attribute selection = op->getAttr(kSelectionAttrName))
    hadamard->setAttr(kSelectionAttrName, selection);
  Value prod = hadamard.getResult();
  auto decode =
      DecodeOp::create(rewriter, loc, resultType, prod, scheme, op.getInit());
  rewriter.replaceOp(op, decode.getResult());
  return decode;
}

namespace {
struct DecomposeMatmulPattern : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    return decomposeMatmul(rewriter, op);
  }
};

struct STLDecomposePass
    : public mlir::stl::impl::STLDecomposeBase<STLDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateDecomposePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::stl::populateDecomposePatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeMatmulPattern>(patterns.getContext());
}
