//===- Passes.td - STL transformation passes ---------------*- tablegen -*-===//

#ifndef STL_DIALECT_STL_TRANSFORMS_PASSES_TD
#define STL_DIALECT_STL_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def STLRewriteMatmul : Pass<"stl-rewrite-matmul"> {
  let summary = "Rewrite linalg matrix products into stl.matmul";
  let description = [{
    Rewrites `linalg.matmul` (plain and with transposing indexing maps),
    `linalg.batch_matmul` and `linalg.generic` ops that are plain matrix
    contractions, on tensors or memrefs, into `stl.matmul` with the chosen
    scheme. Shapes the tile does not divide are zero-padded and the result
    sliced back; a non-zero `outs` stays the accumulator (C + A*B).

    `scheme=auto` (or a list such as `scheme=strassen,laderman`) chooses per
    product the scheme and operand order that minimise the cost model
    (`target`); a product no candidate improves is left alone with a remark.
    The choice and why are recorded in a `stl.selection` attribute that
    `--stl-report` prints.

    A product is rewritten only if the scheme saves multiplies once the
    operands are padded to the tile (`min-saving` sets how many percent;
    `force` overrides); otherwise the remark gives both counts.

    16-bit float products never lose precision silently: operands are
    encoded in f32 by default (`encoding-type=auto` without a GPU `target`),
    products and decode sums are kept in f32 and rounded once. With
    `target=sm_80|sm_90|sm_90a`, `encoding-type=auto` encodes 16-bit
    products in scaled f16 (below), the encoding the TensorCore GEMMs take,
    with a remark on every product; `encoding-type=f32` keeps exact
    encodings there too (a SIMT GEMM). `encoding-type=f16` encodes into f16
    after scaling each operand by a power of two chosen from its largest
    magnitude (computed at run time, or at compile time for constants) so
    that no encoded value overflows; the result is unscaled exactly.
    `encoding-type=bf16` rounds encoded operands to bf16, `encoding-type=input`
    to the operands' own type (unscaled); both say so in a remark on every
    product they affect. See docs/Precision.md for measured errors.

    Only exact schemes are used unless `allow-approximate` is set: an inexact
    scheme changes the result and mixes rows of a tile (tokens of a causal
    model, samples of a batch). Every product left alone gets a remark saying
    why, and the pass statistics count rewritten and skipped ops.

    Before:
    ```mlir
    %0 = linalg.matmul ins(%a, %b : tensor<64x32xf32>, tensor<32x16xf32>)
                       outs(%c : tensor<64x16xf32>) -> tensor<64x16xf32>
    ```
    After (`scheme=strassen`):
    ```mlir
    %0 = stl.matmul %a, %b into %c {scheme = #stl.scheme<"strassen">}
        : tensor<64x32xf32>, tensor<32x16xf32>, tensor<64x16xf32>
        -> tensor<64x16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::stl::STLDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect"];
  let options = [
    Option<"scheme", "scheme", "std::string", /*default=*/"\"strassen\"",
           "Library scheme name or path to a scheme JSON file; 'auto' (every "
           "exact library scheme and the Kronecker products of two) or a "
           "comma-separated list: each product gets the candidate and "
           "operand order the cost model prefers">,
    Option<"target", "target", "::mlir::stl::CostTarget",
           /*default=*/"::mlir::stl::CostTarget::Multiplies",
           "Cost model of scheme selection: '' (multiplies after padding), "
           "cpu, sm_80, sm_90 or sm_90a (GEMM time plus encode/decode "
           "traffic; see docs/CostModel.md)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::stl::CostTarget::Multiplies, "",
                        "multiplies after padding"),
             clEnumValN(::mlir::stl::CostTarget::CPU, "cpu",
                        "one core running --stl-cpu-pipeline's code"),
             clEnumValN(::mlir::stl::CostTarget::SM80, "sm_80",
                        "A100: GEMM time plus encode/decode traffic"),
             clEnumValN(::mlir::stl::CostTarget::SM90, "sm_90",
                        "H100/H200, mma.sync kernels"),
             clEnumValN(::mlir::stl::CostTarget::SM90a, "sm_90a",
                        "H100/H200, wgmma kernels"))}]>,
    Option<"allowApproximate", "allow-approximate", "bool",
           /*default=*/"false",
           "Allow schemes that do not compute the exact product">,
    Option<"minSize", "min-size", "int64_t", /*default=*/"1",
           "Leave products alone whose M, N or K is below this (static "
           "shapes only)">,
    Option<"encodingType", "encoding-type", "::mlir::stl::EncodingType",
           /*default=*/"::mlir::stl::EncodingType::Auto",
           "Element type of the encoded operands of float products: auto "
           "(f16 for 16-bit products with a GPU target, f32 otherwise), f32 "
           "(exact encodings; CPU), f16 (scaled so that no encoded value "
           "overflows; for 16-bit TensorCore GEMMs), bf16 or input (the "
           "operands' own type, unscaled): less precise, with a remark on "
           "every product",
           [{::llvm::cl::values(
             clEnumValN(::mlir::stl::EncodingType::Auto, "auto",
                        "f16 (scaled) for 16-bit products with a GPU target, "
                        "f32 otherwise"),
             clEnumValN(::mlir::stl::EncodingType::F32, "f32",
                        "exact encodings (CPU)"),
             clEnumValN(::mlir::stl::EncodingType::F16, "f16",
                        "scaled so that no encoded value overflows; for "
                        "16-bit TensorCore GEMMs"),
             clEnumValN(::mlir::stl::EncodingType::BF16, "bf16",
                        "less precise, with a remark on every product"),
             clEnumValN(::mlir::stl::EncodingType::Input, "input",
                        "the operands' own type, unscaled, with a remark on "
                        "every 16-bit product"))}]>,
    Option<"minSaving", "min-saving", "double", /*default=*/"0.0",
           "Rewrite a product only if it saves at least this percentage of "
           "its multiplies after padding (0: any saving)">,
    Option<"force", "force", "bool", /*default=*/"false",
           "Rewrite products even where padding makes them cost more "
           "multiplies">,
  ];
  let statistics = [
    Statistic<"numRewritten", "rewritten", "Matrix products rewritten to STL">,
    Statistic<"numSkipped", "skipped",
              "Matrix products left alone (see the remarks for why)">,
  ];
}

def STLDecompose : Pass<"stl-decompose"> {
  let summary = "Split stl.matmul into stl.encode, stl.hadamard, stl.decode";
  let description = [{
    Rewrites every `stl.matmul` into its three stages; an rhs marked
    `rhs_encoded` is used as it is.

    ```mlir
    %xe = stl.encode lhs %x {scheme = #stl.scheme<"strassen">} : ...
    %we = stl.encode rhs %w {scheme = #stl.scheme<"strassen">} : ...
    %p  = stl.hadamard %xe, %we : ...
    %y  = stl.decode %p into %c {scheme = #stl.scheme<"strassen">} : ...
    ```
  }];
  let dependentDialects = ["::mlir::stl::STLDialect"];
}

def STLFoldConstantEncodings : Pass<"stl-fold-constant-encodings"> {
  let summary = "Encode constant operands (model weights) at compile time";
  let description = [{
    Replaces `stl.encode` of a compile-time constant with a constant holding
    the encoded tensor, so that weights are encoded once, offline. Constants
    are `arith.constant`s (`dense<>` or `dense_resource<>` blobs, as
    torch-mlir emits weights), seen through any chain of `linalg.transpose`
    (nn.Linear's weight), `linalg.broadcast`, the copy-only `linalg.generic`s
    torch-mlir writes for broadcasts and transposes, single-cast generics
    (`extf`, `truncf`, `extsi`, `extui`, `trunci`),
    `tensor.expand_shape`/`collapse_shape` and the zero pads of the rewrite.
    A weight repeated along batch dimensions is encoded once and the encoding
    broadcast. `--stl-report` names each pre-encoded weight and the ops it
    came through. Runs
    `--stl-decompose` patterns first so that constant weights of
    `stl.matmul` are reached too.
  }];
  let dependentDialects = ["::mlir::stl::STLDialect",
                           "::mlir::arith::ArithDialect"];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"1 << 26",
           "Leave encodings with more result elements than this alone">,
  ];
}

def STLReport : Pass<"stl-report", "::mlir::ModuleOp"> {
  let summary = "Report the multiplies an STL rewrite saves";
  let description = [{
    Prints one line per `stl.matmul` (or, after decomposition, per
    `stl.hadamard`): the scheme, tile, rank and the scalar multiplies of the
    original product and of the STL form (padding included), then a module
    total. The IR is not changed.
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "Where to write the report ('-' for stdout)">,
    Option<"format", "format", "::mlir::stl::ReportFormat",
           /*default=*/"::mlir::stl::ReportFormat::Text", "text or json",
           [{::llvm::cl::values(
             clEnumValN(::mlir::stl::ReportFormat::Text, "text",
                        "one line per product"),
             clEnumValN(::mlir::stl::ReportFormat::JSON, "json",
                        "one JSON document"))}]>,
  ];
}

#endif // STL_DIALECT_STL_TRANSFORMS_PASSES_TD
