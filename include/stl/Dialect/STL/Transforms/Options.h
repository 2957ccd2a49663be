//===- Options.h - Typed values of the STL passes' options ------*- C++ -*-===//
//
// Options that take one of a fixed set of values are enums parsed by the
// pass option machinery (`clEnumValN` in Passes.td): `--help` lists the
// values, a wrong one is refused with the list, and no pass parses strings.
//
//===----------------------------------------------------------------------===//

#ifndef STL_DIALECT_STL_TRANSFORMS_OPTIONS_H
#define STL_DIALECT_STL_TRANSFORMS_OPTIONS_H

#include "llvm/ADT/StringRef.h"

namespace mlir {
namespace stl {

/// The element type float operands are encoded in (what the Hadamard
/// product multiplies).
enum class EncodingType {
  /// Chosen per product (resolveEncodingType): F16 for 16-bit float
  /// products rewritten for a GPU target (the encoding a TensorCore GEMM
  /// takes), F32 otherwise. The default.
  Auto,
  /// f32 (f64 stays f64): exact encodings of 16-bit inputs; the CPU default.
  F32,
  /// f16, with a power-of-two scale per operand that provably keeps every
  /// encoded value finite (bf16 inputs convert to f16 exactly once scaled);
  /// the most accurate encoding a 16-bit TensorCore GEMM takes.
  F16,
  /// bf16: encoded sums rounded to 8 bits. Less precise; opt-in only, with a
  /// remark on every product.
  BF16,
  /// The operands' own type, unscaled: 16-bit encodings are rounded (and f16
  /// ones may overflow). Opt-in only, with a remark on every 16-bit product.
  Input,
};

/// What the cost model of scheme selection (scheme=auto, candidate lists)
/// estimates.
enum class CostTarget {
  /// Scalar multiplies after padding.
  Multiplies,
  /// Seconds on one core running --stl-cpu-pipeline's code.
  CPU,
  /// Seconds on an A100 (sm_80) or H100/H200 (sm_90, sm_90a): GEMM time plus
  /// encode/decode traffic.
  SM80,
  SM90,
  SM90a,
};

/// The option value naming `target` ("" for Multiplies).
llvm::StringRef stringifyCostTarget(CostTarget target);

/// Whether `target` is a GPU (sm_80, sm_90, sm_90a).
bool isGPUCostTarget(CostTarget target);

/// The encoding a product whose operands are floats of `floatWidth` bits (0
/// for integers) gets when `requested` is asked for with cost target
/// `target`: `requested` itself unless it is Auto, which becomes F16 (scaled)
/// for 16-bit floats on a GPU target, whose TensorCore GEMMs take 16-bit
/// operands only, and F32 (exact encodings) everywhere else, the CPU
/// included.
EncodingType resolveEncodingType(EncodingType requested, unsigned floatWidth,
                                 CostTarget target);

/// How --stl-report writes.
enum class ReportFormat { Text, JSON };

/// The sm_90a GEMM schedule an option asks for.
enum class ScheduleChoice {
  /// The configuration heuristic decides.
  Choose,
  DataParallel,
  Persistent,
};

} // namespace stl
} // namespace mlir

#endif // STL_DIALECT_STL_TRANSFORMS_OPTIONS_H
