//===- STLOps.td - STL operations --------------------------*- tablegen -*-===//

#ifndef STL_OPS_TD
#define STL_OPS_TD

include "stl/Dialect/STL/IR/STLAttrs.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/TilingInterface.td"

// Upstream tiling and fusion (scf::tileUsingSCF, tile_using_for, fuse) work on
// the stages of an STL product; the loops run over whole scheme tiles, so any
// tile size is valid (see STLOpInterfaces.cpp). The ops are not
// destination-style: an init is optional, and the destination of a tiled
// loop comes from the reified result shape.
defvar STL_TilingMethods = ["getLoopIteratorTypes", "getIterationDomain",
    "getTiledImplementation", "getResultTilePosition",
    "getIterationDomainTileFromResultTile", "generateResultTileValue"];
defvar STL_StageInterfaces = [Pure,
    DeclareOpInterfaceMethods<TilingInterface, STL_TilingMethods>,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                              ["reifyResultShapes"]>];

def STL_Tensor : RankedTensorOf<[AnyFloat, AnySignlessInteger]>;

def STL_EncodeOp : STL_Op<"encode", STL_StageInterfaces> {
  let summary = "encodes the tiles of a matrix-product operand";
  let description = [{
    Maps every tile of `input` to its `r` scheme coefficients. For the lhs
    (side `lhs`, tiles m x k, encoder U):

      out[l, I, J] = sum_{a,b} U[l, a*k+b] * in[I*m+a, J*k+b]

    so an M x K input becomes r x M/m x K/k. For the rhs (side `rhs`, tiles
    k x n, encoder V) a K x N input becomes r x K/k x N/n. Leading batch
    dimensions are carried through unchanged:

    ```mlir
    %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">}
        : tensor<4x64x32xf16> -> tensor<4x7x32x16xf16>
    ```

    Static tiled dimensions must be multiples of the tile; dynamic ones must
    be at run time (`--stl-rewrite-matmul` pads to guarantee it). The result
    element type may differ from the input's in width, not in kind (float or
    integer); integer types need a scheme with integer coefficients.
  }];
  let arguments = (ins STL_Tensor:$input, STL_SideAttr:$side,
                       STL_SchemeAttr:$scheme);
  let results = (outs STL_Tensor:$result);
  let assemblyFormat = [{
    $side $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Tile extents along the two trailing dimensions of the input.
    std::pair<int64_t, int64_t> getTileShape();
    /// The type of `input` (B.. x R x C) encoded by `scheme` on `side`:
    /// B.. x r x R/tileRows x C/tileCols of `elementType`.
    static ::mlir::RankedTensorType
    inferResultType(::mlir::RankedTensorType input, Side side,
                    SchemeAttr scheme, ::mlir::Type elementType);
  }];
}

def STL_HadamardOp : STL_Op<"hadamard", STL_StageInterfaces> {
  let summary = "batched Hadamard product of encoded tiles";
  let description = [{
    Multiplies the encoded tiles of both operands coefficient by coefficient
    and sums over the inner tile index:

      out[l, P, S] = sum_Q lhs[l, P, Q] * rhs[l, Q, S]

    which is `r` independent matrix products: one batched GEMM, the part of
    an STL computation that runs on TensorCores. Float products are summed
    in f32 at least, whatever the result element type; a 16-bit result is
    rounded once at the end (passes keep products in f32: a 16-bit result
    rounds each product before decode sums them).

    ```mlir
    %p = stl.hadamard %xe, %we
        : tensor<7x32x16xbf16>, tensor<7x16x8xbf16> -> tensor<7x32x8xf32>
    ```
  }];
  let arguments = (ins STL_Tensor:$lhs, STL_Tensor:$rhs);
  let results = (outs STL_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def STL_DecodeOp : STL_Op<"decode", STL_StageInterfaces> {
  let summary = "decodes products of encoded tiles into output tiles";
  let description = [{
    Maps r x M/m x N/n products back to the M x N output with the scheme's
    decoder D:

      out[I*m+a, L*n+c] = init[I*m+a, L*n+c] + sum_l D[a*n+c, l] * in[l, I, L]

    where `init` is zero when absent. Float accumulation happens in f32 at
    least (in the wider of the input and result types); the result is
    rounded to its own element type once, last.

    ```mlir
    %y = stl.decode %p {scheme = #stl.scheme<"strassen">}
        : tensor<7x32x8xf32> -> tensor<64x16xbf16>
    %z = stl.decode %p into %c {scheme = #stl.scheme<"strassen">}
        : tensor<7x32x8xf32>, tensor<64x16xf32> -> tensor<64x16xf32>
    ```
  }];
  let arguments = (ins STL_Tensor:$input, STL_SchemeAttr:$scheme,
                       Optional<STL_Tensor>:$init);
  let results = (outs STL_Tensor:$result);
  let assemblyFormat = [{
    $input (`into` $init^)? attr-dict `:` type($input)
    (`,` type($init)^)? `->` type($result)
  }];
  let hasVerifier = 1;
}

def STL_MatmulOp : STL_Op<"matmul", [Pure,
    DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
                              ["reifyResultShapes"]>]> {
  let summary = "Strassen-Tile matrix product";
  let description = [{
    STL(X, W) = decode(hadamard(encode_lhs(X), encode_rhs(W))), plus `init`
    when given. With `rhs_encoded` the rhs is already the encoded weight
    tensor r x K/k x N/n, as a model trained with STL stores it.
    `acc_type` is the element type of the Hadamard product (default: the
    result's element type). Leading batch dimensions are allowed.

    ```mlir
    %y = stl.matmul %x, %w acc(f32) {scheme = #stl.scheme<"strassen">}
        : tensor<64x32xbf16>, tensor<32x16xbf16> -> tensor<64x16xf32>
    %y = stl.matmul %x, %we rhs_encoded into %c {scheme = #stl.scheme<"strassen">}
        : tensor<64x32xf32>, tensor<7x16x8xf32>, tensor<64x16xf32>
        -> tensor<64x16xf32>
    ```

    `--stl-decompose` rewrites it into `stl.encode`, `stl.hadamard` and
    `stl.decode`.
  }];
  let arguments = (ins STL_Tensor:$lhs, STL_Tensor:$rhs,
                       Optional<STL_Tensor>:$init, STL_SchemeAttr:$scheme,
                       UnitAttr:$rhs_encoded,
                       OptionalAttr<TypeAttr>:$acc_type);
  let results = (outs STL_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`acc` `(` $acc_type^ `)`)?
    (`rhs_encoded` $rhs_encoded^)? (`into` $init^)? attr-dict
    `:` type($lhs) `,` type($rhs) (`,` type($init)^)? `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The element type of the Hadamard product.
    ::mlir::Type getAccumulatorType();
    /// The number of leading batch dimensions.
    int64_t getNumBatchDims() { return getResult().getType().getRank() - 2; }
  }];
}

#endif // STL_OPS_TD
