//===- CostModel.cpp - First-order cost of a product with and without STL -===//
//
// time = 2 * multiplies / GEMM throughput + bytes moved / memory bandwidth,
// where the STL form moves, besides what the batched GEMM reads and writes,
// the encode of each operand (read the operand, write its encoding; none for
// a constant rhs, encoded at compile time) and the decode (read the
// products, write the result). The figures are those of docs/CostModel.md.
// Without a target the cost is the number of multiplies.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Transforms.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::stl;

namespace {
struct TargetFigures {
  /// Multiply-adds per second counted as 2 flops: 16-bit operands
  /// (TensorCores on a GPU) and 32-bit or wider operands.
  double flops16, flops32;
  /// Bytes read + written per second.
  double bandwidth;
};
} // namespace

static std::optional<TargetFigures> getFigures(StringRef target) {
  return llvm::StringSwitch<std::optional<TargetFigures>>(target)
      // H100/H200 SXM: dense bf16 750 TFLOP/s and 3.0 TB/s streaming
      // (docs/CostModel.md); f32 without TensorCores 67 TFLOP/s.
      .Case("sm_90a", TargetFigures{750e12, 67e12, 3.0e12})
      .Case("sm_90", TargetFigures{750e12, 67e12, 3.0e12})
      // A100 SXM: bf16 312 TFLOP/s, f32 19.5 TFLOP/s, 1.55 TB/s.
      .Case("sm_80", TargetFigures{312e12, 19.5e12, 1.55e12})
      // One core running the CPU path's scalar loops.
      .Case("cpu", TargetFigures{2e9, 2e9, 10e9})
      .Default(std::nullopt);
}

bool mlir::stl::isKnownCostTarget(StringRef target) {
  return target.empty() || getFigures(target).has_value();
}

double mlir::stl::estimateCost(SchemeAttr scheme, int64_t batch, int64_t rows,
                               int64_t inner, int64_t cols,
                               unsigned operandBytes, unsigned encodedBytes,
                               unsigned resultBytes, bool rhsConstant,
                               StringRef target) {
  double b = static_cast<double>(batch);
  std::optional<TargetFigures> figures = getFigures(target);
  if (!scheme) {
    double multiplies = b * rows * inner * cols;
    if (!figures)
      return multiplies;
    double flops = operandBytes <= 2 ? figures->flops16 : figures->flops32;
    // A GEMM reads both operands (a constant one too) and writes C.
    double bytes =
        b * (double(rows) * inner + double(inner) * cols) * operandBytes +
        b * double(rows) * cols * resultBytes;
    return 2.0 * multiplies / flops + bytes / figures->bandwidth;
  }
  double tr = llvm::divideCeil(rows, scheme.getM());
  double ti = llvm::divideCeil(inner, scheme.getK());
  double tc = llvm::divideCeil(cols, scheme.getN());
  double r = scheme.getRank();
  double multiplies = b * r * tr * ti * tc;
  if (!figures)
    return multiplies;
  double flops = encodedBytes <= 2 ? figures->flops16 : figures->flops32;
  double lhsEncoded = b * r * tr * ti * encodedBytes;
  double rhsEncoded = b * r * ti * tc * encodedBytes;
  double products = b * r * tr * tc * 4.0;
  double bytes = 0;
  // Encode: read each operand, write its encoding.
  bytes += b * double(rows) * inner * operandBytes + lhsEncoded;
  if (!rhsConstant)
    bytes += b * double(inner) * cols * operandBytes + rhsEncoded;
  // Batched GEMM: read both encodings, write the products.
  bytes += lhsEncoded + rhsEncoded + products;
  // Decode: read the products, write the result.
  bytes += products + b * double(rows) * cols * resultBytes;
  return 2.0 * multiplies / flops + bytes / figures->bandwidth;
}
