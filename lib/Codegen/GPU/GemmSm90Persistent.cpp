//===- GemmSm90Persistent.cpp - Persistent warp-specialized wgmma GEMM ----===//
//
// The Hadamard stage of STL on sm_90a with `schedule = persistent`:
//
//   grid: min(tiles, SMs x blocks per SM) blocks of 128 x (1 + W) threads
//   warpgroup 0 (producer; gives its registers to the consumers), thread 0:
//     for each tile t = blockIdx.x, += gridDim.x, in grouped order:
//       for each k-tile: wait empty[slot]; expect_tx + TMA loads -> full[slot]
//   warpgroups 1 .. W (consumers, 64 rows of the tile each):
//     for each tile t (the same sequence):
//       k-tile 0: wait full[slot]; wgmma with scale-d = 0 (no zero-fill)
//       k-tile i: wait full[slot]; wgmma; wait for k-tile i-1's wgmma group
//                 and release its slot (one arrival per warpgroup on empty)
//       epilogue: accumulators -> global memory with 16-byte stores from
//                 registers, while the producer already loads the next tile
//
// One k-iteration counter runs on across the tiles of a block, identical on
// both sides: slot = it % S and phase parity = (it / S) % 2. The producer
// waits on the opposite parity of the empty barriers, so it passes them in
// the first round (the phase before phase 0 counts as complete).
//
// The wgmma instructions are built directly as NVVM ops (not through
// nvgpu.warpgroup.mma) because only they can set scale-d = 0; the shared
// memory descriptors are computed here with the same fields as
// nvgpu.warpgroup.generate.descriptor: 128-byte swizzle, 1024-byte stride
// between 8-row groups, and for the N-contiguous rhs an 8192-byte stride
// between its 64-column boxes.
//
// Tiles are visited in groups of kRasterRows row-tiles: consecutive tile
// indices, which run at the same time on different SMs, walk down the rows
// of a group before moving one column-tile right, so the blocks in flight
// share their lhs rows and rhs columns in L2.
//
// With `cluster = 2` the two blocks of a cluster (ranks 0 and 1) take the
// vertically adjacent tiles 2u and 2u + 1 of a unit u, which need the same
// rhs k-tiles: each producer loads half of the rhs boxes and multicasts
// them to both blocks (same shared offset, signalling the full barrier of
// the same slot in each). A slot may be refilled only when the consumers of
// both blocks are done with it, so every consumer warpgroup arrives on the
// empty barrier of both blocks, and the producer waits, before it exits,
// for the last arrivals its block will receive from the other one. When
// the rows give an odd number of tiles, the last unit's second tile lies
// beyond them: that block loads and multiplies it (its loads stay in bounds
// or are zero-filled) but stores nothing.
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

/// Rows of a consumer warpgroup: one m64 wgmma.
static constexpr int64_t kConsumerRows = 64;
/// Row-tiles per raster group.
static constexpr int64_t kRasterRows = 8;
/// Registers the producer warpgroup keeps after `setmaxnreg.dec`: it only
/// issues TMA loads and waits on barriers.
static constexpr int64_t kProducerRegisters = 40;
/// Registers of one SM.
static constexpr int64_t kRegistersPerSM = 65536;

/// Keeps `loop` rolled: LLVM's `llvm.loop.unroll.disable`, which the NVPTX
/// backend passes on to ptxas as `.pragma "nounroll"`. The k-loops issue
/// asynchronous wgmmas and TMA loads and wait on barriers: unrolling them
/// gains nothing, and fully unrolled short loops (4 or 8 k-tiles) kept
/// enough descriptors and addresses live to spill next to 128
/// accumulators.
static void keepRolled(scf::ForOp loop) {
  MLIRContext *ctx = loop.getContext();
  auto unroll = LLVM::LoopUnrollAttr::get(ctx, BoolAttr::get(ctx, true), {}, {},
                                          {}, {}, {}, {});
  // The name of llvm.br's inherent attribute: scf-to-cf moves LLVM
  // attributes of the loop onto its back edge, and the branch conversion
  // keeps them.
  loop->setAttr("loop_annotation", LLVM::LoopAnnotationAttr::get(
                                       ctx, {}, {}, {}, unroll, {}, {}, {}, {},
                                       {}, {}, {}, {}, {}, {}, {}));
}

namespace {
/// The derived sizes of one persistent configuration.
struct PersistentTiling {
  int64_t bm, bn, bk, consumers, stages, cluster;

  explicit PersistentTiling(KernelConfigAttr config)
      : bm(config.getBlockTile()[0]), bn(config.getBlockTile()[1]),
        bk(config.getBlockTile()[2]), consumers(config.getWarpLayout()[0]),
        stages(config.getStages()), cluster(config.getCluster()) {}

  int64_t threads() const { return 128 * (1 + consumers); }
  int64_t lhsStageBytes() const { return bm * bk * 2; }
  int64_t rhsStageBytes() const { return bk * bn * 2; }
  int64_t sharedBytes() const {
    return kSwizzleAlignment + kStaticSlack +
           stages * (lhsStageBytes() + rhsStageBytes());
  }
  /// Blocks that share an SM: two consumers use all registers; one
  /// consumer with at most 64 accumulators per thread (BN <= 128, about
  /// 112 registers) leaves room for a second block if shared memory does.
  /// Wider tiles need ~170 registers: two such blocks of 256 threads would
  /// not fit in 65536 registers, and the grid would run in two waves.
  int64_t blocksPerSM(int64_t maxSharedPerBlock) const {
    if (consumers > 1 || bn > 128)
      return 1;
    // The SM has 1 KiB more than a block may use; each block reserves 1 KiB.
    return 2 * (sharedBytes() + 1024) <= maxSharedPerBlock + 1024 ? 2 : 1;
  }
  /// Registers per thread at launch when `blocks` blocks share an SM: the
  /// register file split evenly, rounded down to ptxas's granule of 8 (168
  /// for two consumers, 128 for one consumer and two blocks).
  int64_t launchRegisters(int64_t blocks) const {
    return std::min<int64_t>(kRegistersPerSM / (threads() * blocks), 256) / 8 *
           8;
  }
  /// What each consumer warpgroup gets after `setmaxnreg.inc` once the
  /// producer dropped to kProducerRegisters: the block's registers minus the
  /// producer's, shared by the consumers (232 for two consumers, 216 for one
  /// consumer and two blocks). Without it ptxas would compile the consumers
  /// within the launch budget: 128 registers leave no room for one
  /// consumer's 64 accumulators, fragment addresses and tile indices
  /// (spills on 64x128 tiles of some shapes).
  int64_t consumerRegisters(int64_t blocks) const {
    int64_t block = launchRegisters(blocks) * threads();
    return std::min<int64_t>(
               (block - kProducerRegisters * 128) / (128 * consumers), 256) /
           8 * 8;
  }
};
} // namespace

LogicalResult mlir::stl::gpu_codegen::verifySm90PersistentSpec(
    const GemmKernelSpec &spec, function_ref<InFlightDiagnostic()> emitError) {
  KernelConfigAttr config = spec.config;
  PersistentTiling t(config);
  if (config.getWarpLayout()[1] != 1 || t.consumers > 2)
    return emitError() << "the persistent sm_90a kernel stacks 1 or 2 "
                          "consumer warpgroups along M: warp_layout must be "
                          "[1, 1] or [2, 1]";
  if (t.bm != kConsumerRows * t.consumers)
    return emitError() << "the persistent sm_90a kernel gives each consumer "
                          "warpgroup "
                       << kConsumerRows << " rows: block_tile[0] must be "
                       << kConsumerRows * t.consumers << " for " << t.consumers
                       << " warpgroup(s), got " << t.bm;
  if (t.bk != kSwizzleElements)
    return emitError() << "the sm_90a kernel needs BK = " << kSwizzleElements
                       << " (one 128-byte swizzle row), got " << t.bk;
  if (t.bn % 64 || t.bn > 256)
    return emitError() << "BN must be a multiple of 64 up to 256, got " << t.bn;
  if (config.getMmaShape() != ArrayRef<int64_t>{kConsumerRows, t.bn, 16})
    return emitError() << "the sm_90a kernel uses mma_shape [64, " << t.bn
                       << ", 16]";
  if (t.cluster > 1 && t.bn % (kSwizzleElements * t.cluster))
    return emitError() << "a cluster of " << t.cluster
                       << " blocks splits the rhs boxes between them: BN "
                          "must be a multiple of "
                       << kSwizzleElements * t.cluster << ", got " << t.bn;
  return verifySm90Ring(config, t.sharedBytes(), emitError);
}

/// The wgmma shared memory descriptor of a 128-byte-swizzled matrix at
/// shared address `address` (i64): start address, leading and stride byte
/// offsets in 16-byte units, swizzle mode 1 (128 bytes) in bits 62-63.
static Value wgmmaDescriptor(KernelBuilder &b, Value address,
                             int64_t leadingBytes, int64_t strideBytes) {
  Type i64 = b.getI64Type();
  auto constant = [&](uint64_t v) {
    return arith::ConstantIntOp::create(b, i64, int64_t(v)).getResult();
  };
  Value start = arith::ShRUIOp::create(
      b, arith::AndIOp::create(b, address, constant(0x3FFFF)), constant(4));
  uint64_t fields = (uint64_t(leadingBytes >> 4) << 16) |
                    (uint64_t(strideBytes >> 4) << 32) | (uint64_t(1) << 62);
  return arith::OrIOp::create(b, start, constant(fields));
}

KernelLaunch mlir::stl::gpu_codegen::buildGemmSm90PersistentKernel(
    KernelModuleBuilder &kernels, Location loc, const GemmKernelSpec &spec) {
  PersistentTiling t(spec.config);
  Type et = spec.elementType;
  MLIRContext *ctx = et.getContext();
  Type f32 = Float32Type::get(ctx);
  Type i64 = IntegerType::get(ctx, 64);
  const GPUTarget *target = lookupGPUTarget(spec.config.getChip());
  GemmSm90Descriptors desc = getGemmSm90Descriptors(ctx, spec);
  MemRefType outType =
      globalMemRef({spec.batch, spec.rows, spec.cols}, spec.resultType);

  int64_t tilesM = spec.rows / t.bm, tilesN = spec.cols / t.bn;
  // A unit is what one cluster computes: `cluster` tiles stacked along M.
  int64_t unitsM = llvm::divideCeil(tilesM, t.cluster);
  int64_t units = spec.batch * unitsM * tilesN;
  int64_t kTiles = spec.inner / t.bk;
  KernelLaunch launch;
  launch.block = {t.threads(), 1, 1};
  int64_t blocksPerSM = t.blocksPerSM(target->maxSharedBytesPerBlock);
  int64_t clusters = std::min(units, target->smCount * blocksPerSM / t.cluster);
  launch.grid = {clusters * t.cluster, 1, 1};
  launch.cluster = {t.cluster, 1, 1};
  launch.dynamicSharedMemoryBytes = t.sharedBytes();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  launch.kernel =
      kernels.createKernel("stl_hadamard_sm90a_persistent",
                           {ptrType, ptrType, outType}, launch.block);
  gpu::GPUFuncOp func = launch.kernel;
  for (unsigned arg : {0u, 1u})
    markByValueArg(func, arg, getTensorMapParamType(ctx), kTensorMapAlignment);
  // The blocks per SM the grid counts on, for ptxas's register budget: one
  // lets it assume all 65536 registers at launch (what setmaxnreg
  // redistributes); two cap it at 128 per thread, so that they do fit.
  // With a bounded launch budget the producer gives its registers to the
  // consumers (setmaxnreg below).
  bool redistribute = t.consumers > 1 || blocksPerSM > 1;
  if (redistribute)
    func->setAttr("nvvm.minctasm",
                  IntegerAttr::get(IntegerType::get(ctx, 32), blocksPerSM));
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  auto asDescriptor = [&](Value ptr, Type type) {
    return UnrealizedConversionCastOp::create(b, type, ptr).getResult(0);
  };
  Value lhsMap = asDescriptor(func.getArgument(0), desc.lhs);
  Value rhsMap = asDescriptor(func.getArgument(1), desc.rhs);
  Value out = b.assumeAligned(func.getArgument(2));

  Value tid = b.threadId(gpu::Dimension::x);
  Value warpgroup = b.div(tid, 128);
  Value primary = b.eq(tid, 0);

  SharedOperandMemory shared(b);
  int64_t rhsBase = t.stages * t.lhsStageBytes();

  // Barriers 0 .. S-1 are `full` (the producer's expect_tx, completed by
  // TMA); S .. 2S-1 are `empty` (one arrival per consumer warpgroup of
  // each block of the cluster).
  auto smemSpace =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  auto barrierType =
      nvgpu::MBarrierGroupType::get(ctx, smemSpace, 2 * t.stages);
  Value barriers = nvgpu::MBarrierCreateOp::create(b, barrierType);
  for (int64_t s = 0; s < t.stages; ++s) {
    nvgpu::MBarrierInitOp::create(b, barriers, b.index(1), b.index(s), primary);
    nvgpu::MBarrierInitOp::create(b, barriers, b.index(t.consumers * t.cluster),
                                  b.index(t.stages + s), primary);
  }
  // TMA signals the barriers through the async proxy: fence.mbarrier_init
  // makes their initialization visible to it (see GemmSm90.cpp).
  {
    auto fence = scf::IfOp::create(b, primary, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(fence.thenBlock());
    NVVM::FenceMbarrierInitOp::create(b);
  }
  // The last block-wide (cluster-wide) barrier: after it the warpgroups
  // only synchronize through the mbarriers (the producer's idle threads
  // leave early). In a cluster, no block may multicast into or arrive on
  // the other's barriers before they are initialized.
  if (t.cluster > 1) {
    NVVM::ClusterArriveOp::create(b, b.getUnitAttr());
    NVVM::ClusterWaitOp::create(b, b.getUnitAttr());
  } else {
    gpu::BarrierOp::create(b);
  }

  Value ticks = b.index(10000000);
  auto slotOf = [&](Value it) { return b.rem(it, t.stages); };
  // True when round it / S is odd: the parity of the phase to wait for.
  auto oddRound = [&](Value it) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::ne,
                                 b.rem(b.div(it, t.stages), 2), b.index(0))
        .getResult();
  };

  // The block's rank in its cluster (clusters tile the 1-D grid) and the
  // cluster's index.
  Value blockId = b.blockId(gpu::Dimension::x);
  Value rank = b.rem(blockId, t.cluster);

  // Unit `unit` -> the block's tile in it: (batch, first row, first
  // column, row-tile), units grouped along M.
  struct TileOrigin {
    Value batch, rowBase, colBase, mTile;
  };
  int64_t group = std::min(kRasterRows, unitsM);
  auto tileOrigin = [&](Value unit) {
    Value batch = b.div(unit, unitsM * tilesN);
    Value local = b.rem(unit, unitsM * tilesN);
    Value firstM = b.mul(b.div(local, group * tilesN), group);
    Value rowsInGroup = arith::MinUIOp::create(
        b, arith::SubIOp::create(b, b.index(unitsM), firstM), b.index(group));
    Value inGroup = b.rem(local, group * tilesN);
    Value mUnit =
        b.add(firstM, arith::RemUIOp::create(b, inGroup, rowsInGroup));
    Value nTile = arith::DivUIOp::create(b, inGroup, rowsInGroup);
    Value mTile = b.add(b.mul(mUnit, t.cluster), rank);
    return TileOrigin{batch, b.mul(mTile, t.bm), b.mul(nTile, t.bn), mTile};
  };
  // The cluster's units, each with the k-iteration count at its start;
  // returns the count after the last one.
  auto forEachTile = [&](function_ref<Value(Value unit, Value it)> body) {
    auto loop = scf::ForOp::create(
        b, b.div(blockId, t.cluster), b.index(units),
        b.div(gpu::GridDimOp::create(b, gpu::Dimension::x), t.cluster),
        ValueRange{b.index(0)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value next = body(loop.getInductionVar(), loop.getRegionIterArgs().front());
    scf::YieldOp::create(b, next);
    return loop.getResult(0);
  };

  auto roles = scf::IfOp::create(b, b.eq(warpgroup, 0), /*withElse=*/true);

  //===--- Producer ------------------------------------------------------===//
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(roles.thenBlock());
    if (redistribute)
      NVVM::SetMaxRegisterOp::create(
          b, b.getI32IntegerAttr(kProducerRegisters),
          NVVM::SetMaxRegisterActionAttr::get(
              ctx, NVVM::SetMaxRegisterAction::decrease));
    auto single = scf::IfOp::create(b, primary, /*withElse=*/false);
    b.setInsertionPointToStart(single.thenBlock());
    nvgpu::TmaPrefetchOp::create(b, lhsMap, Value());
    nvgpu::TmaPrefetchOp::create(b, rhsMap, Value());
    // Each block's full barrier receives the whole stage: its lhs box and
    // the rhs boxes of both blocks of the cluster.
    int64_t txBytes = t.lhsStageBytes() + t.rhsStageBytes();
    int64_t ownBoxes = t.bn / kSwizzleElements / t.cluster;
    Value multicast;
    if (t.cluster > 1)
      multicast =
          arith::ConstantIntOp::create(b, b.getI16Type(), (1 << t.cluster) - 1);
    Value end = forEachTile([&](Value unit, Value it0) {
      auto [batch, rowBase, colBase, mTile] = tileOrigin(unit);
      Value lhsRow = b.add(b.mul(batch, spec.rows), rowBase);
      auto kLoop = scf::ForOp::create(b, b.index(0), b.index(kTiles),
                                      b.index(1), ValueRange{it0});
      keepRolled(kLoop);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(kLoop.getBody());
      Value kt = kLoop.getInductionVar();
      Value it = kLoop.getRegionIterArgs().front();
      Value slot = slotOf(it);
      Value emptyParity = b.xori(oddRound(it), b.boolean(true));
      nvgpu::MBarrierTryWaitParityOp::create(b, barriers, emptyParity, ticks,
                                             b.add(slot, t.stages));
      nvgpu::MBarrierArriveExpectTxOp::create(b, barriers, b.index(txBytes),
                                              slot, Value());
      // TMA coordinates are innermost first.
      Value k0 = b.mul(kt, t.bk);
      Value lhsDst = shared.view(b.mul(slot, t.lhsStageBytes()),
                                 {t.bm, kSwizzleElements}, et);
      nvgpu::TmaAsyncLoadOp::create(b, lhsDst, barriers, lhsMap,
                                    ValueRange{k0, lhsRow}, slot,
                                    /*multicastMask=*/Value(), Value());
      Value rhsRow = b.add(b.mul(batch, spec.inner), k0);
      for (int64_t j = 0; j < ownBoxes; ++j) {
        Value box = b.add(b.mul(rank, ownBoxes), b.index(j));
        Value offset = b.add(
            b.add(b.mul(slot, t.rhsStageBytes()), b.mul(box, kRhsBoxBytes)),
            b.index(rhsBase));
        Value rhsDst =
            shared.view(offset, {kSwizzleElements, kSwizzleElements}, et);
        nvgpu::TmaAsyncLoadOp::create(
            b, rhsDst, barriers, rhsMap,
            ValueRange{b.add(colBase, b.mul(box, kSwizzleElements)), rhsRow},
            slot, multicast, Value());
      }
      scf::YieldOp::create(b, b.add(it, 1));
      return kLoop.getResult(0);
    });
    // In a cluster the other block's consumers arrive on this block's empty
    // barriers until their last k-iteration: wait for those arrivals (the
    // next S iterations' empty phases) so that the block does not exit
    // while they are still in flight.
    if (t.cluster > 1) {
      auto tail =
          scf::ForOp::create(b, end, b.add(end, b.index(t.stages)), b.index(1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(tail.getBody());
      Value it = tail.getInductionVar();
      nvgpu::MBarrierTryWaitParityOp::create(
          b, barriers, b.xori(oddRound(it), b.boolean(true)), ticks,
          b.add(slotOf(it), t.stages));
    }
  }

  //===--- Consumers -----------------------------------------------------===//
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(roles.elseBlock());
    if (redistribute)
      NVVM::SetMaxRegisterOp::create(
          b, b.getI32IntegerAttr(t.consumerRegisters(blocksPerSM)),
          NVVM::SetMaxRegisterActionAttr::get(
              ctx, NVVM::SetMaxRegisterAction::increase));
    Value consumer = arith::SubIOp::create(b, warpgroup, b.index(1));
    Value inGroup = b.rem(tid, 128);
    Value leader = b.eq(inGroup, 0);
    Value lane = b.rem(tid, 32);

    // Shared addresses of this warpgroup's lhs rows and of the rhs, slot 0.
    Value smem = arith::IndexCastOp::create(
        b, i64,
        b.add(memref::ExtractAlignedPointerAsIndexOp::create(b, shared.raw),
              shared.base));
    auto addressOf = [&](Value slot, int64_t stageBytes, Value offset) {
      Value bytes = b.add(b.mul(slot, stageBytes), offset);
      return arith::AddIOp::create(b, smem,
                                   arith::IndexCastOp::create(b, i64, bytes));
    };
    Value lhsOffset = b.mul(consumer, kConsumerRows * t.bk * 2);

    auto accType =
        LLVM::LLVMStructType::getLiteral(ctx, SmallVector<Type>(t.bn / 2, f32));
    auto wgmmaType = [&](Type type) {
      return NVVM::WGMMATypesAttr::get(
          ctx, type.isBF16() ? NVVM::WGMMATypes::bf16 : NVVM::WGMMATypes::f16);
    };
    auto one = NVVM::WGMMAScaleInAttr::get(ctx, NVVM::WGMMAScaleIn::one);
    // One k-tile: 4 wgmma of K = 16, committed as one group. The lhs
    // descriptor steps 32 bytes along the swizzled row, the rhs one 16 rows
    // of 128 bytes.
    auto mmaKTile = [&](Value slot, Value acc, bool first) {
      Value descA =
          wgmmaDescriptor(b, addressOf(slot, t.lhsStageBytes(), lhsOffset),
                          t.bm * 128, 8 * 128);
      Value descB = wgmmaDescriptor(
          b, addressOf(slot, t.rhsStageBytes(), b.index(rhsBase)), kRhsBoxBytes,
          8 * 128);
      NVVM::WgmmaFenceAlignedOp::create(b);
      for (int64_t k = 0; k < t.bk / 16; ++k) {
        auto step = [&](Value d, int64_t bytes) -> Value {
          if (bytes == 0)
            return d;
          return arith::AddIOp::create(
              b, d, arith::ConstantIntOp::create(b, i64, bytes >> 4));
        };
        auto scaleD = NVVM::WGMMAScaleOutAttr::get(
            ctx, first && k == 0 ? NVVM::WGMMAScaleOut::zero
                                 : NVVM::WGMMAScaleOut::one);
        acc = NVVM::WgmmaMmaAsyncOp::create(
            b, accType, acc, step(descA, k * 32), step(descB, k * 16 * 128),
            NVVM::MMAShapeAttr::get(ctx, kConsumerRows, t.bn, 16),
            wgmmaType(et), wgmmaType(et),
            NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::f32), scaleD, one,
            one, NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::row),
            // The rhs is N-contiguous (row-major K x N): imm-trans-b = 1.
            NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::row),
            NVVM::MMAIntOverflowAttr());
      }
      NVVM::WgmmaGroupSyncAlignedOp::create(b);
      return acc;
    };
    auto waitFull = [&](Value it) {
      nvgpu::MBarrierTryWaitParityOp::create(b, barriers, oddRound(it), ticks,
                                             slotOf(it));
    };
    // In a cluster, the empty barriers are addressed directly: their
    // shared address (the group lowers to a memref of i64 words), mapped to
    // each block of the cluster.
    Value barrierWords;
    if (t.cluster > 1) {
      Value words =
          UnrealizedConversionCastOp::create(
              b,
              MemRefType::get({2 * t.stages}, i64, MemRefLayoutAttrInterface(),
                              Attribute(smemSpace)),
              barriers)
              .getResult(0);
      barrierWords = memref::ExtractAlignedPointerAsIndexOp::create(b, words);
    }
    auto release = [&](Value it) {
      auto arrive = scf::IfOp::create(b, leader, /*withElse=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(arrive.thenBlock());
      Value index = b.add(slotOf(it), t.stages);
      if (t.cluster == 1) {
        nvgpu::MBarrierArriveOp::create(b, nvgpu::MBarrierTokenType::get(ctx),
                                        barriers, index);
        return;
      }
      Value address = arith::IndexCastOp::create(
          b, i64, b.add(barrierWords, b.mul(index, 8)));
      Value local = LLVM::IntToPtrOp::create(
          b, LLVM::LLVMPointerType::get(ctx, /*shared=*/3), address);
      for (int64_t r = 0; r < t.cluster; ++r) {
        Value remote = NVVM::MapaOp::create(
            b, LLVM::LLVMPointerType::get(ctx, /*shared::cluster=*/7), local,
            arith::ConstantIntOp::create(b, b.getI32Type(), r));
        NVVM::MBarrierArriveOp::create(b, Type(), remote, Value(),
                                       NVVM::MemScopeKind::CLUSTER);
      }
    };

    // The wgmma accumulator layout: thread `lane` of warp w holds, for each
    // 8-column block j, row 16w + lane/4 at columns 8j + 2(lane%4) + {0, 1}
    // (values 4j, 4j+1) and the same columns 8 rows down (4j+2, 4j+3).
    // Neighbouring lanes swap halves (shuffle xor 1) so that each holds 4
    // consecutive columns of one row: even lanes the upper row, odd lanes
    // the lower one, 4 columns to the left.
    Value odd = b.eq(b.rem(lane, 2), 1);
    Value rowInTile = b.add(
        b.add(b.mul(consumer, kConsumerRows), b.mul(b.div(inGroup, 32), 16)),
        b.div(lane, 4));
    rowInTile = b.add(rowInTile,
                      arith::SelectOp::create(b, odd, b.index(8), b.index(0)));
    Value colInTile = arith::SubIOp::create(
        b, b.mul(b.rem(lane, 4), 2),
        arith::SelectOp::create(b, odd, b.index(2), b.index(0)));
    bool narrow = !spec.resultType.isF32();
    auto epilogue = [&](Value acc, Value batch, Value rowBase, Value colBase) {
      Value row = b.add(rowBase, rowInTile);
      Value col0 = b.add(colBase, colInTile);
      auto pick = [&](Value ifOdd, Value ifEven) {
        return arith::SelectOp::create(b, odd, ifOdd, ifEven).getResult();
      };
      for (int64_t j = 0; j < t.bn / 8; ++j) {
        Value d[4];
        for (int64_t i = 0; i < 4; ++i)
          d[i] = LLVM::ExtractValueOp::create(b, acc,
                                              ArrayRef<int64_t>{4 * j + i});
        Value x[2];
        for (int64_t i = 0; i < 2; ++i)
          x[i] = gpu::ShuffleOp::create(b, pick(d[i], d[i + 2]), 1, 32,
                                        gpu::ShuffleMode::XOR)
                     .getShuffleResult();
        Value v = vector::FromElementsOp::create(
            b, VectorType::get({4}, f32),
            ValueRange{pick(x[0], d[0]), pick(x[1], d[1]), pick(d[2], x[0]),
                       pick(d[3], x[1])});
        if (narrow)
          v = arith::TruncFOp::create(b, VectorType::get({4}, spec.resultType),
                                      v);
        vector::StoreOp::create(
            b, v, out, ValueRange{batch, row, b.add(col0, 8 * j)},
            /*nontemporal=*/false, llvm::MaybeAlign(narrow ? 8 : 16));
      }
    };

    forEachTile([&](Value unit, Value it0) {
      auto [batch, rowBase, colBase, mTile] = tileOrigin(unit);
      waitFull(it0);
      Value first = mmaKTile(slotOf(it0), LLVM::UndefOp::create(b, accType),
                             /*first=*/true);
      auto kLoop = scf::ForOp::create(b, b.index(1), b.index(kTiles),
                                      b.index(1), ValueRange{first});
      keepRolled(kLoop);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(kLoop.getBody());
        Value it = b.add(it0, kLoop.getInductionVar());
        waitFull(it);
        Value acc = mmaKTile(slotOf(it), kLoop.getRegionIterArgs().front(),
                             /*first=*/false);
        // The previous k-tile's group is done: its slot may be refilled.
        NVVM::WgmmaWaitGroupSyncOp::create(b, 1);
        release(arith::SubIOp::create(b, it, b.index(1)));
        scf::YieldOp::create(b, acc);
      }
      NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
      Value end = b.add(it0, kTiles);
      release(arith::SubIOp::create(b, end, b.index(1)));
      if (tilesM % t.cluster == 0) {
        epilogue(kLoop.getResult(0), batch, rowBase, colBase);
        return end;
      }
      // The second tile of the last unit may lie below the rows.
      auto inRows =
          scf::IfOp::create(b,
                            arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                                  mTile, b.index(tilesM)),
                            /*withElse=*/false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(inRows.thenBlock());
      epilogue(kLoop.getResult(0), batch, rowBase, colBase);
      return end;
    });
  }
  gpu::ReturnOp::create(b);
  return launch;
}
