//===- SchemeSelection.cpp - scheme=auto and candidate lists --------------===//
//
// Each product gets the candidate scheme and operand order the cost model
// (CostModel.cpp) prefers, or is left alone if none beats it as written.
//
//===----------------------------------------------------------------------===//

#include "RewriteMatmulInternal.h"
#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Scheme/Scheme.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::detail;

//===----------------------------------------------------------------------===//
// Scheme selection
//===----------------------------------------------------------------------===//

/// Bytes of one element of the encoded operands for `input` elements.
static unsigned getEncodedBytes(Type input, EncodingType encoding,
                                CostTarget target) {
  unsigned bytes = llvm::divideCeil(input.getIntOrFloatBitWidth(), 8);
  if (!isa<FloatType>(input))
    return bytes;
  // The encoding the rewrite will use, so that the cost model and the
  // rewrite agree (a 16-bit product on a GPU target is costed at the
  // TensorCore rate of its f16 encodings).
  switch (
      resolveEncodingType(encoding, input.getIntOrFloatBitWidth(), target)) {
  case EncodingType::Auto:
    llvm_unreachable("resolveEncodingType resolves auto");
  case EncodingType::F32:
    return std::max(bytes, 4u);
  case EncodingType::F16:
  case EncodingType::BF16:
    return 2;
  case EncodingType::Input:
    return bytes;
  }
  return bytes;
}

/// Picks, among options.candidates, the scheme and operand order that
/// minimise estimateCost for `op`, and says why in `selection`. Fails (with
/// `why`) if none beats the product as written. Products whose structure
/// is not a plain matrix product get the first candidate, for which
/// matchMatmul then gives the reason.
FailureOr<RewriteMatmulOptions>
mlir::stl::detail::selectScheme(linalg::LinalgOp op,
                                const RewriteMatmulOptions &options,
                                std::string &selection, std::string &why) {
  RewriteMatmulOptions chosen = options;
  chosen.candidates.clear();
  chosen.scheme = options.candidates.front();
  chosen.schemeIsExact = true;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return chosen;
  Type inType = getElementTypeOrSelf(op.getDpsInputs()[0].getType());
  Type outType = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  if (!inType.isIntOrFloat() || !outType.isIntOrFloat())
    return chosen;
  bool integer = isa<IntegerType>(outType);
  unsigned inBytes = llvm::divideCeil(inType.getIntOrFloatBitWidth(), 8);
  unsigned outBytes = llvm::divideCeil(outType.getIntOrFloatBitWidth(), 8);
  unsigned encBytes = getEncodedBytes(inType, options.encoding, options.target);

  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // Extents are user input: a batch whose size overflows is costed as a
  // dynamic one (the matcher then refuses it with the reason).
  SmallVector<int64_t> batchExtents;
  for (unsigned d : dims->batch)
    batchExtents.push_back(ranges[d]);
  int64_t batch = checkedProduct(batchExtents).value_or(ShapedType::kDynamic);
  unsigned m = dims->m.front(), n = dims->n.front(), k = dims->k.front();
  bool dynamic =
      ShapedType::isDynamic(batch) || ShapedType::isDynamic(ranges[m]) ||
      ShapedType::isDynamic(ranges[n]) || ShapedType::isDynamic(ranges[k]);

  struct Choice {
    SchemeAttr scheme;
    bool swap = false;
    double cost = 0;
  };
  std::optional<Choice> best, second;
  for (SchemeAttr scheme : options.candidates) {
    if (integer && !scheme.hasIntegerCoefficients())
      continue;
    for (bool swap : {false, true}) {
      Choice c{scheme, swap, 0};
      if (dynamic) {
        // Sizes unknown: the best multiply ratio, padding ignored.
        c.cost = double(scheme.getRank()) /
                 double(scheme.getM() * scheme.getK() * scheme.getN());
      } else {
        int64_t rows = ranges[swap ? n : m], cols = ranges[swap ? m : n];
        Value rhs = op.getDpsInputs()[swap ? 0 : 1];
        c.cost = estimateCost(scheme, batch, rows, ranges[k], cols, inBytes,
                              encBytes, outBytes, isConstantTensor(rhs),
                              options.target);
      }
      if (!best || c.cost < best->cost) {
        if (best && best->scheme != c.scheme)
          second = best;
        best = c;
      } else if (c.scheme != best->scheme &&
                 (!second || c.cost < second->cost)) {
        second = c;
      }
    }
  }
  if (!best) {
    why = "no candidate scheme has integer coefficients";
    return failure();
  }
  chosen.scheme = best->scheme;
  chosen.swapOperands = best->swap;

  std::string text;
  llvm::raw_string_ostream os(text);
  StringRef unit =
      (options.target == CostTarget::Multiplies) ? " multiplies" : " s";
  auto printCost = [&](double cost) {
    if ((options.target == CostTarget::Multiplies))
      os << static_cast<int64_t>(cost);
    else
      os << llvm::format("%.3g", cost);
    os << unit;
  };
  if (dynamic) {
    os << "chose '" << best->scheme.getName()
       << "' for its multiply ratio (dynamic extents)";
  } else {
    int64_t rows = ranges[m], cols = ranges[n];
    Value rhs = op.getDpsInputs()[1];
    double plain =
        estimateCost(nullptr, batch, rows, ranges[k], cols, inBytes, encBytes,
                     outBytes, isConstantTensor(rhs), options.target);
    bool saves = options.minSaving == 0.0
                     ? best->cost < plain
                     : best->cost <= plain * (1.0 - options.minSaving / 100.0);
    if (!saves && !options.force) {
      os << "no candidate pays off: the best, '" << best->scheme.getName()
         << "', costs ";
      printCost(best->cost);
      os << " against ";
      printCost(plain);
      os << " as written";
      if (!(options.target == CostTarget::Multiplies))
        os << " on " << stringifyCostTarget(options.target);
      why = text;
      return failure();
    }
    os << "chose '" << best->scheme.getName() << "'"
       << (best->swap ? " with the operands swapped" : "") << " among "
       << options.candidates.size() << " candidates: ";
    printCost(best->cost);
    os << " against ";
    printCost(plain);
    os << " as written";
    if (second) {
      os << ", next best '" << second->scheme.getName() << "' ";
      printCost(second->cost);
    }
    if (!(options.target == CostTarget::Multiplies))
      os << " (cost model for " << stringifyCostTarget(options.target) << ")";
  }
  selection = text;
  return chosen;
}
