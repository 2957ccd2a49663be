//===- STLTransformOps.td - Transform dialect extension ----*- tablegen -*-===//
//
// transform.stl.* ops: the STL rewrites as steps of a transform script, so
// that a compiler driving its pipeline with the transform dialect picks the
// products to rewrite (and the scheme of each) with upstream matchers.
//
//===----------------------------------------------------------------------===//

#ifndef STL_TRANSFORMOPS_TD
#define STL_TRANSFORMOPS_TD

include "mlir/Dialect/Transform/IR/TransformDialect.td"
include "mlir/Dialect/Transform/IR/TransformTypes.td"
include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

// The C++ classes live in ::mlir::transform with the upstream extensions'
// ops; the STL prefix keeps them apart (linalg's has a DecomposeOp too).

def STLRewriteMatmulOp : Op<Transform_Dialect, "stl.rewrite_matmul",
    [DeclareOpInterfaceMethods<TransformOpInterface>,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
     ReportTrackingListenerFailuresOpTrait]> {
  let summary = "Rewrite linalg matrix products into stl.matmul";
  let description = [{
    What `--stl-rewrite-matmul` does, to the payload ops of `target` only
    (which it consumes): each linalg matrix product becomes an `stl.matmul`
    with padding, transposes and casts as needed. The options are the pass's:

    - `scheme`: a library name or JSON path (string), or an `#stl.scheme`;
      default `"strassen"`;
    - `allow_approximate`: use a scheme that is not exact;
    - `min_size`: leave products with a static M, N or K below it alone;
    - `force`: rewrite products that save no multiplies after padding.

    A scheme per matched op: `schemes`, a parameter with one attribute (string
    or `#stl.scheme`) per payload op of `target`, in order, overrides
    `scheme`.

    ```mlir
    %mm = transform.structured.match ops{["linalg.matmul"]} in %root
        : (!transform.any_op) -> !transform.any_op
    %stl = transform.stl.rewrite_matmul %mm {scheme = "winograd"}
        : (!transform.any_op) -> !transform.any_op
    ```

    #### Return modes

    A scheme that cannot be resolved, or an approximate one without
    `allow_approximate`, is a definite failure; a payload op that is not a
    linalg op a silenceable one. As with the pass, a product the rewrite
    leaves alone (too small, sparse, not a plain contraction) gets a remark
    saying why and is not part of `transformed`, which holds the
    `stl.matmul` ops of the products that were rewritten.
  }];
  let arguments = (ins TransformHandleTypeInterface:$target,
                       Optional<TransformParamTypeInterface>:$schemes,
                       DefaultValuedAttr<AnyAttr, "$_builder.getStringAttr(\"strassen\")">:$scheme,
                       UnitAttr:$allow_approximate,
                       UnitAttr:$force,
                       DefaultValuedAttr<I64Attr, "1">:$min_size);
  let results = (outs TransformHandleTypeInterface:$transformed);
  let assemblyFormat = [{
    $target (`schemes` `(` $schemes^ `:` type($schemes) `)`)? attr-dict
    `:` functional-type($target, results)
  }];
  let hasVerifier = 1;
}

def STLDecomposeOp : Op<Transform_Dialect, "stl.decompose",
    [FunctionalStyleTransformOpTrait, MemoryEffectsOpInterface,
     TransformOpInterface, TransformEachOpTrait,
     ReportTrackingListenerFailuresOpTrait]> {
  let summary = "Split stl.matmul into stl.encode, stl.hadamard, stl.decode";
  let description = [{
    `--stl-decompose` on the `stl.matmul` ops of `target` (consumed). The
    result holds the `stl.decode` op of each, which TilingInterface-based
    transforms can then tile, fusing the encodes and the Hadamard product.

    #### Return modes

    A payload op that is not an `stl.matmul` is a silenceable failure.
  }];
  let arguments = (ins TransformHandleTypeInterface:$target);
  let results = (outs TransformHandleTypeInterface:$transformed);
  let assemblyFormat =
      "$target attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    ::mlir::DiagnosedSilenceableFailure applyToOne(
        ::mlir::transform::TransformRewriter &rewriter,
        ::mlir::Operation *target,
        ::mlir::transform::ApplyToEachResultList &results,
        ::mlir::transform::TransformState &state);
  }];
}

def STLFoldConstantEncodingOp : Op<Transform_Dialect,
    "stl.fold_constant_encoding",
    [FunctionalStyleTransformOpTrait, MemoryEffectsOpInterface,
     TransformOpInterface, TransformEachOpTrait,
     ReportTrackingListenerFailuresOpTrait]> {
  let summary = "Encode a constant operand at compile time";
  let description = [{
    `--stl-fold-constant-encodings` on the `stl.encode` ops of `target`
    (consumed): each encode of an `arith.constant` with at most
    `max_elements` result elements becomes a constant. The result holds the
    new constants.

    #### Return modes

    A payload op that is not an `stl.encode` of a foldable constant is a
    silenceable failure.
  }];
  let arguments = (ins TransformHandleTypeInterface:$target,
                       DefaultValuedAttr<I64Attr, "1 << 26">:$max_elements);
  let results = (outs TransformHandleTypeInterface:$transformed);
  let assemblyFormat =
      "$target attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    ::mlir::DiagnosedSilenceableFailure applyToOne(
        ::mlir::transform::TransformRewriter &rewriter,
        ::mlir::Operation *target,
        ::mlir::transform::ApplyToEachResultList &results,
        ::mlir::transform::TransformState &state);
  }];
}

def ApplySTLDecomposePatternsOp : Op<Transform_Dialect,
    "apply_patterns.stl.decompose",
    [DeclareOpInterfaceMethods<PatternDescriptorOpInterface>]> {
  let summary = "Patterns of --stl-decompose";
  let description = [{
    Inside `transform.apply_patterns`: split every `stl.matmul` into
    `stl.encode`, `stl.hadamard` and `stl.decode`.
  }];
  let assemblyFormat = "attr-dict";
}

def ApplySTLLowerToLinalgPatternsOp : Op<Transform_Dialect,
    "apply_patterns.stl.lower_to_linalg",
    [DeclareOpInterfaceMethods<PatternDescriptorOpInterface>]> {
  let summary = "Patterns of --convert-stl-to-linalg";
  let description = [{
    Inside `transform.apply_patterns`: lower `stl.encode`, `stl.hadamard` and
    `stl.decode` to linalg (add `apply_patterns.stl.decompose` for
    `stl.matmul`). What follows is upstream: bufferization and
    `--stl-cpu-pipeline`'s lowering to LLVM, or the transform dialect's
    linalg ops.
  }];
  let assemblyFormat = "attr-dict";
}

#endif // STL_TRANSFORMOPS_TD
