//===- KernelConfig.cpp - Choose and check #stl.kernel_config -------------===//
//
// The configuration of the batched TensorCore GEMM is chosen here, recorded
// on the stl.hadamard as a discardable attribute, and only read by the
// lowering: choice and lowering are tested separately, and a user can pin a
// configuration in the IR or through pipeline options.
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelConfig.h"
#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Support/CheckedArithmetic.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::stl;

/// Streaming multiprocessors of the reference part of `chip` (a supported
/// one): enough blocks to fill them twice justifies larger tiles.
static int64_t numSMs(StringRef chip) { return lookupGPUTarget(chip)->smCount; }

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

LogicalResult
mlir::stl::verifyGPUExtents(RankedTensorType type,
                            function_ref<InFlightDiagnostic()> emitError) {
  // Shapes are user input; bounding every extent and element count here
  // keeps the grid, padding and byte arithmetic downstream in range.
  constexpr int64_t kMaxExtent = int64_t(1) << 31;
  constexpr int64_t kMaxElements = int64_t(1) << 48;
  SmallVector<int64_t> extents;
  for (int64_t d : type.getShape())
    if (!ShapedType::isDynamic(d))
      extents.push_back(d);
  std::optional<int64_t> elements = checkedProduct(extents);
  if (!elements || *elements > kMaxElements ||
      llvm::any_of(extents, [](int64_t d) { return d >= kMaxExtent; }))
    return emitError() << "operand shape " << type
                       << " is beyond what the GPU lowering supports "
                          "(extents below 2^31, at most 2^48 elements)";
  return success();
}

FailureOr<GemmShape> mlir::stl::getGemmShape(HadamardOp op) {
  RankedTensorType lhs = op.getLhs().getType(), rhs = op.getRhs().getType();
  RankedTensorType result = op.getResult().getType();
  if (!lhs.hasStaticShape() || !rhs.hasStaticShape() ||
      !result.hasStaticShape())
    return op.emitOpError()
           << "has dynamic shapes, which the GPU lowering does not support "
              "yet";
  for (RankedTensorType type : {lhs, rhs, result})
    if (failed(verifyGPUExtents(type, [&] { return op.emitOpError(); })))
      return failure();
  int64_t rank = lhs.getRank();
  GemmShape shape;
  for (int64_t d = 0; d < rank - 2; ++d)
    shape.batch *= lhs.getDimSize(d);
  shape.rows = lhs.getDimSize(rank - 2);
  shape.inner = lhs.getDimSize(rank - 1);
  shape.cols = rhs.getDimSize(rank - 1);
  shape.elementType = lhs.getElementType();
  shape.resultType = result.getElementType();
  return shape;
}

LogicalResult
mlir::stl::verifyKernelConfig(KernelConfigAttr config, const GemmShape &shape,
                              function_ref<InFlightDiagnostic()> emitError) {
  StringRef chip = config.getChip();
  if (!isSupportedGPUChip(chip))
    return emitError() << "unsupported chip '" << chip << "'; expected "
                       << getSupportedGPUChipList();
  Type et = shape.elementType, rt = shape.resultType;
  bool persistent = config.getSchedule() == KernelSchedule::persistent;
  if (gpu_codegen::isSimtConfig(config)) {
    if (persistent)
      return emitError() << "the fallback kernel (mma_shape [1, 1, 1]) has no "
                            "persistent schedule";
    if (!isa<FloatType>(et) || !isa<FloatType>(rt))
      return emitError() << "the GPU kernels take float operands, got " << et;
    return success();
  }
  if (!et.isF16() && !et.isBF16())
    return emitError() << "the TensorCore kernels take f16 or bf16 operands, "
                          "got "
                       << et;
  if (!rt.isF32() && !rt.isF16() && !rt.isBF16())
    return emitError() << "the TensorCore kernels accumulate in f32 and "
                          "store f32, f16 or bf16, got "
                       << rt;
  ArrayRef<int64_t> tile = config.getBlockTile();
  // The persistent kernel's grid is one-dimensional and at most 2 x SMs.
  if (!persistent &&
      (shape.batch > 65535 || ceilDiv(shape.rows, tile[0]) > 65535))
    return emitError() << "the grid of a " << shape.batch << " x " << shape.rows
                       << " x " << shape.cols
                       << " product exceeds 65535 blocks along y or z";
  gpu_codegen::GemmKernelSpec spec;
  spec.config = config;
  spec.batch = shape.batch;
  spec.rows = shape.rows;
  spec.inner = shape.inner;
  spec.cols = shape.cols;
  spec.elementType = et;
  spec.resultType = rt;
  if (usesWarpgroupKernel(chip))
    return gpu_codegen::verifySm90Spec(spec, emitError);
  return gpu_codegen::verifySm80Spec(spec, emitError);
}

/// The smallest of {32, 64, 128} that covers `extent` (at least 32).
static int64_t coveringTile(int64_t extent, int64_t smallest) {
  int64_t tile = smallest;
  while (tile < 128 && tile < extent)
    tile *= 2;
  return tile;
}

/// The attribute if its own verifier accepts the values, else null (after
/// reporting why).
static KernelConfigAttr
makeConfig(MLIRContext *ctx, StringRef chip, ArrayRef<int64_t> tile,
           ArrayRef<int64_t> layout, int64_t stages, ArrayRef<int64_t> mma,
           function_ref<InFlightDiagnostic()> emitError,
           KernelSchedule schedule = KernelSchedule::data_parallel,
           int64_t cluster = 1) {
  if (failed(KernelConfigAttr::verify(emitError, chip, tile, layout, stages,
                                      mma, schedule, cluster)))
    return {};
  return KernelConfigAttr::get(ctx, chip, tile, layout, stages, mma, schedule,
                               cluster);
}

/// A `block-tile` override replaces the chosen BM, BN, BK.
static void applyBlockTileOverride(const KernelConfigOverrides &o, int64_t &bm,
                                   int64_t &bn, int64_t &bk) {
  if (o.blockTile.size() != 3)
    return;
  bm = o.blockTile[0];
  bn = o.blockTile[1];
  bk = o.blockTile[2];
}

/// Output tiles of a BM x BN tiling of `s`.
static int64_t countTiles(const GemmShape &s, int64_t bm, int64_t bn) {
  return s.batch * ceilDiv(s.rows, bm) * ceilDiv(s.cols, bn);
}

/// Persistent warp-specialized kernel (sm_90a, the default): consumer
/// warpgroups of 64 rows, so BM is 64 or 128. The largest tile that still
/// gives every SM a tile wins: 128x256 when there are at least as many such
/// tiles as SMs (a persistent grid has no wave tail to balance), else
/// 128x128, else 64x128 (twice the tiles), 64-wide for thin products.
/// Shallow products (K <= 128: one or two k-tiles per output tile) spend
/// most of a tile in its epilogue, which a block does not overlap with its
/// own wgmmas: they get 64x128 tiles, two blocks per SM, so that one
/// block's stores overlap the other's products. The operand ring takes
/// what shared memory allows (no epilogue buffer), at most 4 stages for
/// 64-row tiles so that two blocks share an SM.
static KernelConfigAttr
selectPersistentConfig(MLIRContext *ctx, StringRef chip, const GemmShape &s,
                       const KernelConfigOverrides &o,
                       function_ref<InFlightDiagnostic()> emitError) {
  int64_t sms = numSMs(chip);
  int64_t bm = s.rows <= 64 ? 64 : 128;
  int64_t bn = s.cols <= 64 ? 64 : 128;
  if (bm == 128 && s.cols >= 256 && countTiles(s, 128, 256) >= sms)
    bn = 256;
  else if (bm == 128 && countTiles(s, 128, bn) < sms)
    bm = 64;
  if (ceilDiv(s.inner, 64) <= 2) {
    bm = 64;
    bn = std::min<int64_t>(bn, 128);
  }
  int64_t bk = 64;
  applyBlockTileOverride(o, bm, bn, bk);
  SmallVector<int64_t, 2> layout = {std::max<int64_t>(1, bm / 64), 1};
  if (o.warpLayout.size() == 2)
    layout.assign(o.warpLayout.begin(), o.warpLayout.end());
  int64_t stageBytes = (bm * bk + bk * bn) * 2;
  int64_t budget = lookupGPUTarget(chip)->maxSharedBytesPerBlock - 2048;
  int64_t stages =
      std::clamp<int64_t>(budget / stageBytes, 2, bm <= 64 ? 4 : 8);
  if (o.stages > 0)
    stages = o.stages;
  // Clusters stay opt-in until a GPU run shows where multicast pays. A
  // requested cluster applies where the chosen tile can split its rhs
  // boxes (BN a multiple of 64 x cluster); a pinned tile must allow it.
  int64_t cluster = o.cluster > 0 ? o.cluster : 1;
  if (o.blockTile.empty() && bn % (64 * cluster))
    cluster = 1;
  return makeConfig(ctx, chip, {bm, bn, bk}, layout, stages,
                    {64, bn / layout[1], 16}, emitError,
                    KernelSchedule::persistent, cluster);
}

/// Data-parallel warpgroup kernel (sm_90a, `schedule = data_parallel`):
/// 128x128x64 tiles in one warpgroup by default; 128x256 in two warpgroups
/// when the grid still fills the GPU twice; 64-wide tiles for thin products.
static KernelConfigAttr
selectWarpgroupConfig(MLIRContext *ctx, StringRef chip, const GemmShape &s,
                      const KernelConfigOverrides &o,
                      function_ref<InFlightDiagnostic()> emitError) {
  int64_t bm = s.rows <= 64 ? 64 : 128;
  int64_t bn = s.cols <= 64 ? 64 : 128;
  if (bm == 128 && s.cols >= 256 && countTiles(s, 128, 256) >= 2 * numSMs(chip))
    bn = 256;
  int64_t bk = 64;
  applyBlockTileOverride(o, bm, bn, bk);
  // A warpgroup owns 128 rows only with BN = 128 (see verifySm90Spec).
  int64_t groups = bm <= 64 || (bm == 128 && bn == 128) ? 1 : 2;
  SmallVector<int64_t, 2> layout = {groups, 1};
  if (o.warpLayout.size() == 2)
    layout.assign(o.warpLayout.begin(), o.warpLayout.end());
  int64_t stageBytes = (bm * bk + bk * bn) * 2;
  int64_t stages = std::clamp<int64_t>((226 * 1024) / stageBytes, 2, 4);
  if (o.stages > 0)
    stages = o.stages;
  return makeConfig(ctx, chip, {bm, bn, bk}, layout, stages,
                    {64, bn / layout[1], 16}, emitError);
}

/// Warp kernel (sm_80, sm_90): up to 128x128x32 tiles, 64x64 warp tiles,
/// 4 stages (64 KiB of shared memory at the largest tile).
static KernelConfigAttr
selectWarpConfig(MLIRContext *ctx, StringRef chip, const GemmShape &s,
                 const KernelConfigOverrides &o,
                 function_ref<InFlightDiagnostic()> emitError) {
  int64_t bm = coveringTile(s.rows, 32), bn = coveringTile(s.cols, 32);
  int64_t bk = 32;
  applyBlockTileOverride(o, bm, bn, bk);
  SmallVector<int64_t, 2> layout = {std::max<int64_t>(1, bm / 64),
                                    std::max<int64_t>(1, bn / 64)};
  if (o.warpLayout.size() == 2)
    layout.assign(o.warpLayout.begin(), o.warpLayout.end());
  int64_t stages = o.stages > 0 ? o.stages : 4;
  return makeConfig(ctx, chip, {bm, bn, bk}, layout, stages, {16, 8, 16},
                    emitError);
}

FailureOr<KernelConfigAttr>
mlir::stl::selectKernelConfig(MLIRContext *ctx, StringRef chip,
                              const GemmShape &shape,
                              const KernelConfigOverrides &overrides,
                              function_ref<InFlightDiagnostic()> emitError) {
  if (!isSupportedGPUChip(chip))
    return emitError() << "unsupported chip '" << chip << "'; expected "
                       << getSupportedGPUChipList();
  if (!overrides.blockTile.empty() && overrides.blockTile.size() != 3)
    return emitError() << "block-tile takes 3 values [BM, BN, BK], got "
                       << overrides.blockTile.size();
  if (!overrides.warpLayout.empty() && overrides.warpLayout.size() != 2)
    return emitError() << "warp-layout takes 2 values [M, N], got "
                       << overrides.warpLayout.size();
  auto outOfRange = [](int64_t v) {
    return v <= 0 || v > kMaxKernelConfigEntry;
  };
  if (llvm::any_of(overrides.blockTile, outOfRange) ||
      llvm::any_of(overrides.warpLayout, outOfRange) || overrides.stages < 0 ||
      overrides.stages > kMaxKernelConfigEntry)
    return emitError() << "kernel configuration overrides must be positive "
                          "and at most "
                       << kMaxKernelConfigEntry;
  // Element types without a TensorCore kernel get the SIMT fallback.
  Type et = shape.elementType;
  if (!et.isF16() && !et.isBF16() && isa<FloatType>(et) &&
      isa<FloatType>(shape.resultType))
    return KernelConfigAttr::get(ctx, chip, {16, 16, 1}, {1, 1}, 1, {1, 1, 1},
                                 KernelSchedule::data_parallel, 1);
  KernelSchedule schedule = overrides.schedule.value_or(
      usesWarpgroupKernel(chip) ? KernelSchedule::persistent
                                : KernelSchedule::data_parallel);
  if (overrides.cluster > 1 && schedule != KernelSchedule::persistent)
    return emitError() << "cluster = " << overrides.cluster
                       << " needs the persistent sm_90a schedule";
  KernelConfigAttr config;
  if (!usesWarpgroupKernel(chip)) {
    if (schedule != KernelSchedule::data_parallel)
      return emitError() << "schedule = persistent needs a chip with "
                            "warpgroup TensorCores (sm_90a), got '"
                         << chip << "'";
    config = selectWarpConfig(ctx, chip, shape, overrides, emitError);
  } else if (schedule == KernelSchedule::persistent) {
    config = selectPersistentConfig(ctx, chip, shape, overrides, emitError);
  } else {
    config = selectWarpgroupConfig(ctx, chip, shape, overrides, emitError);
  }
  if (!config || failed(verifyKernelConfig(config, shape, emitError)))
    return failure();
  return config;
}
