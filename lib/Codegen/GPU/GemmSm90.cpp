//===- GemmSm90.cpp - Batched TensorCore GEMM with wgmma and TMA ----------===//
//
// The Hadamard stage of STL on sm_90a:
//
//   for each block (blockIdx.x: BN columns, .y: BM rows, .z: batch = rank r):
//     thread 0 issues TMA loads of k-tiles 0 .. S-2 into a ring of S
//     shared-memory slots, each slot guarded by an mbarrier (expect_tx)
//     for kt in 0 .. K/BK:
//       wait for the mbarrier of slot kt%S (phase parity flips per round)
//       every warpgroup: wgmma.mma_async over its BM/WGM rows x BN columns
//         (nvgpu.warpgroup.mma waits until at most this group is pending,
//          so the slot of k-tile kt-1 is free afterwards)
//       thread 0 issues the TMA loads of k-tile kt+S-1 into that slot
//     accumulators -> shared memory -> global memory (converted)
//
// Operand tiles are 128-byte swizzled (TMA writes, wgmma reads the same
// layout): lhs as a BM x 64 box, rhs as BN/64 boxes of 64 x 64 (the rhs is
// N-contiguous, hence `transposeB`). The TMA descriptors view the batched
// operands as 2-D (batch*rows) x inner and (batch*inner) x cols; extents are
// multiples of the block tile (`--stl-gpu-pad-hadamard`), so no box crosses
// a batch boundary.
//
//===----------------------------------------------------------------------===//

#include "GemmSm90Common.h"
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

Value mlir::stl::gpu_codegen::alignedSharedBase(KernelBuilder &b, Value raw) {
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, raw);
  Value misalignment = b.rem(b.add(address, kStaticSlack), kSwizzleAlignment);
  return b.add(
      b.rem(arith::SubIOp::create(b, b.index(kSwizzleAlignment), misalignment),
            kSwizzleAlignment),
      kStaticSlack);
}

LogicalResult mlir::stl::gpu_codegen::verifySm90Ring(
    KernelConfigAttr config, int64_t sharedBytes,
    function_ref<InFlightDiagnostic()> emitError) {
  int64_t stages = config.getStages();
  if (stages < 2)
    return emitError() << "the sm_90a kernel needs at least 2 stages";
  // The chip's limit (stl/Target/GPUTarget.h); the configuration's chip
  // was verified with the attribute.
  int64_t maxShared = lookupGPUTarget(config.getChip())->maxSharedBytesPerBlock;
  if (sharedBytes > maxShared)
    return emitError() << stages << " stages need " << sharedBytes
                       << " bytes of shared memory, more than " << maxShared
                       << " on " << config.getChip();
  return success();
}

SharedOperandMemory::SharedOperandMemory(KernelBuilder &b)
    : b(b), raw(b.dynamicSharedMemory()), base(alignedSharedBase(b, raw)) {}

Value SharedOperandMemory::view(Value byteOffset, ArrayRef<int64_t> shape,
                                Type type) const {
  return memref::ViewOp::create(b, sharedMemRef(shape, type), raw,
                                b.add(base, byteOffset), ValueRange{})
      .getResult();
}

namespace {
/// The derived sizes of one sm_90a configuration.
struct Sm90Tiling {
  int64_t bm, bn, bk, warpgroups, stages;
  int64_t threads() const { return 128 * warpgroups; }
  /// Rows of the accumulator of one warpgroup.
  int64_t groupM() const { return bm / warpgroups; }
  int64_t lhsStageBytes() const { return bm * bk * 2; }
  int64_t rhsStageBytes() const { return bk * bn * 2; }
  int64_t epilogueBytes() const { return bm * bn * 4; }
  int64_t sharedBytes() const {
    return kSwizzleAlignment + kStaticSlack +
           std::max(stages * (lhsStageBytes() + rhsStageBytes()),
                    epilogueBytes());
  }

  explicit Sm90Tiling(KernelConfigAttr config)
      : bm(config.getBlockTile()[0]), bn(config.getBlockTile()[1]),
        bk(config.getBlockTile()[2]), warpgroups(config.getWarpLayout()[0]),
        stages(config.getStages()) {}
};
} // namespace

LogicalResult mlir::stl::gpu_codegen::verifySm90Spec(
    const GemmKernelSpec &spec, function_ref<InFlightDiagnostic()> emitError) {
  KernelConfigAttr config = spec.config;
  if (config.getSchedule() == KernelSchedule::persistent)
    return verifySm90PersistentSpec(spec, emitError);
  Sm90Tiling t(config);
  if (config.getWarpLayout()[1] != 1 || t.warpgroups > 2)
    return emitError() << "the sm_90a kernel stacks 1 or 2 warpgroups along "
                          "M: warp_layout must be [1, 1] or [2, 1]";
  if (t.bk != kSwizzleElements)
    return emitError() << "the sm_90a kernel needs BK = " << kSwizzleElements
                       << " (one 128-byte swizzle row), got " << t.bk;
  if (t.groupM() * t.warpgroups != t.bm ||
      (t.groupM() != 64 && t.groupM() != 128))
    return emitError() << "each warpgroup must own 64 or 128 rows of the "
                          "block tile, got BM = "
                       << t.bm << " for " << t.warpgroups << " warpgroup(s)";
  if (t.bn % 64 || t.bn > 256)
    return emitError() << "BN must be a multiple of 64 up to 256, got " << t.bn;
  // nvgpu.warpgroup.mma.store places the second m64 block of a warpgroup
  // at a row offset equal to its register count, which is 64 only for
  // N = 128.
  if (t.groupM() == 128 && t.bn != 128)
    return emitError() << "a warpgroup owning 128 rows needs BN = 128";
  if (t.groupM() * t.bn > 128 * 128)
    return emitError() << "a " << t.groupM() << "x" << t.bn
                       << " warpgroup tile needs more than 128 accumulator "
                          "registers per thread";
  if (config.getMmaShape() != ArrayRef<int64_t>{64, t.bn, 16})
    return emitError() << "the sm_90a kernel uses mma_shape [64, " << t.bn
                       << ", 16]";
  return verifySm90Ring(config, t.sharedBytes(), emitError);
}

/// A TMA descriptor type for 128-byte-swizzled boxes of `box` elements.
static nvgpu::TensorMapDescriptorType tensorMapType(ArrayRef<int64_t> box,
                                                    Type elementType) {
  return nvgpu::TensorMapDescriptorType::get(
      elementType.getContext(), sharedMemRef(box, elementType),
      nvgpu::TensorMapSwizzleKind::SWIZZLE_128B,
      nvgpu::TensorMapL2PromoKind::L2PROMO_NONE,
      nvgpu::TensorMapOOBKind::OOB_ZERO,
      nvgpu::TensorMapInterleaveKind::INTERLEAVE_NONE);
}

GemmSm90Descriptors
mlir::stl::gpu_codegen::getGemmSm90Descriptors(MLIRContext *ctx,
                                               const GemmKernelSpec &spec) {
  Sm90Tiling t(spec.config);
  GemmSm90Descriptors d;
  d.lhsBox = {t.bm, kSwizzleElements};
  d.rhsBox = {kSwizzleElements, kSwizzleElements};
  d.lhs = tensorMapType(d.lhsBox, spec.elementType);
  d.rhs = tensorMapType(d.rhsBox, spec.elementType);
  return d;
}

KernelLaunch mlir::stl::gpu_codegen::buildGemmSm90Kernel(
    KernelModuleBuilder &kernels, Location loc, const GemmKernelSpec &spec) {
  if (spec.config.getSchedule() == KernelSchedule::persistent)
    return buildGemmSm90PersistentKernel(kernels, loc, spec);
  Sm90Tiling t(spec.config);
  Type et = spec.elementType;
  MLIRContext *ctx = et.getContext();
  Type f32 = Float32Type::get(ctx);
  GemmSm90Descriptors desc = getGemmSm90Descriptors(ctx, spec);
  MemRefType outType =
      globalMemRef({spec.batch, spec.rows, spec.cols}, spec.resultType);

  KernelLaunch launch;
  launch.block = {t.threads(), 1, 1};
  launch.grid = {spec.cols / t.bn, spec.rows / t.bm, spec.batch};
  launch.dynamicSharedMemoryBytes = t.sharedBytes();
  // The TMA descriptors arrive by value (markByValueArg): NVPTX emits a
  // `.param .align 64 .b8 [128]` parameter whose generic address
  // (cvta.param) TMA reads. The pointer is what the nvgpu descriptor type
  // lowers to; convert-gpu-to-nvvm does not convert nvgpu types in kernel
  // signatures.
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  launch.kernel = kernels.createKernel(
      "stl_hadamard_sm90a", {ptrType, ptrType, outType}, launch.block);
  gpu::GPUFuncOp func = launch.kernel;
  for (unsigned arg : {0u, 1u})
    markByValueArg(func, arg, getTensorMapParamType(ctx), kTensorMapAlignment);
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  auto asDescriptor = [&](Value ptr, Type type) {
    return UnrealizedConversionCastOp::create(b, type, ptr).getResult(0);
  };
  Value lhsMap = asDescriptor(func.getArgument(0), desc.lhs);
  Value rhsMap = asDescriptor(func.getArgument(1), desc.rhs);
  Value out = func.getArgument(2);

  Value tid = b.threadId(gpu::Dimension::x);
  Value group = b.div(tid, 128);
  Value primary = b.eq(tid, 0);
  Value batch = b.blockId(gpu::Dimension::z);
  Value rowBase = b.mul(b.blockId(gpu::Dimension::y), t.bm);
  Value colBase = b.mul(b.blockId(gpu::Dimension::x), t.bn);

  // Dynamic shared memory, its base moved past the static variables and
  // rounded up to 1024 bytes.
  SharedOperandMemory smem(b);
  int64_t rhsBase = t.stages * t.lhsStageBytes();

  auto smemSpace =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  auto barrierType = nvgpu::MBarrierGroupType::get(ctx, smemSpace, t.stages);
  Value barriers = nvgpu::MBarrierCreateOp::create(b, barrierType);
  for (int64_t s = 0; s < t.stages; ++s)
    nvgpu::MBarrierInitOp::create(b, barriers, b.index(1), b.index(s), primary);
  // The barriers are initialized through the generic proxy, but TMA signals
  // them through the async proxy: fence.mbarrier_init makes the
  // initialization visible to it before the first TMA load can complete on
  // them (a plain bar.sync orders only the generic proxy).
  {
    auto fence = scf::IfOp::create(b, primary, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(fence.thenBlock());
    NVVM::FenceMbarrierInitOp::create(b);
  }
  gpu::BarrierOp::create(b);
  nvgpu::TmaPrefetchOp::create(b, lhsMap, primary);
  nvgpu::TmaPrefetchOp::create(b, rhsMap, primary);

  int64_t txBytes = t.lhsStageBytes() + t.rhsStageBytes();
  // Thread 0 (`pred`) loads k-tile `kt` into `slot`. TMA coordinates are
  // innermost first.
  auto issue = [&](Value kt, Value slot, Value pred) {
    nvgpu::MBarrierArriveExpectTxOp::create(b, barriers, b.index(txBytes), slot,
                                            pred);
    Value k0 = b.mul(kt, t.bk);
    Value lhsDst =
        smem.view(b.mul(slot, t.lhsStageBytes()), {t.bm, kSwizzleElements}, et);
    nvgpu::TmaAsyncLoadOp::create(
        b, lhsDst, barriers, lhsMap,
        ValueRange{k0, b.add(b.mul(batch, spec.rows), rowBase)}, slot,
        /*multicastMask=*/Value(), pred);
    Value rhsRow = b.add(b.mul(batch, spec.inner), k0);
    for (int64_t j = 0; j < t.bn / kSwizzleElements; ++j) {
      Value offset =
          b.add(b.mul(slot, t.rhsStageBytes()), rhsBase + j * kRhsBoxBytes);
      Value rhsDst =
          smem.view(offset, {kSwizzleElements, kSwizzleElements}, et);
      nvgpu::TmaAsyncLoadOp::create(
          b, rhsDst, barriers, rhsMap,
          ValueRange{b.add(colBase, j * kSwizzleElements), rhsRow}, slot,
          /*multicastMask=*/Value(), pred);
    }
  };

  int64_t kTiles = spec.inner / t.bk;
  for (int64_t s = 0; s < std::min(t.stages - 1, kTiles); ++s)
    issue(b.index(s), b.index(s), primary);

  auto accType = nvgpu::WarpgroupAccumulatorType::get(
      ctx, VectorType::get({t.groupM(), t.bn}, f32));
  Value acc0 = nvgpu::WarpgroupMmaInitAccumulatorOp::create(b, accType);
  auto loop = scf::ForOp::create(b, b.index(0), b.index(kTiles), b.index(1),
                                 ValueRange{acc0, b.boolean(false)});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value kt = loop.getInductionVar();
    Value acc = loop.getRegionIterArgs()[0];
    Value phase = loop.getRegionIterArgs()[1];
    Value slot = b.rem(kt, t.stages);
    nvgpu::MBarrierTryWaitParityOp::create(b, barriers, phase,
                                           b.index(10000000), slot);

    // This warpgroup's rows of the lhs slot, and the whole rhs slot.
    Value lhsOffset = b.add(b.mul(slot, t.lhsStageBytes()),
                            b.mul(group, t.groupM() * t.bk * 2));
    Value lhsTile = smem.view(lhsOffset, {t.groupM(), t.bk}, et);
    Value rhsTile = smem.view(b.add(b.mul(slot, t.rhsStageBytes()), rhsBase),
                              {t.bk, t.bn}, et);
    auto lhsDescType = nvgpu::WarpgroupMatrixDescriptorType::get(
        ctx, sharedMemRef({t.groupM(), t.bk}, et));
    auto rhsDescType = nvgpu::WarpgroupMatrixDescriptorType::get(
        ctx, sharedMemRef({t.bk, t.bn}, et));
    Value lhsDesc = nvgpu::WarpgroupGenerateDescriptorOp::create(
        b, lhsDescType, lhsTile, lhsMap);
    Value rhsDesc = nvgpu::WarpgroupGenerateDescriptorOp::create(
        b, rhsDescType, rhsTile, rhsMap);
    Value next = nvgpu::WarpgroupMmaOp::create(
        b, accType, lhsDesc, rhsDesc, /*waitGroup=*/b.getI64IntegerAttr(1),
        /*transposeA=*/UnitAttr(), /*transposeB=*/b.getUnitAttr(), acc);

    // With several warpgroups, thread 0 only knows that its own warpgroup
    // is done with the slot of k-tile kt-1.
    if (t.warpgroups > 1)
      gpu::BarrierOp::create(b);
    Value refill = b.add(kt, t.stages - 1);
    Value pred = b.andi(primary, b.ult(refill, kTiles));
    issue(refill, b.rem(refill, t.stages), pred);

    Value wraps = b.eq(slot, t.stages - 1);
    Value flipped = arith::XOrIOp::create(b, phase, b.boolean(true));
    Value nextPhase = arith::SelectOp::create(b, wraps, flipped, phase);
    scf::YieldOp::create(b, ValueRange{next, nextPhase});
  }
  NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
  // Every warpgroup is done with the operand slots: reuse them for C.
  gpu::BarrierOp::create(b);

  // nvgpu.warpgroup.mma.store numbers rows by the warp index in the block
  // (16 per warp, so warpgroup g starts at row 64*g) and puts the second m64
  // block of a warpgroup at row +64 (BN = 128, see verifySm90Spec). Shift
  // the destination so that warpgroup g lands on rows groupM*g ...: the
  // store indexes past the view's static rows, but stays inside the C tile.
  Value storeOffset = b.mul(group, (t.groupM() - 64) * t.bn * 4);
  Value accTile = smem.view(storeOffset, {t.groupM(), t.bn}, f32);
  nvgpu::WarpgroupMmaStoreOp::create(b, loop.getResult(0), accTile);
  gpu::BarrierOp::create(b);

  // Shared memory -> global memory, 16 bytes per thread and step, rows of
  // consecutive threads contiguous.
  Value cTile = smem.view(b.index(0), {t.bm, t.bn}, f32);
  int64_t vectors = t.bm * t.bn / 4;
  int64_t perRow = t.bn / 4;
  auto copyLoop = scf::ForOp::create(
      b, b.index(0), b.index(vectors / t.threads()), b.index(1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(copyLoop.getBody());
    Value id = b.add(tid, b.mul(copyLoop.getInductionVar(), t.threads()));
    Value row = b.div(id, perRow);
    Value col = b.mul(b.rem(id, perRow), 4);
    Value v = vector::LoadOp::create(b, VectorType::get({4}, f32), cTile,
                                     ValueRange{row, col});
    if (spec.resultType != f32)
      v = arith::TruncFOp::create(b, VectorType::get({4}, spec.resultType), v);
    vector::StoreOp::create(
        b, v, out, ValueRange{batch, b.add(rowBase, row), b.add(colBase, col)});
  }
  gpu::ReturnOp::create(b);
  return launch;
}
