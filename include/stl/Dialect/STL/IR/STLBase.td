//===- STLBase.td - Strassen-Tile dialect definition -------*- tablegen -*-===//

#ifndef STL_BASE_TD
#define STL_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def STL_Dialect : Dialect {
  let name = "stl";
  let cppNamespace = "::mlir::stl";
  let summary = "Strassen-Tile (STL) matrix products";
  let description = [{
    The `stl` dialect expresses a matrix product Y = X * W in Strassen-Tile
    form. A *scheme* (`#stl.scheme`) is a rank-r bilinear algorithm for the
    product of an m x k tile by a k x n tile: encoders U (r x mk) and V
    (r x kn) and a decoder D (mn x r).

    * `stl.encode` maps every tile of an operand to its r coefficients
      (M x K -> r x M/m x K/k for the lhs, K x N -> r x K/k x N/n for the rhs);
    * `stl.hadamard` multiplies encoded tiles elementwise and sums over the
      inner tile index: r independent matrix products, one batched GEMM;
    * `stl.decode` maps r x M/m x N/n back to the M x N output, optionally
      accumulating into an init;
    * `stl.matmul` is the composite, whose rhs may be stored pre-encoded.

    With an exact scheme (one that satisfies the Brent equations) the
    composite equals X * W up to floating-point reassociation. An inexact
    scheme is a different operator that mixes the rows (and columns) of each
    tile.

    All ops have value semantics on ranked tensors and accept leading batch
    dimensions, which must agree between operands.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Defined next to the attribute storage classes (STLAttrs.cpp).
    void registerAttributes();
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

class STL_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<STL_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class STL_Op<string mnemonic, list<Trait> traits = []>
    : Op<STL_Dialect, mnemonic, traits>;

#endif // STL_BASE_TD
