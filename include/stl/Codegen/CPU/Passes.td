//===- Passes.td - CPU code generation passes --------------*- tablegen -*-===//

#ifndef STL_CODEGEN_CPU_PASSES
#define STL_CODEGEN_CPU_PASSES

include "mlir/Pass/PassBase.td"

def STLCPUTileAndVectorize
    : InterfacePass<"stl-cpu-tile-and-vectorize", "mlir::FunctionOpInterface"> {
  let summary = "Tile linalg contractions for the caches and registers, then "
                "vectorize them into FMA outer products";
  let description = [{
    Every statically- or dynamically-shaped contraction on tensors
    (`linalg.matmul`, `linalg.batch_matmul`, and `linalg.generic`s with a
    multiply-add body and at least one M, N and K dimension) is tiled twice:
    a cache tile (`cache-tile`: M, N, K) chosen so that the reused panels stay
    in L1/L2, and a register tile (`register-tile`) that becomes one
    `vector.contract`, lowered to `vector.fma` outer products. Batch
    dimensions and extra M/N/K dimensions are tiled by 1. Partial tiles at
    the edges are vectorized with masks. Ops the vectorizer cannot handle
    stay tiled and scalar, with a remark.

    Run before bufferization; `stl-cpu-hoist-accumulators` after it keeps the
    accumulator tile in registers across the K loop.

    ```mlir
    %r = linalg.matmul ins(%a, %b : tensor<1024x1024xf32>, tensor<1024x1024xf32>)
                       outs(%c : tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
    // becomes scf.for (M, N, K cache tiles) { scf.for (M, N, K register
    // tiles) { vector.transfer_read x3; vector.fma ...; vector.transfer_write } }
    ```
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::vector::VectorDialect",
    "mlir::affine::AffineDialect", "mlir::ub::UBDialect"
  ];
  let options = [
    ListOption<"cacheTile", "cache-tile", "int64_t",
               "Cache tile sizes for the M, N and K dimensions (0: untiled)">,
    ListOption<"registerTile", "register-tile", "int64_t",
               "Register tile sizes for the M, N and K dimensions">,
  ];
}

def STLCPUHoistAccumulators
    : InterfacePass<"stl-cpu-hoist-accumulators", "mlir::FunctionOpInterface"> {
  let summary = "Keep vectorized accumulators in registers across reduction "
                "loops (after bufferization)";
  let description = [{
    Folds `memref.subview`s into the vector transfers that use them, moves
    loop-invariant code out of loops, and hoists each matching
    `vector.transfer_read`/`vector.transfer_write` pair on the same buffer and
    indices out of its loop, so that the loop carries the vector instead of
    re-reading and re-writing memory every iteration.
  }];
  let dependentDialects = ["mlir::vector::VectorDialect",
                           "mlir::affine::AffineDialect"];
}

def STLCPUOutlineEncodings : Pass<"stl-cpu-outline-encodings", "mlir::ModuleOp"> {
  let summary = "Move stl.encode and stl.decode into private functions shared "
                "by every product of the same kind";
  let description = [{
    Every `stl.encode` and `stl.decode` on tensors becomes a `func.call` of a
    private function holding the op on dynamically-shaped tensors, one
    function per op kind, scheme, side, element types, rank and init. The
    operands are `tensor.cast` to the dynamic types and the result back.

    Encodings are memory bound and gain nothing from shape specialization,
    but lowered in place every product carries its own loop nests: a module
    of many products then takes several times as long to compile as without
    the rewrite. Outlined, each product costs a batched GEMM and three calls.

    ```mlir
    %e = stl.encode lhs %x {scheme = #stl.scheme<"strassen">}
        : tensor<128x512xf32> -> tensor<7x64x256xf32>
    // becomes
    %d = tensor.cast %x : tensor<128x512xf32> to tensor<?x?xf32>
    %c = call @__stl_encode_lhs(%d) : (tensor<?x?xf32>) -> tensor<7x?x?xf32>
    %e = tensor.cast %c : tensor<7x?x?xf32> to tensor<7x64x256xf32>
    ```
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::tensor::TensorDialect"];
}

def STLCPUVectorizeEncodings
    : Pass<"stl-cpu-vectorize-encodings"> {
  let summary = "Lower stl.encode and stl.decode to loops of vector loads, "
                "shuffles and stores over the scheme's nonzero coefficients";
  let description = [{
    Every `stl.encode` and `stl.decode` on tensors (any shape, static or
    dynamic, with batch dimensions and an init) becomes a loop nest over
    the tile rows and strips of `vector-width` tile columns (then single
    columns for the rest). Each strip reads the operand's rows once as
    contiguous vectors, splits the tile phases apart with `vector.shuffle`,
    sums each scheme row over its nonzero coefficients (+-1 as additions,
    16-bit floats in f32) and writes unit-stride vectors; the decode
    interleaves its phases back into output rows. The sums are those of
    `convert-stl-to-linalg`, term for term. The loops read the operands'
    buffers (`bufferization.to_buffer`) and write a new buffer returned as
    a tensor (`bufferization.to_tensor restrict writable`); a decode's init
    is read, not updated in place.

    ```mlir
    %e = stl.encode lhs %x {scheme = #stl.scheme<"strassen">}
        : tensor<?x?xf32> -> tensor<7x?x?xf32>
    // becomes %xb = bufferization.to_buffer %x; %out = memref.alloc(...)
    // scf.for I { scf.for J step 16 {
    //   %r0 = vector.load %xb[2*I, 2*J] : vector<32xf32>   (and row 2*I+1)
    //   %x00 = vector.shuffle %r0, %r0 [0, 2, ...] ... (4 phases)
    //   %e0 = arith.addf %x00, %x11 ... 7 x vector.store into %out } }
    // %e = bufferization.to_tensor %out restrict writable
    ```
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::vector::VectorDialect"];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "Tiles handled per vector step">,
  ];
}

def STLCPUHadamardToBlas : Pass<"stl-cpu-hadamard-to-blas", "mlir::ModuleOp"> {
  let summary = "Compute f32 stl.hadamard products with the CPU's BLAS "
                "(cblas_sgemm)";
  let description = [{
    Every `stl.hadamard` with f32 operands and result becomes a loop of
    `cblas_sgemm` calls, one per product of the batch (the scheme rank times
    any batch dimensions), on the operands' buffers
    (`bufferization.to_buffer`) into a fresh result buffer. The BLAS then
    runs the r sub-products with its own kernels and threads
    (`OPENBLAS_NUM_THREADS`). The program must link a CBLAS: with
    mlir-runner, `-shared-libs=libopenblas.so.0`. Other element types stay
    for the generated GEMM, with a remark.

    Run on tensors, before `convert-stl-to-linalg`; `--stl-cpu-pipeline`
    does with `hadamard-backend=blas`.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::bufferization::BufferizationDialect",
                           "mlir::cf::ControlFlowDialect",
                           "mlir::func::FuncDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

#endif // STL_CODEGEN_CPU_PASSES
