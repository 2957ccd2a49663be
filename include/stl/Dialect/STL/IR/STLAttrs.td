//===- STLAttrs.td - STL attributes ------------------------*- tablegen -*-===//

#ifndef STL_ATTRS_TD
#define STL_ATTRS_TD

include "stl/Dialect/STL/IR/STLBase.td"

def STL_Side : I32EnumAttr<"Side", "operand side of an encoding", [
    I32EnumAttrCase<"lhs", 0>,
    I32EnumAttrCase<"rhs", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::stl";
}

def STL_SideAttr : EnumAttr<STL_Dialect, STL_Side, "side">;

def STL_SchemeAttr : STL_Attr<"Scheme", "scheme"> {
  let summary = "a bilinear algorithm for the <m,k,n> tile product";
  let description = [{
    A rank-`r` bilinear algorithm for the product of an m x k tile A by a
    k x n tile B:

      p_l     = (sum_{i,j} u[l][i*k+j] A[i][j]) * (sum_{j,q} v[l][j*n+q] B[j][q])
      C[i][q] = sum_l w[i*n+q][l] p_l

    Coefficients are stored flattened row-major: `u` has r*m*k entries, `v`
    r*k*n and `w` m*n*r.

    A scheme of the built-in library prints by name only; any other scheme
    prints in full:

    ```mlir
    #stl.scheme<"strassen">
    #stl.scheme<"naive-2x3x4">
    #stl.scheme<"mine", tile = [1, 1, 1], rank = 1, u = [1], v = [1], w = [1]>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"scheme name">:$name,
    "int64_t":$m, "int64_t":$k, "int64_t":$n, "int64_t":$rank,
    // Dense arrays rather than ArrayRefParameter<"double">: they hash and
    // unique like any attribute.
    AttrParameter<"::mlir::DenseF64ArrayAttr", "lhs encoder, r x (m*k)">:$u,
    AttrParameter<"::mlir::DenseF64ArrayAttr", "rhs encoder, r x (k*n)">:$v,
    AttrParameter<"::mlir::DenseF64ArrayAttr", "decoder, (m*n) x r">:$w);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The scheme as the scheme library's value type.
    ::mlir::stl::Scheme getScheme() const;
    static SchemeAttr get(::mlir::MLIRContext *context,
                          const ::mlir::stl::Scheme &scheme);
    static SchemeAttr
    getChecked(::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
               ::mlir::MLIRContext *context, const ::mlir::stl::Scheme &scheme);
    /// True if every coefficient is an integer.
    bool hasIntegerCoefficients() const;
    /// Checks the Brent equations (costly for large tiles: call once per
    /// pass, not in verifiers).
    bool isExact() const;
    ::llvm::ArrayRef<double> getUCoefficients() const { return getU().asArrayRef(); }
    ::llvm::ArrayRef<double> getVCoefficients() const { return getV().asArrayRef(); }
    ::llvm::ArrayRef<double> getWCoefficients() const { return getW().asArrayRef(); }
    /// U[l, idx], V[l, idx] (idx the flattened tile index) and D[idx, l].
    double uAt(int64_t l, int64_t idx) const {
      return getUCoefficients()[l * getM() * getK() + idx];
    }
    double vAt(int64_t l, int64_t idx) const {
      return getVCoefficients()[l * getK() * getN() + idx];
    }
    double wAt(int64_t idx, int64_t l) const {
      return getWCoefficients()[idx * getRank() + l];
    }
  }];
}

// A list of integers written `[a, b, c]`.
def STL_IntList : ArrayRefParameter<"int64_t"> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::SmallVector<int64_t>> {
    ::llvm::SmallVector<int64_t> values;
    if ($_parser.parseCommaSeparatedList(::mlir::AsmParser::Delimiter::Square,
            [&]() { return $_parser.parseInteger(values.emplace_back()); }))
      return ::mlir::failure();
    return values;
  }() }];
  let printer = [{
    $_printer << '[';
    ::llvm::interleaveComma($_self, $_printer);
    $_printer << ']';
  }];
}

def STL_KernelSchedule : I32EnumAttr<"KernelSchedule",
    "how the thread blocks of a GEMM kernel cover its output tiles", [
    I32EnumAttrCase<"data_parallel", 0>,
    I32EnumAttrCase<"persistent", 1>]> {
  let cppNamespace = "::mlir::stl";
  let genSpecializedAttr = 0;
}

/// `schedule = ...` in #stl.kernel_config, `data_parallel` when omitted.
def STL_KernelScheduleParameter : EnumParameter<STL_KernelSchedule> {
  let defaultValue = "::mlir::stl::KernelSchedule::data_parallel";
  // The generic enum parser names the C++ type in its error.
  let parser = [{ [&]() -> ::mlir::FailureOr<::mlir::stl::KernelSchedule> {
    ::llvm::SMLoc loc = $_parser.getCurrentLocation();
    ::llvm::StringRef name;
    if ($_parser.parseKeyword(&name))
      return ::mlir::failure();
    if (auto schedule = ::mlir::stl::symbolizeKernelSchedule(name))
      return *schedule;
    return $_parser.emitError(loc) << "unknown kernel schedule '" << name
                                   << "'; expected data_parallel or persistent";
  }() }];
}

def STL_KernelConfigAttr : STL_Attr<"KernelConfig", "kernel_config"> {
  let summary = "GPU kernel configuration of the batched Hadamard product";
  let description = [{
    Records how the batched GEMM of an STL computation is mapped to a GPU, so
    that choosing a configuration and lowering it are separate, separately
    tested steps:

    ```mlir
    #stl.kernel_config<chip = "sm_90a", block_tile = [128, 128, 64],
                       warp_layout = [4, 1], stages = 4,
                       mma_shape = [64, 128, 16]>
    ```

    `block_tile` is [BM, BN, BK] of one thread block, `warp_layout` the
    warps (or warpgroups on sm_90a) along M and N, `stages` the operand
    buffers in flight and `mma_shape` the TensorCore instruction shape
    [M, N, K]. Every entry is positive and at most 4096 (so that the tile
    and shared-memory arithmetic of the kernels cannot overflow).

    `schedule` (sm_90a only, `data_parallel` when omitted) says how blocks
    cover the output tiles: `data_parallel` launches one block per tile;
    `persistent` launches at most one block per streaming multiprocessor
    (two for one-warpgroup tiles up to 128 wide), each looping over tiles
    in grouped order, with a TMA producer warpgroup feeding `warp_layout[0]`
    consumer warpgroups of 64 rows each (docs/GPU.md):

    ```mlir
    #stl.kernel_config<chip = "sm_90a", block_tile = [128, 256, 64],
                       warp_layout = [2, 1], stages = 4,
                       mma_shape = [64, 256, 16], schedule = persistent>
    ```

    `cluster` (persistent only, 1 when omitted) is the number of blocks
    per thread block cluster along M, 1 or 2. With 2, the two blocks of a
    cluster compute vertically adjacent tiles, which share their rhs
    columns: each block loads half of every rhs k-tile and TMA multicasts it
    to both, halving the rhs traffic from L2 (BN must be 128 or 256).
  }];
  let parameters = (ins
    StringRefParameter<"target chip">:$chip,
    STL_IntList:$block_tile,
    STL_IntList:$warp_layout,
    "int64_t":$stages,
    STL_IntList:$mma_shape,
    STL_KernelScheduleParameter:$schedule,
    DefaultValuedParameter<"int64_t", "1",
                           "blocks per cluster along M">:$cluster);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // STL_ATTRS_TD
