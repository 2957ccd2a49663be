//===- GemmSm80.cpp - Batched TensorCore GEMM with mma.sync ---------------===//
//
// The Hadamard stage of STL on sm_80 (and sm_90 without the `a` features):
//
//   for each block (blockIdx.x: BN columns, .y: BM rows, .z: batch = rank r):
//     prologue: cp.async k-tiles 0 .. S-2 into shared-memory slots
//     for kt in 0 .. K/BK:
//       wait until k-tile kt landed (cp.async.wait_group S-2); barrier
//       cp.async k-tile kt+S-1 into the slot that k-tile kt-1 used
//       for each k16 step: ldmatrix A and B fragments, mma.sync m16n8k16
//     store the f32 accumulators (converted to the result type)
//
// Shared-memory tiles are XOR-swizzled in 16-byte chunks so that the eight
// row addresses of an ldmatrix hit distinct banks. The extents are multiples
// of the block tile (`--stl-gpu-pad-hadamard`), so nothing is predicated.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Target/GPUTarget.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;

namespace {
/// The derived sizes of one sm_80 configuration.
struct Sm80Tiling {
  int64_t bm, bn, bk, warpsM, warpsN, stages;
  int64_t threads() const { return 32 * warpsM * warpsN; }
  /// Warp tile and its m16 x n8 fragments.
  int64_t warpM() const { return bm / warpsM; }
  int64_t warpN() const { return bn / warpsN; }
  int64_t fragsM() const { return warpM() / 16; }
  int64_t fragsN() const { return warpN() / 8; }
  int64_t elementBytes = 2;
  int64_t lhsStageBytes() const { return bm * bk * elementBytes; }
  int64_t rhsStageBytes() const { return bk * bn * elementBytes; }
  int64_t sharedBytes() const {
    return stages * (lhsStageBytes() + rhsStageBytes());
  }

  explicit Sm80Tiling(KernelConfigAttr config)
      : bm(config.getBlockTile()[0]), bn(config.getBlockTile()[1]),
        bk(config.getBlockTile()[2]), warpsM(config.getWarpLayout()[0]),
        warpsN(config.getWarpLayout()[1]), stages(config.getStages()) {}
};
} // namespace

LogicalResult mlir::stl::gpu_codegen::verifySm80Spec(
    const GemmKernelSpec &spec, function_ref<InFlightDiagnostic()> emitError) {
  Sm80Tiling t(spec.config);
  ArrayRef<int64_t> mma = spec.config.getMmaShape();
  if (mma != ArrayRef<int64_t>{16, 8, 16})
    return emitError() << "the sm_80 kernel uses mma_shape [16, 8, 16]";
  if (t.warpM() * t.warpsM != t.bm || t.warpN() * t.warpsN != t.bn ||
      t.warpM() % 16 || t.warpN() % 16)
    return emitError() << "block_tile [" << t.bm << ", " << t.bn
                       << "] must split into warp tiles that are multiples "
                          "of 16x16 along warp_layout ["
                       << t.warpsM << ", " << t.warpsN << "]";
  if (t.bk % 16)
    return emitError() << "block_tile BK = " << t.bk
                       << " must be a multiple of 16";
  int64_t lhsChunks = t.bm * t.bk / 8, rhsChunks = t.bk * t.bn / 8;
  if (lhsChunks % t.threads() || rhsChunks % t.threads())
    return emitError() << "the " << t.threads()
                       << " threads must split the 16-byte chunks of a "
                          "block tile evenly (BM*BK/8 = "
                       << lhsChunks << ", BK*BN/8 = " << rhsChunks << ")";
  if (t.fragsM() * t.fragsN() > 64)
    return emitError() << "a " << t.warpM() << "x" << t.warpN()
                       << " warp tile needs more than 256 accumulator "
                          "registers per thread";
  if (t.stages < 2)
    return emitError() << "the sm_80 kernel needs at least 2 stages";
  // The chip's limit (stl/Target/GPUTarget.h); the configuration's chip
  // was verified with the attribute.
  int64_t maxShared =
      lookupGPUTarget(spec.config.getChip())->maxSharedBytesPerBlock;
  if (t.sharedBytes() > maxShared)
    return emitError() << t.stages << " stages need " << t.sharedBytes()
                       << " bytes of shared memory, more than " << maxShared
                       << " on " << spec.config.getChip();
  return success();
}

/// The physical 16-byte chunk of logical chunk `chunk` in row `row` of a
/// shared-memory tile with `chunksPerRow` chunks per row. ldmatrix reads one
/// chunk from each of 8 consecutive rows; XORing with the row (per 128-byte
/// line of banks) sends those 8 chunks to 8 distinct bank groups.
static Value swizzleChunk(KernelBuilder &b, Value row, Value chunk,
                          int64_t chunksPerRow) {
  if (chunksPerRow == 1)
    return chunk;
  int64_t rowsPerLine = std::max<int64_t>(1, 8 / chunksPerRow);
  int64_t period = std::min<int64_t>(chunksPerRow, 8);
  Value key = b.rem(b.div(row, rowsPerLine), period);
  return b.xori(chunk, key);
}

/// Element column of `col` (a multiple of 8) after swizzling its chunk.
static Value swizzleColumn(KernelBuilder &b, Value row, Value col,
                           int64_t rowElements) {
  Value chunk = swizzleChunk(b, row, b.div(col, 8), rowElements / 8);
  return b.mul(chunk, 8);
}

/// acc + a * b for one m16n8k16 tile. f16 goes through nvgpu.mma.sync; its
/// lowering cannot type bf16 operands, so bf16 uses nvvm.mma.sync on the
/// operands packed into 32-bit registers (the PTX form).
static Value mmaSync(KernelBuilder &b, Value a, Value bv, Value acc) {
  auto aType = cast<VectorType>(a.getType());
  if (!aType.getElementType().isBF16())
    return nvgpu::MmaSyncOp::create(b, a, bv, acc,
                                    ArrayRef<int64_t>{16, 8, 16});
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  auto pack = [&](Value frag) {
    SmallVector<Value> regs;
    int64_t rows = cast<VectorType>(frag.getType()).getDimSize(0);
    for (int64_t i = 0; i < rows; ++i) {
      Value pair = vector::ExtractOp::create(b, frag, ArrayRef<int64_t>{i});
      regs.push_back(LLVM::BitcastOp::create(b, i32, pair));
    }
    return regs;
  };
  SmallVector<Value> cRegs;
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 2; ++j)
      cRegs.push_back(
          vector::ExtractOp::create(b, acc, ArrayRef<int64_t>{i, j}));
  auto resultType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  Value d = NVVM::MmaOp::create(
      b, resultType, pack(a), pack(bv), cRegs, ArrayRef<int64_t>{16, 8, 16},
      std::nullopt, std::nullopt,
      std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::bf16, NVVM::MMATypes::bf16},
      std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                     NVVM::MMALayout::col});
  SmallVector<Value> elems;
  for (int64_t i = 0; i < 4; ++i)
    elems.push_back(LLVM::ExtractValueOp::create(b, d, ArrayRef<int64_t>{i}));
  return vector::FromElementsOp::create(b, acc.getType(), elems);
}

KernelLaunch mlir::stl::gpu_codegen::buildGemmSm80Kernel(
    KernelModuleBuilder &kernels, Location loc, const GemmKernelSpec &spec) {
  Sm80Tiling t(spec.config);
  Type et = spec.elementType;
  MLIRContext *ctx = et.getContext();
  Type f32 = Float32Type::get(ctx);
  MemRefType lhsType = globalMemRef({spec.batch, spec.rows, spec.inner}, et);
  MemRefType rhsType = globalMemRef({spec.batch, spec.inner, spec.cols}, et);
  MemRefType outType =
      globalMemRef({spec.batch, spec.rows, spec.cols}, spec.resultType);

  KernelLaunch launch;
  launch.block = {t.threads(), 1, 1};
  launch.grid = {spec.cols / t.bn, spec.rows / t.bm, spec.batch};
  launch.dynamicSharedMemoryBytes = t.sharedBytes();
  launch.kernel = kernels.createKernel(
      "stl_hadamard_sm80", {lhsType, rhsType, outType}, launch.block);
  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value lhs = func.getArgument(0), rhs = func.getArgument(1),
        out = func.getArgument(2);

  // Thread coordinates. The lane comes from gpu.lane_id: nothing here
  // assumes that the block is one warp wide.
  Value tid = b.threadId(gpu::Dimension::x);
  Value lane = gpu::LaneIdOp::create(b, /*upper_bound=*/nullptr);
  Value warp = b.div(tid, 32);
  Value warpRow = b.div(warp, t.warpsN), warpCol = b.rem(warp, t.warpsN);
  Value batch = b.blockId(gpu::Dimension::z);
  Value rowBase = b.mul(b.blockId(gpu::Dimension::y), t.bm);
  Value colBase = b.mul(b.blockId(gpu::Dimension::x), t.bn);

  // Shared memory: S lhs slots then S rhs slots.
  Value raw = b.dynamicSharedMemory();
  Value lhsSmem =
      memref::ViewOp::create(b, sharedMemRef({t.stages, t.bm, t.bk}, et), raw,
                             b.index(0), ValueRange{});
  Value rhsSmem = memref::ViewOp::create(
      b, sharedMemRef({t.stages, t.bk, t.bn}, et), raw,
      b.index(t.stages * t.lhsStageBytes()), ValueRange{});

  Type tokenType = nvgpu::DeviceAsyncTokenType::get(ctx);
  // Issues the cp.async copies of k-tile `kt` into `slot`: every thread
  // copies the same number of 16-byte chunks of each operand.
  auto copyTile = [&](Value kt, Value slot) {
    auto copy = [&](Value src, Value dst, Value srcRow0, Value srcCol0,
                    int64_t rows, int64_t cols) {
      int64_t chunksPerRow = cols / 8;
      int64_t perThread = rows * chunksPerRow / t.threads();
      for (int64_t i = 0; i < perThread; ++i) {
        Value id = b.add(tid, i * t.threads());
        Value row = b.div(id, chunksPerRow);
        Value chunk = b.rem(id, chunksPerRow);
        Value dstCol = b.mul(swizzleChunk(b, row, chunk, chunksPerRow), 8);
        nvgpu::DeviceAsyncCopyOp::create(
            b, tokenType, dst, ValueRange{slot, row, dstCol}, src,
            ValueRange{batch, b.add(srcRow0, row),
                       b.add(srcCol0, b.mul(chunk, 8))},
            b.getIndexAttr(8), /*srcElements=*/Value(), b.getUnitAttr());
      }
    };
    copy(lhs, lhsSmem, rowBase, b.mul(kt, t.bk), t.bm, t.bk);
    copy(rhs, rhsSmem, b.mul(kt, t.bk), colBase, t.bk, t.bn);
  };

  int64_t kTiles = spec.inner / t.bk;
  // Prologue: S-1 k-tiles in flight. A group is committed even when there
  // is no tile left so that the wait counts below stay uniform.
  Value token;
  for (int64_t s = 0; s < t.stages - 1; ++s) {
    if (s < kTiles)
      copyTile(b.index(s), b.index(s));
    token = nvgpu::DeviceAsyncCreateGroupOp::create(b, tokenType, ValueRange{});
  }

  auto fragType = VectorType::get({2, 2}, f32);
  Value zero = arith::ConstantOp::create(
      b, fragType, DenseElementsAttr::get(fragType, b.getF32FloatAttr(0.0f)));
  SmallVector<Value> inits(t.fragsM() * t.fragsN(), zero);
  inits.push_back(token);

  auto loop =
      scf::ForOp::create(b, b.index(0), b.index(kTiles), b.index(1), inits);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value kt = loop.getInductionVar();
    Value lastToken = loop.getRegionIterArgs().back();
    // k-tile kt is the oldest of the S-1 groups in flight.
    nvgpu::DeviceAsyncWaitOp::create(b, lastToken,
                                     b.getI32IntegerAttr(t.stages - 2));
    gpu::BarrierOp::create(b);
    // Refill the slot that k-tile kt-1 used: the barrier above guarantees
    // that every warp is done reading it.
    Value next = b.add(kt, t.stages - 1);
    auto refill = scf::IfOp::create(b, b.ult(next, kTiles), false);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(&refill.getThenRegion().front());
      copyTile(next, b.rem(next, t.stages));
    }
    Value newToken =
        nvgpu::DeviceAsyncCreateGroupOp::create(b, tokenType, ValueRange{});

    Value slot = b.rem(kt, t.stages);
    SmallVector<Value> acc(loop.getRegionIterArgs().drop_back());
    auto aType = VectorType::get({4, 2}, et);
    auto bType = VectorType::get({2, 2}, et);
    Value bZero = arith::ConstantOp::create(
        b, bType, DenseElementsAttr::get(bType, b.getZeroAttr(et)));
    Value laneRow = b.rem(lane, 16);
    Value laneCol = b.mul(b.div(lane, 16), 8);
    for (int64_t kk = 0; kk < t.bk / 16; ++kk) {
      // A fragments: 16x16 each, lanes 0-15 address rows 0-15 of the left
      // 8 columns, lanes 16-31 the right 8 columns.
      SmallVector<Value> aFrags;
      for (int64_t mi = 0; mi < t.fragsM(); ++mi) {
        Value row = b.add(b.mul(warpRow, t.warpM()), mi * 16);
        row = b.add(row, laneRow);
        Value col = b.add(laneCol, kk * 16);
        aFrags.push_back(nvgpu::LdMatrixOp::create(
            b, aType, lhsSmem,
            ValueRange{slot, row, swizzleColumn(b, row, col, t.bk)},
            /*transpose=*/false, /*numTiles=*/4));
      }
      // B fragments: a transposed x4 ldmatrix of a 16x16 (k x n) block
      // yields the k16 x n8 operands of two neighbouring n8 columns.
      SmallVector<Value> bFrags;
      for (int64_t nj = 0; nj < t.fragsN() / 2; ++nj) {
        Value row = b.add(laneRow, kk * 16);
        Value col = b.add(b.mul(warpCol, t.warpN()), nj * 16);
        col = b.add(col, laneCol);
        Value quad = nvgpu::LdMatrixOp::create(
            b, aType, rhsSmem,
            ValueRange{slot, row, swizzleColumn(b, row, col, t.bn)},
            /*transpose=*/true, /*numTiles=*/4);
        // Rows {0,1} and {2,3} of the result; built with extract/insert of
        // whole rows, which lower to LLVM aggregate ops directly.
        for (int64_t half = 0; half < 2; ++half) {
          Value frag = bZero;
          for (int64_t r = 0; r < 2; ++r) {
            Value v = vector::ExtractOp::create(
                b, quad, ArrayRef<int64_t>{2 * half + r});
            frag = vector::InsertOp::create(b, v, frag, ArrayRef<int64_t>{r});
          }
          bFrags.push_back(frag);
        }
      }
      for (int64_t mi = 0; mi < t.fragsM(); ++mi)
        for (int64_t ni = 0; ni < t.fragsN(); ++ni) {
          Value &c = acc[mi * t.fragsN() + ni];
          c = mmaSync(b, aFrags[mi], bFrags[ni], c);
        }
    }
    acc.push_back(newToken);
    scf::YieldOp::create(b, acc);
  }

  // Epilogue: lane (g = lane/4, t = lane%4) holds rows g and g+8, columns
  // 2t and 2t+1 of each m16n8 fragment.
  Value fragRow = b.div(lane, 4);
  Value fragCol = b.mul(b.rem(lane, 4), 2);
  auto outPairType = VectorType::get({2}, spec.resultType);
  for (int64_t mi = 0; mi < t.fragsM(); ++mi) {
    for (int64_t ni = 0; ni < t.fragsN(); ++ni) {
      Value c = loop.getResult(mi * t.fragsN() + ni);
      Value row0 = b.add(rowBase, b.add(b.mul(warpRow, t.warpM()), mi * 16));
      row0 = b.add(row0, fragRow);
      Value col = b.add(colBase, b.add(b.mul(warpCol, t.warpN()), ni * 8));
      col = b.add(col, fragCol);
      for (int64_t half = 0; half < 2; ++half) {
        Value pair = vector::ExtractOp::create(b, c, ArrayRef<int64_t>{half});
        if (spec.resultType != f32)
          pair = arith::TruncFOp::create(b, outPairType, pair);
        vector::StoreOp::create(b, pair, out,
                                ValueRange{batch, b.add(row0, 8 * half), col});
      }
    }
  }
  gpu::ReturnOp::create(b);
  return launch;
}
