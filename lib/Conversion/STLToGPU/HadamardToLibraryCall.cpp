//===- HadamardToLibraryCall.cpp - stl.hadamard -> cuBLASLt ---------------===//
//
// hadamard-backend=cublas: the batched product as a call of libstl_runtime's
// cuBLASLt entry instead of a generated GEMM kernel (encode and decode stay
// generated, ConvertSTLToGPU.cpp).
//
//===----------------------------------------------------------------------===//

#include "STLToGPUInternal.h"

#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Conversion/STLToGPU/STLToGPU.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;
using namespace mlir::stl::detail;

/// The cuBLASLt backend takes bf16 or f16 operands (the runtime's type codes).
LogicalResult mlir::stl::detail::checkLibraryHadamard(HadamardOp op) {
  if (failed(checkOperandTypes(op)))
    return failure();
  Type in = op.getLhs().getType().getElementType();
  Type out = op.getResult().getType().getElementType();
  if (!(in.isBF16() || in.isF16()) ||
      in != op.getRhs().getType().getElementType() ||
      !(out.isF32() || out.isBF16() || out.isF16()))
    return op.emitOpError()
           << "hadamard-backend=cublas takes bf16 or f16 operands and an "
              "f32, bf16 or f16 result, got "
           << in << " x " << op.getRhs().getType().getElementType() << " -> "
           << out
           << " (--stl-rewrite-matmul with a GPU target, or encoding-type=f16, "
              "encodes float products in f16)";
  return success();
}

namespace {
/// stl.hadamard -> stlRuntimeBatchedGemm(batch, m, n, k, A, lda, strideA,
/// B, ldb, strideB, C, ldc, strideC, inType, outType, stream). Before
/// bufferization there is no stream to enqueue on yet: the call gets one of
/// its own that the host synchronizes and destroys after it (correct
/// whatever runs later), and is marked with kStreamOperandAttrName so that
/// --stl-gpu-async-library-calls, after gpu-async-region, puts it on the
/// stream of the function's GPU work instead (no host synchronization).
struct HadamardToLibraryCall : public OpRewritePattern<HadamardOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(HadamardOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkQuietly(rewriter, op,
                            [&] { return checkLibraryHadamard(op); })))
      return failure();
    FailureOr<GemmShape> shape = getGemmShape(op);
    if (failed(shape))
      return failure();
    auto module = op->getParentOfType<ModuleOp>();
    if (!module)
      return rewriter.notifyMatchFailure(op, "not inside a module");
    MLIRContext *ctx = rewriter.getContext();
    Location loc = op.getLoc();
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    Type i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();
    SmallVector<Type> gemmArgs(4, i64);
    for (int operand = 0; operand < 3; ++operand)
      llvm::append_values(gemmArgs, ptr, i64, i64);
    llvm::append_values(gemmArgs, i32, i32, ptr);
    func::FuncOp gemm = getOrDeclare(rewriter, module, "stlRuntimeBatchedGemm",
                                     gemmArgs, {i32});
    func::FuncOp create =
        getOrDeclare(rewriter, module, "mgpuStreamCreate", {}, {ptr});
    func::FuncOp sync =
        getOrDeclare(rewriter, module, "mgpuStreamSynchronize", {ptr}, {});
    func::FuncOp destroy =
        getOrDeclare(rewriter, module, "mgpuStreamDestroy", {ptr}, {});

    rewriter.setInsertionPoint(op);
    Value lhs = readBuffer(rewriter, loc, op.getLhs());
    Value rhs = readBuffer(rewriter, loc, op.getRhs());
    auto [alloc, tensor] =
        allocResult(rewriter, loc, op.getResult().getType(), op);
    auto pointer = [&](Value memref) -> Value {
      Value index =
          memref::ExtractAlignedPointerAsIndexOp::create(rewriter, loc, memref);
      Value i = arith::IndexCastOp::create(rewriter, loc, i64, index);
      return LLVM::IntToPtrOp::create(rewriter, loc, ptr, i);
    };
    // One constant per distinct extent, so that the call reads like the ABI.
    DenseMap<int64_t, Value> constants;
    auto c64 = [&](int64_t v) -> Value {
      Value &c = constants[v];
      if (!c)
        c = arith::ConstantIntOp::create(rewriter, loc, i64, v);
      return c;
    };
    auto typeCode = [&](Type t) -> Value {
      // STL_RUNTIME_F32 = 0, STL_RUNTIME_F16 = 1, STL_RUNTIME_BF16 = 2;
      // checkLibraryHadamard above refused every other type, so none is
      // mapped to a code that would misread its bytes.
      int64_t code;
      if (t.isF32())
        code = 0;
      else if (t.isF16())
        code = 1;
      else if (t.isBF16())
        code = 2;
      else
        llvm_unreachable("checkLibraryHadamard admits f32, f16 and bf16");
      return arith::ConstantIntOp::create(rewriter, loc, i32, code);
    };
    int64_t m = shape->rows, k = shape->inner, n = shape->cols;
    Value stream = func::CallOp::create(rewriter, loc, create).getResult(0);
    SmallVector<Value> args = {c64(shape->batch),
                               c64(m),
                               c64(n),
                               c64(k),
                               pointer(lhs),
                               c64(k),
                               c64(m * k),
                               pointer(rhs),
                               c64(n),
                               c64(k * n),
                               pointer(alloc),
                               c64(n),
                               c64(m * n),
                               typeCode(shape->elementType),
                               typeCode(shape->resultType),
                               stream};
    auto call = func::CallOp::create(rewriter, loc, gemm, args);
    call->setAttr(kStreamOperandAttrName,
                  rewriter.getI64IntegerAttr(args.size() - 1));
    Value status = call.getResult(0);
    func::CallOp::create(rewriter, loc, sync, stream);
    func::CallOp::create(rewriter, loc, destroy, stream);
    // The runtime printed the reason; results that were never written must
    // not flow on silently.
    Value ok = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::eq, status,
        arith::ConstantIntOp::create(rewriter, loc, i32, 0));
    cf::AssertOp::create(rewriter, loc, ok,
                         "stl.hadamard: the cuBLASLt batched GEMM failed");
    rewriter.replaceOp(op, tensor);
    return success();
  }

  /// The private declaration of `name` in `module`, created if missing.
  static func::FuncOp getOrDeclare(PatternRewriter &rewriter, ModuleOp module,
                                   StringRef name, TypeRange args,
                                   TypeRange results) {
    if (auto existing = module.lookupSymbol<func::FuncOp>(name))
      return existing;
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    auto decl = func::FuncOp::create(rewriter, module.getLoc(), name,
                                     rewriter.getFunctionType(args, results));
    decl.setPrivate();
    return decl;
  }
};
} // namespace

void mlir::stl::populateSTLHadamardToLibraryCallPatterns(
    RewritePatternSet &patterns) {
  patterns.add<HadamardToLibraryCall>(patterns.getContext());
}
