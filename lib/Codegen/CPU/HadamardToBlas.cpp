//===- HadamardToBlas.cpp - stl.hadamard as CBLAS calls -------------------===//
//
// The twin of hadamard-backend=cublas on the GPU: the r products of an STL
// computation are handed to the CPU's BLAS (cblas_sgemm, one call per
// product), so that the STL form is measured on top of the best GEMM a CPU
// user has, with the BLAS's own threads. The call is made from the IR: the
// operands are bufferized in place (bufferization.to_buffer), the result is
// a fresh buffer handed back as a tensor, and the program links the BLAS
// (mlir-runner -shared-libs=libopenblas.so, or -lopenblas).
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/CPU/Passes.h"
#include "stl/Dialect/STL/IR/STLOps.h"
#include "stl/Dialect/STL/Utils/BatchDims.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir {
namespace stl {
#define GEN_PASS_DEF_STLCPUHADAMARDTOBLAS
#include "stl/Codegen/CPU/Passes.h.inc"
} // namespace stl
} // namespace mlir

using namespace mlir;
using namespace mlir::stl;

/// CBLAS enumerators (cblas.h).
static constexpr int32_t kCblasRowMajor = 101;
static constexpr int32_t kCblasNoTrans = 111;

/// The declaration of cblas_sgemm in the module around `op`, created on
/// first use.
static func::FuncOp getOrInsertSgemm(OpBuilder &b, Operation *op) {
  auto module = op->getParentOfType<ModuleOp>();
  constexpr StringLiteral name = "cblas_sgemm";
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  MLIRContext *ctx = op->getContext();
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  Type ptr = LLVM::LLVMPointerType::get(ctx);
  // (layout, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
  auto type = FunctionType::get(
      ctx,
      {i32, i32, i32, i32, i32, i32, f32, ptr, i32, ptr, i32, f32, ptr, i32},
      {});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto decl = func::FuncOp::create(b, module.getLoc(), name, type);
  decl.setPrivate();
  return decl;
}

namespace {
/// A rank-3 f32 buffer as CBLAS sees it: the aligned base address, the
/// element offset and the three strides.
struct BlasOperand {
  Value base, offset;
  SmallVector<Value> sizes, strides;
};

class BlasCallBuilder {
public:
  BlasCallBuilder(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }

  BlasOperand describe(Value buffer) {
    auto meta = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
    BlasOperand operand;
    operand.base =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
    operand.offset = meta.getOffset();
    operand.sizes.assign(meta.getSizes().begin(), meta.getSizes().end());
    operand.strides.assign(meta.getStrides().begin(), meta.getStrides().end());
    return operand;
  }

  /// The address of element [batch, 0, 0] of `operand`.
  Value address(const BlasOperand &operand, Value batch) {
    Value element = arith::AddIOp::create(
        b, loc, operand.offset,
        arith::MulIOp::create(b, loc, batch, operand.strides[0]));
    Value bytes = arith::MulIOp::create(b, loc, element, index(4));
    Value addr = arith::AddIOp::create(b, loc, operand.base, bytes);
    Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), addr);
    return LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(b.getContext()), i64);
  }

  Value i32(Value v) {
    return arith::IndexCastOp::create(b, loc, b.getI32Type(), v);
  }

  /// max(v, other, 1): a leading dimension CBLAS accepts; the stride of a
  /// dimension of size 1 is never used.
  Value leading(Value stride, Value extent) {
    Value m = arith::MaxUIOp::create(b, loc, stride, extent);
    return arith::MaxUIOp::create(b, loc, m, index(1));
  }

  void check(Value cond, StringRef message) {
    cf::AssertOp::create(b, loc, cond, message);
  }
  Value eq(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  }
  Value ule(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, x, y);
  }

private:
  OpBuilder &b;
  Location loc;
};
} // namespace

/// Why `op` cannot be a CBLAS call, or an empty string.
static StringRef whyNotBlas(HadamardOp op) {
  RankedTensorType resultType = op.getResult().getType();
  if (!op.getLhs().getType().getElementType().isF32() ||
      !op.getRhs().getType().getElementType().isF32() ||
      !resultType.getElementType().isF32())
    return "the BLAS backend takes f32 operands and an f32 result "
           "(cblas_sgemm)";
  if (collapsesSeveralDynamicDims(resultType))
    return "more than one dynamic batch dimension";
  return "";
}

FailureOr<Value> mlir::stl::convertHadamardToBlasCall(RewriterBase &rewriter,
                                                      HadamardOp op) {
  if (StringRef why = whyNotBlas(op); !why.empty())
    return rewriter.notifyMatchFailure(op, why);
  RankedTensorType resultType = op.getResult().getType();
  Location loc = op.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  // Batch dimensions and the scheme rank are one batch of products.
  Value lhs = foldBatchDims(rewriter, loc, op.getLhs());
  Value rhs = foldBatchDims(rewriter, loc, op.getRhs());

  MLIRContext *ctx = rewriter.getContext();
  Type f32 = rewriter.getF32Type();
  auto anyLayout = StridedLayoutAttr::get(
      ctx, ShapedType::kDynamic, SmallVector<int64_t>(3, ShapedType::kDynamic));
  auto bufferType = [&](Value t) {
    return MemRefType::get(cast<RankedTensorType>(t.getType()).getShape(), f32,
                           anyLayout);
  };
  Value lhsBuffer = bufferization::ToBufferOp::create(
      rewriter, loc, bufferType(lhs), lhs, /*readOnly=*/true);
  Value rhsBuffer = bufferization::ToBufferOp::create(
      rewriter, loc, bufferType(rhs), rhs, /*readOnly=*/true);

  BlasCallBuilder bb(rewriter, loc);
  BlasOperand a = bb.describe(lhsBuffer), w = bb.describe(rhsBuffer);
  Value batch = a.sizes[0], m = a.sizes[1], k = a.sizes[2], n = w.sizes[2];
  auto lhsShape = cast<RankedTensorType>(lhs.getType()).getShape();
  auto rhsShape = cast<RankedTensorType>(rhs.getType()).getShape();
  SmallVector<int64_t> shape = {lhsShape[0], lhsShape[1], rhsShape[2]};
  SmallVector<Value> dynamicSizes;
  SmallVector<Value> sizes = {batch, m, n};
  for (auto [extent, size] : llvm::zip_equal(shape, sizes))
    if (ShapedType::isDynamic(extent))
      dynamicSizes.push_back(size);
  Value out =
      memref::AllocOp::create(rewriter, loc, MemRefType::get(shape, f32),
                              dynamicSizes, rewriter.getI64IntegerAttr(64));
  BlasOperand c = bb.describe(out);

  // Row-major products need unit strides along rows, and CBLAS takes int.
  Value one = bb.index(1);
  bb.check(bb.eq(a.strides[2], one), "hadamard-backend=blas: the encoded lhs "
                                     "is not contiguous along its rows");
  bb.check(bb.eq(w.strides[2], one), "hadamard-backend=blas: the encoded rhs "
                                     "is not contiguous along its rows");
  Value lda = bb.leading(a.strides[1], k), ldb = bb.leading(w.strides[1], n),
        ldc = bb.leading(c.strides[1], n);
  Value intMax = bb.index(std::numeric_limits<int32_t>::max());
  for (Value v : {m, n, k, lda, ldb, ldc})
    bb.check(bb.ule(v, intMax),
             "hadamard-backend=blas: an extent or stride exceeds CBLAS's int");

  func::FuncOp sgemm = getOrInsertSgemm(rewriter, op);
  Value layout =
      arith::ConstantIntOp::create(rewriter, loc, kCblasRowMajor, 32);
  Value noTrans =
      arith::ConstantIntOp::create(rewriter, loc, kCblasNoTrans, 32);
  Value alpha =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(1.0f));
  Value beta =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0.0f));
  Value m32 = bb.i32(m), n32 = bb.i32(n), k32 = bb.i32(k);
  Value lda32 = bb.i32(lda), ldb32 = bb.i32(ldb), ldc32 = bb.i32(ldc);
  scf::ForOp::create(rewriter, loc, bb.index(0), batch, one, ValueRange{},
                     [&](OpBuilder &nb, Location nl, Value l, ValueRange) {
                       BlasCallBuilder ib(nb, nl);
                       func::CallOp::create(
                           nb, nl, sgemm,
                           ValueRange{layout, noTrans, noTrans, m32, n32, k32,
                                      alpha, ib.address(a, l), lda32,
                                      ib.address(w, l), ldb32, beta,
                                      ib.address(c, l), ldc32});
                       scf::YieldOp::create(nb, nl);
                     });

  Value product = bufferization::ToTensorOp::create(
      rewriter, loc, RankedTensorType::get(shape, f32), out, /*restrict=*/true,
      /*writable=*/true);
  product = unfoldBatchDims(rewriter, loc, product, op.getLhs(), resultType);
  rewriter.replaceOp(op, product);
  return product;
}

namespace {
struct HadamardToBlasPass
    : public mlir::stl::impl::STLCPUHadamardToBlasBase<HadamardToBlasPass> {
  void runOnOperation() override {
    SmallVector<HadamardOp> ops;
    getOperation()->walk([&](HadamardOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (HadamardOp op : ops) {
      if (StringRef why = whyNotBlas(op); !why.empty())
        emitRemark(op.getLoc())
            << "stl-cpu-hadamard-to-blas: left to generated code: " << why;
      else
        (void)convertHadamardToBlasCall(rewriter, op);
    }
  }
};
} // namespace
