//===- VectorizeEncodings.cpp - stl.encode / stl.decode as vector loops ---===//
//
// Encode and decode are memory bound: what they cost is how often and how
// they touch memory. Lowered as linalg and then scalar loops, each tile
// phase is a strided access and LLVM does not vectorize the loop (too many
// pointers to check for aliasing), so the STL form lost to the direct
// product on its encodings alone. Here they become loops over tile rows
// that read each operand row once, as contiguous vectors of `w` tiles, split
// the tile phases apart with shuffles, evaluate every scheme row over its
// nonzero coefficients in vector registers, and store unit-stride vectors:
// the same sums in the same order as the linalg form, at memory speed.
//
// The loops work on buffers (bufferization.to_buffer of the operands, a new
// buffer for the result, handed back with bufferization.to_tensor): on
// tensors, the r stores of every strip are a chain of r tensor values that
// one-shot bufferization analyses in quadratic time, minutes for the
// rank-336 Kronecker schemes.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/CPU/Passes.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Utils/LinearCombination.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLCPUVECTORIZEENCODINGS
#include "stl/Codegen/CPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

namespace {
/// Builds the loops and vector accesses of one encoding over buffers.
class EncodingBuilder {
public:
  EncodingBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value mul(Value x, int64_t c) {
    return c == 1 ? x : arith::MulIOp::create(b, loc, x, index(c)).getResult();
  }
  Value dim(Value v, int64_t d) { return tensor::DimOp::create(b, loc, v, d); }

  /// The buffer of `tensor`, read only, with any strides but a unit stride
  /// along rows (a tensor the pipeline bufferizes always has one).
  Value buffer(Value tensor) {
    auto type = cast<RankedTensorType>(tensor.getType());
    SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
    strides.back() = 1;
    auto layout =
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, strides);
    auto memrefType =
        MemRefType::get(type.getShape(), type.getElementType(), layout);
    return bufferization::ToBufferOp::create(b, loc, memrefType, tensor,
                                             /*readOnly=*/true);
  }

  /// A new buffer for a value of `type` with `dynamicSizes`, aligned to a
  /// cache line (as bufferization aligns its own) so that full vector
  /// stores never straddle two lines.
  Value alloc(RankedTensorType type, ValueRange dynamicSizes) {
    auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
    return memref::AllocOp::create(b, loc, memrefType, dynamicSizes,
                                   b.getI64IntegerAttr(64));
  }

  /// `buffer` handed back as the tensor of `type`.
  Value tensor(Value buffer, RankedTensorType type) {
    return bufferization::ToTensorOp::create(b, loc, type, buffer,
                                             /*restrict=*/true,
                                             /*writable=*/true);
  }

  /// The `width` elements of `source` at `indices` (the last index along
  /// rows), converted to `type`.
  Value load(Value source, ValueRange indices, int64_t width, Type type) {
    Type elementType = cast<MemRefType>(source.getType()).getElementType();
    Value v = vector::LoadOp::create(
        b, loc, VectorType::get({width}, elementType), source, indices);
    return castElements(b, loc, v, type);
  }

  /// Stores `value`, converted to the element type of `dest`, at `indices`.
  void store(Value value, Value dest, ValueRange indices) {
    Type elementType = cast<MemRefType>(dest.getType()).getElementType();
    vector::StoreOp::create(b, loc, castElements(b, loc, value, elementType),
                            dest, indices);
  }

  /// The `count` phases of `row` (w*count elements, w tiles of `count`
  /// consecutive elements): phase c holds elements c, c+count, ...
  SmallVector<Value> deinterleave(Value row, int64_t count) {
    if (count == 1)
      return {row};
    int64_t w = cast<VectorType>(row.getType()).getNumElements() / count;
    SmallVector<Value> phases;
    for (int64_t c = 0; c < count; ++c) {
      SmallVector<int64_t> mask;
      for (int64_t j = 0; j < w; ++j)
        mask.push_back(j * count + c);
      phases.push_back(vector::ShuffleOp::create(b, loc, row, row, mask));
    }
    return phases;
  }

  /// The inverse of deinterleave: one vector holding phases[c][j] at
  /// j*count + c.
  Value interleave(ArrayRef<Value> phases) {
    if (phases.size() == 1)
      return phases.front();
    int64_t w = cast<VectorType>(phases.front().getType()).getNumElements();
    int64_t count = phases.size();
    // Concatenate, then permute once.
    Value all = phases.front();
    for (Value p : phases.drop_front()) {
      int64_t have = cast<VectorType>(all.getType()).getNumElements();
      SmallVector<int64_t> mask =
          llvm::to_vector(llvm::seq<int64_t>(0, have + w));
      all = vector::ShuffleOp::create(b, loc, all, p, mask);
    }
    SmallVector<int64_t> mask;
    for (int64_t j = 0; j < w; ++j)
      for (int64_t c = 0; c < count; ++c)
        mask.push_back(c * w + j);
    return vector::ShuffleOp::create(b, loc, all, all, mask);
  }

  /// for (pos = lb; pos < ub; pos += step) body(pos).
  void loop(Value lb, Value ub, int64_t step, function_ref<void(Value)> body) {
    scf::ForOp::create(b, loc, lb, ub, index(step), ValueRange{},
                       [&](OpBuilder &nb, Location, Value iv, ValueRange) {
                         OpBuilder::InsertionGuard guard(b);
                         b.setInsertionPoint(nb.getInsertionBlock(),
                                             nb.getInsertionPoint());
                         body(iv);
                         scf::YieldOp::create(b, loc);
                       });
  }

  /// Runs `body` over the batch and tile-row positions `extents` (in
  /// parallel) and then, inside, `passes` times over the tile columns [0,
  /// columns): in steps of `width` while a whole step fits, then one at a
  /// time. `body` gets the outer positions, the column, the step and the
  /// pass.
  void forEachTileStrip(
      ArrayRef<Value> extents, Value columns, int64_t width, int64_t passes,
      function_ref<void(ArrayRef<Value>, Value, int64_t, int64_t)> body) {
    SmallVector<Value> lbs(extents.size(), index(0));
    SmallVector<Value> steps(extents.size(), index(1));
    Value whole =
        mul(arith::DivUIOp::create(b, loc, columns, index(width)), width);
    // The outer positions write disjoint tile rows: an scf.parallel, which
    // the pipeline runs on threads or in order.
    scf::ParallelOp::create(
        b, loc, lbs, extents, steps,
        [&](OpBuilder &nb, Location, ValueRange ivs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          SmallVector<Value> outer(ivs);
          for (int64_t pass = 0; pass < passes; ++pass) {
            loop(index(0), whole, width,
                 [&](Value col) { body(outer, col, width, pass); });
            loop(whole, columns, 1,
                 [&](Value col) { body(outer, col, 1, pass); });
          }
        });
  }

private:
  OpBuilder &b;
  Location loc;
};
} // namespace

/// The most tile elements an encode holds in registers per strip: the m*k
/// phases of w tiles. Beyond 16 vectors of 16 floats the phases of large
/// tiles (8x8 Kronecker schemes) spill; their strips are narrowed to fit.
static constexpr int64_t kPhaseElements = 256;

/// stl.encode: for each tile row I, in passes over groups of at most
/// kMaxPlanesPerPass coefficients l (each pass re-reading the tile row from
/// L1/L2), and for each strip of w tile columns J..,
/// loads the m tile rows in[.., I*m+a, J*k : (J+w)*k], splits each into its
/// k phases and stores out[.., l, I, J : J+w] for the pass's l.
static Value vectorizeEncode(OpBuilder &b, EncodeOp op, int64_t vectorWidth) {
  Location loc = op.getLoc();
  EncodingBuilder eb(b, loc);
  SchemeAttr scheme = op.getScheme();
  // Named variables: lambdas below capture them (C++17 cannot capture
  // structured bindings).
  int64_t tr = op.getTileShape().first, tc = op.getTileShape().second;
  int64_t r = scheme.getRank();
  ArrayRef<double> coeffs = op.getSide() == Side::lhs
                                ? scheme.getUCoefficients()
                                : scheme.getVCoefficients();
  RankedTensorType resultType = op.getResult().getType();
  int64_t nb = resultType.getRank() - 3;
  Type accType = getAccumulationType(resultType.getElementType());

  SmallVector<Value> outer;
  for (int64_t d = 0; d < nb; ++d)
    outer.push_back(eb.dim(op.getInput(), d));
  SmallVector<Value> dynamicSizes;
  for (auto [d, size] : llvm::enumerate(outer))
    if (resultType.isDynamicDim(d))
      dynamicSizes.push_back(size);
  Value rows =
      arith::DivUIOp::create(b, loc, eb.dim(op.getInput(), nb), eb.index(tr));
  Value cols = arith::DivUIOp::create(b, loc, eb.dim(op.getInput(), nb + 1),
                                      eb.index(tc));
  if (resultType.isDynamicDim(nb + 1))
    dynamicSizes.push_back(rows);
  if (resultType.isDynamicDim(nb + 2))
    dynamicSizes.push_back(cols);
  outer.push_back(rows);
  Value input = eb.buffer(op.getInput());
  Value out = eb.alloc(resultType, dynamicSizes);

  int64_t perPass = getPlanesPerPass(r);
  int64_t passes = llvm::divideCeil(r, perPass);
  int64_t width =
      std::max<int64_t>(1, std::min(vectorWidth, kPhaseElements / (tr * tc)));
  eb.forEachTileStrip(
      outer, cols, width, passes,
      [&](ArrayRef<Value> pos, Value col, int64_t w, int64_t pass) {
        SmallVector<Value> phases; // Index a * tc + c.
        for (int64_t a = 0; a < tr; ++a) {
          SmallVector<Value> at(pos.drop_back());
          at.push_back(arith::AddIOp::create(b, loc, eb.mul(pos.back(), tr),
                                             eb.index(a)));
          at.push_back(eb.mul(col, tc));
          llvm::append_range(
              phases, eb.deinterleave(eb.load(input, at, w * tc, accType), tc));
        }
        for (int64_t l = pass * perPass; l < std::min(r, (pass + 1) * perPass);
             ++l) {
          Value y = buildLinearCombination(b, loc, phases.front().getType(),
                                           coeffs.slice(l * tr * tc, tr * tc),
                                           phases);
          SmallVector<Value> at(pos.drop_back());
          at.append({eb.index(l), pos.back(), col});
          eb.store(y, out, at);
        }
      });
  return eb.tensor(out, resultType);
}

/// stl.decode: for each tile row I, in passes over groups of products, and
/// for each strip of w tile columns L.., loads the pass's products in[.., l,
/// I, L : L+w] and, for each tile row a, the row so far (the init's, or the
/// previous pass's) split into its n phases; adds the decoder's sums to it
/// and stores the row, interleaved, into a new buffer.
static Value vectorizeDecode(OpBuilder &b, DecodeOp op, int64_t vectorWidth) {
  Location loc = op.getLoc();
  EncodingBuilder eb(b, loc);
  SchemeAttr scheme = op.getScheme();
  int64_t m = scheme.getM(), n = scheme.getN(), r = scheme.getRank();
  ArrayRef<double> coeffs = scheme.getWCoefficients();
  RankedTensorType inType = op.getInput().getType();
  RankedTensorType resultType = op.getResult().getType();
  int64_t nb = inType.getRank() - 3;
  Type accType = getDecodeAccumulationType(inType.getElementType(),
                                           resultType.getElementType());

  SmallVector<Value> outer;
  for (int64_t d = 0; d < nb; ++d)
    outer.push_back(eb.dim(op.getInput(), d));
  Value rows = eb.dim(op.getInput(), nb + 1);
  Value cols = eb.dim(op.getInput(), nb + 2);
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < nb; ++d)
    if (resultType.isDynamicDim(d))
      dynamicSizes.push_back(outer[d]);
  if (resultType.isDynamicDim(nb))
    dynamicSizes.push_back(eb.mul(rows, m));
  if (resultType.isDynamicDim(nb + 1))
    dynamicSizes.push_back(eb.mul(cols, n));
  outer.push_back(rows);
  Value input = eb.buffer(op.getInput());
  Value init = op.getInit() ? eb.buffer(op.getInit()) : Value();
  Value out = eb.alloc(resultType, dynamicSizes);

  // Products in passes of at most kMaxPlanesPerPass planes, each adding its
  // share to the output rows that the previous pass stored (hot in L1/L2);
  // only where the result is stored in the accumulation type, so that the
  // partial sums, and so the result, are exactly those of one pass.
  int64_t perPass =
      resultType.getElementType() == accType ? getPlanesPerPass(r) : r;
  int64_t passes = llvm::divideCeil(r, perPass);
  eb.forEachTileStrip(
      outer, cols, vectorWidth, passes,
      [&](ArrayRef<Value> pos, Value col, int64_t w, int64_t pass) {
        int64_t first = pass * perPass, last = std::min(r, first + perPass);
        SmallVector<Value> products;
        for (int64_t l = first; l < last; ++l) {
          SmallVector<Value> at(pos.drop_back());
          at.append({eb.index(l), pos.back(), col});
          products.push_back(eb.load(input, at, w, accType));
        }
        for (int64_t a = 0; a < m; ++a) {
          SmallVector<Value> at(pos.drop_back());
          at.push_back(arith::AddIOp::create(b, loc, eb.mul(pos.back(), m),
                                             eb.index(a)));
          at.push_back(eb.mul(col, n));
          SmallVector<Value> starts(n, Value());
          if (pass > 0)
            starts = eb.deinterleave(eb.load(out, at, w * n, accType), n);
          else if (init)
            starts = eb.deinterleave(eb.load(init, at, w * n, accType), n);
          SmallVector<Value> phases;
          for (int64_t c = 0; c < n; ++c) {
            SmallVector<double> row;
            for (int64_t l = first; l < last; ++l)
              row.push_back(coeffs[(a * n + c) * r + l]);
            phases.push_back(buildLinearCombination(
                b, loc, products.front().getType(), row, products, starts[c]));
          }
          eb.store(eb.interleave(phases), out, at);
        }
      });
  return eb.tensor(out, resultType);
}

FailureOr<Value> mlir::stl::vectorizeEncoding(RewriterBase &rewriter,
                                              Operation *op,
                                              int64_t vectorWidth) {
  if (vectorWidth < 1)
    return rewriter.notifyMatchFailure(op, "vector width below 1");
  if (!isa<EncodeOp, DecodeOp>(op))
    return rewriter.notifyMatchFailure(op, "not an stl.encode or stl.decode");
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Value result =
      isa<EncodeOp>(op)
          ? vectorizeEncode(rewriter, cast<EncodeOp>(op), vectorWidth)
          : vectorizeDecode(rewriter, cast<DecodeOp>(op), vectorWidth);
  rewriter.replaceOp(op, result);
  return result;
}

namespace {
struct VectorizeEncodingsPass
    : public mlir::stl::impl::STLCPUVectorizeEncodingsBase<
          VectorizeEncodingsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorWidth < 1) {
      getOperation()->emitError()
          << "stl-cpu-vectorize-encodings: vector-width must be at least 1";
      return signalPassFailure();
    }
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<EncodeOp, DecodeOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops)
      (void)vectorizeEncoding(rewriter, op, vectorWidth);
  }
};
} // namespace
