//===- HadamardBackend.h - Who runs the GPU batched products ----*- C++ -*-===//
//
// The value of convert-stl-to-gpu's and stl-gpu-pipeline's
// `hadamard-backend` option; apart from STLToGPU.h so that the generated pass
// declarations can name it.
//
//===----------------------------------------------------------------------===//

#ifndef STL_CONVERSION_STLTOGPU_HADAMARDBACKEND_H
#define STL_CONVERSION_STLTOGPU_HADAMARDBACKEND_H

namespace mlir {
namespace stl {

/// What runs the batched products.
enum class HadamardBackend {
  /// The TensorCore kernel that each `#stl.kernel_config` describes.
  Generated,
  /// libstl_runtime's cuBLASLt batched GEMM.
  Cublas,
  /// Left alone (e.g. for convert-stl-to-linalg).
  None,
};

} // namespace stl
} // namespace mlir

#endif // STL_CONVERSION_STLTOGPU_HADAMARDBACKEND_H
