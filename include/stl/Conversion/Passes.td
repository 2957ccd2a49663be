//===- Passes.td - STL conversion passes -------------------*- tablegen -*-===//

#ifndef STL_CONVERSION_PASSES_TD
#define STL_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSTLToLinalg : Pass<"convert-stl-to-linalg"> {
  let summary = "Lower stl ops to linalg structured ops";
  let description = [{
    `stl.matmul` is first decomposed. `stl.encode` and `stl.decode` become
    `linalg.generic` contractions of the tiled operand with the scheme's
    coefficients (a constant r x m x k, r x k x n or m x n x r tensor),
    between `tensor.expand_shape`/`tensor.collapse_shape` that expose the
    tiles; `stl.hadamard` becomes `linalg.batch_matmul` with the scheme rank
    folded into the batch. Upstream tiling, fusion and bufferization apply to
    the result.

    With `encodings=false` only `stl.matmul` (decomposed) and `stl.hadamard`
    are lowered: the CPU pipeline tiles and vectorizes the batched GEMM first,
    then outlines the encodings (`stl-cpu-outline-encodings`) and lowers
    them with a second run.
  }];
  let options = [
    Option<"lowerEncodings", "encodings", "bool", /*default=*/"true",
           "Also lower stl.encode and stl.decode (false: leave them for a "
           "later run)">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // STL_CONVERSION_PASSES_TD
