//===- CostModel.cpp - First-order cost of a product with and without STL -===//
//
// time = 2 * multiplies / GEMM throughput + bytes moved / memory bandwidth
//        + encode/decode terms / term rate,
// where the STL form moves, besides what the batched GEMM reads and writes,
// the encode of each operand (read the operand, write its encoding; none for
// a constant rhs, encoded at compile time) and the decode (read the
// products, write the result), and sums one term per nonzero coefficient
// and tile. The figures are those of docs/CostModel.md.
// Without a target the cost is the number of multiplies.
//
//===----------------------------------------------------------------------===//

#include "stl/Dialect/STL/Transforms/Transforms.h"
#include "stl/Support/Divisors.h"
#include "stl/Target/GPUTarget.h"

using namespace mlir;
using namespace mlir::stl;

namespace {
struct TargetFigures {
  /// Multiply-adds per second counted as 2 flops: 16-bit operands
  /// (TensorCores on a GPU) and 32-bit or wider operands.
  double flops16, flops32;
  /// Bytes read + written per second.
  double bandwidth;
  /// Terms of the encode and decode sums (nonzero coefficients times tiles)
  /// per second, where they cost more than their memory traffic.
  double termRate;
  /// Whether the GEMM's register tile must divide its M and N extents (the
  /// CPU pipeline's static tiling): extents without a good divisor then
  /// run at a fraction of the rate.
  bool dividingTiles = false;
};

/// The share of the GEMM rate a rows x cols result reaches when its 8 x 16
/// register tile shrinks to the largest divisors of the extents, as
/// stl-cpu-tile-and-vectorize picks it (an STL form padded to a prime
/// number of tile rows ran at a third of the dense product's speed).
static double dividingTileEfficiency(int64_t rows, int64_t cols) {
  return double(largestDivisorAtMost(rows, 8) *
                largestDivisorAtMost(cols, 16)) /
         (8.0 * 16.0);
}
} // namespace

static std::optional<TargetFigures> getFigures(CostTarget target) {
  switch (target) {
  case CostTarget::Multiplies:
    return std::nullopt;
  // The chip table's figures (GPUTarget.h). The encode/decode kernels are
  // bound by memory there, not by their sums (one thread per tile,
  // coefficients as immediates).
  case CostTarget::SM80:
  case CostTarget::SM90:
  case CostTarget::SM90a: {
    const GPUTarget *chip = lookupGPUTarget(stringifyCostTarget(target));
    assert(chip && "every GPU cost target is a row of the chip table");
    return TargetFigures{chip->tensorFlops16, chip->simtFlops32,
                         chip->memoryBandwidth, 1e30};
  }
  // One core running --stl-cpu-pipeline's code, measured with
  // bench/cpu_speed.py (docs/Performance.md): the vectorized f32 GEMM
  // at 70-100 GFLOP/s, the vector encode/decode loops at 9-23 GB/s
  // (read + written), their sums at about 30e9 terms per second (a
  // Kronecker scheme with thousands of nonzeros per tile is bound by
  // them: strassen*dps-4x4x4-r48 ran at 1.25x where dps-4x4x4-r48 ran at
  // 1.58x). 16-bit products are computed in f32.
  case CostTarget::CPU:
    return TargetFigures{80e9, 80e9, 15e9, 30e9, true};
  }
  llvm_unreachable("unknown cost target");
}

StringRef mlir::stl::stringifyCostTarget(CostTarget target) {
  switch (target) {
  case CostTarget::Multiplies:
    return "";
  case CostTarget::CPU:
    return "cpu";
  case CostTarget::SM80:
    return "sm_80";
  case CostTarget::SM90:
    return "sm_90";
  case CostTarget::SM90a:
    return "sm_90a";
  }
  llvm_unreachable("unknown cost target");
}

double mlir::stl::estimateCost(SchemeAttr scheme, int64_t batch, int64_t rows,
                               int64_t inner, int64_t cols,
                               unsigned operandBytes, unsigned encodedBytes,
                               unsigned resultBytes, bool rhsConstant,
                               CostTarget target) {
  double b = static_cast<double>(batch);
  std::optional<TargetFigures> figures = getFigures(target);
  if (!scheme) {
    double multiplies = b * rows * inner * cols;
    if (!figures)
      return multiplies;
    double flops = operandBytes <= 2 ? figures->flops16 : figures->flops32;
    if (figures->dividingTiles)
      flops *= dividingTileEfficiency(rows, cols);
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
  if (figures->dividingTiles)
    flops *= dividingTileEfficiency(static_cast<int64_t>(tr),
                                    static_cast<int64_t>(tc));
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
  // The sums of encode and decode: one term per nonzero coefficient and
  // tile.
  auto nonzeros = [](ArrayRef<double> coefficients) {
    return static_cast<double>(
        llvm::count_if(coefficients, [](double c) { return c != 0.0; }));
  };
  double terms = b * tr * ti * nonzeros(scheme.getUCoefficients()) +
                 b * tr * tc * nonzeros(scheme.getWCoefficients());
  if (!rhsConstant)
    terms += b * ti * tc * nonzeros(scheme.getVCoefficients());
  return 2.0 * multiplies / flops + bytes / figures->bandwidth +
         terms / figures->termRate;
}
