//===- WgmmaTmaOps.cpp - The emulator's TMA loads and warpgroup MMAs ------===//
//
// The asynchronous sm_90a operations: TMA tiled loads (128-byte swizzle,
// out-of-bounds fill, cluster multicast) that are queued when issued and
// land one at a time while some thread waits (landTmaLoad), and the
// warpgroup MMAs, both nvgpu.warpgroup.* as upstream lowers them and the
// nvvm.wgmma.* ops with their shared-memory descriptors. A wgmma reads its
// operands when issued and again when wgmma.wait_group retires its group: a
// difference means that a stage was refilled while still being read. Its
// accumulator carries the group's sequence number, so that reading it
// before the group retired is caught.
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::stl::test::emulator;

//===----------------------------------------------------------------------===//
// TMA
//===----------------------------------------------------------------------===//

static bool tmaLoad(Emulator &em, Frame &f, Operation *operation,
                    const Mask &mask) {
  auto op = cast<nvgpu::TmaAsyncLoadOp>(operation);
  Context &ctx = *f.ctx;
  Obj &map = f.objs[op.getTensorMapDescriptor()];
  Obj &dst = f.objs[op.getDst()];
  if (map.kind != Obj::Map)
    return em.fail(op, "the descriptor is not a tensor map");
  if (map.box.size() != 2 || map.mem.sizes.size() != 2)
    return em.fail(op, "only 2-D tensor maps are modelled");
  if (ArrayRef<int64_t>(dst.mem.sizes) != ArrayRef<int64_t>(map.box))
    return em.fail(op, "the destination [" + join(dst.mem.sizes) +
                           "] differs from the tensor map's box [" +
                           join(map.box) + "]");
  int64_t rows = map.box[0], cols = map.box[1];
  int64_t es = elemBytes(map.mem.elem);
  if (map.swizzle128 && cols * es != 128)
    return em.fail(op,
                   "128-byte swizzle with an inner box other than 128 bytes");
  int64_t dstAddr = dst.mem.offset;
  if (dstAddr % 128)
    return em.fail(op, "TMA destination not 128-byte aligned");
  for (int i = 0; i < ctx.width; ++i) {
    if (!mask[i] || (op.getPredicate() && !f.lanes[op.getPredicate()][i].i))
      continue;
    ++em.stats.tmaLoads;
    // Coordinates are innermost first.
    int64_t col0 = f.lanes[op.getCoordinates()[0]][i].i;
    int64_t row0 = f.lanes[op.getCoordinates()[1]][i].i;
    int64_t barAddr =
        f.objs[op.getBarriers()].barAddress + 8 * f.lanes[op.getMbarId()][i].i;
    SmallVector<CTA *> targets;
    if (Value mc = op.getMulticastMask()) {
      uint64_t bits = asUnsigned(f.lanes[mc][i].i, 16);
      for (size_t r = 0; r < ctx.cluster->ctas.size(); ++r)
        if (bits & (uint64_t(1) << r))
          targets.push_back(ctx.cluster->ctas[r]);
      if (bits >> ctx.cluster->ctas.size())
        return em.fail(op, "a multicast mask names blocks outside the cluster");
    } else {
      targets.push_back(ctx.cta);
    }
    for (CTA *t : targets) {
      uint8_t *base = nullptr;
      if (!em.sharedPtr(op, t, dstAddr, rows * cols * es, base) ||
          !em.barrierAt(op, t, barAddr))
        return false;
      em.inflight.push_back({op, t, map, dstAddr, row0, col0, barAddr});
    }
  }
  return true;
}

bool mlir::stl::test::emulator::landTmaLoad(Emulator &em,
                                            const PendingLoad &load) {
  const Obj &map = load.map;
  int64_t rows = map.box[0], cols = map.box[1];
  int64_t es = elemBytes(map.mem.elem);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      int64_t gr = load.row0 + r, gc = load.col0 + c;
      int64_t a = load.dstAddr + r * cols * es + c * es;
      if (map.swizzle128)
        a = swizzle128(a);
      uint8_t *p = load.target->smem.bytes.data() + a;
      if (gr < 0 || gc < 0 || gr >= map.mem.sizes[0] ||
          gc >= map.mem.sizes[1]) {
        writeElem(p, map.mem.elem,
                  map.oobNaN ? std::numeric_limits<double>::quiet_NaN() : 0.0);
        continue;
      }
      std::memcpy(p,
                  map.mem.buf->bytes.data() + map.mem.offset +
                      (gr * map.mem.strides[0] + gc) * es,
                  es);
    }
  MBarrier *b = em.barrierAt(load.op, load.target, load.barAddr);
  if (!b)
    return false;
  b->tx -= rows * cols * es;
  em.tryComplete(*b);
  return true;
}

//===----------------------------------------------------------------------===//
// wgmma groups, operands and accumulators
//===----------------------------------------------------------------------===//

/// wgmma.wait_group `keep`: retires the oldest groups, checking that the
/// shared memory they read is unchanged.
static bool retireWgmmas(Emulator &em, Operation *op, Context &ctx,
                         size_t keep) {
  while (ctx.committed.size() > keep) {
    WgmmaGroup &g = ctx.committed.front();
    for (auto [addr, bits] : g.reads) {
      uint16_t now;
      std::memcpy(&now, ctx.cta->smem.bytes.data() + addr, 2);
      if (now != bits)
        return em.fail(
            op, llvm::formatv("shared memory at {0:x} read by an in-flight "
                              "wgmma was overwritten before wgmma.wait_group "
                              "retired it (a stage released too early)",
                              addr));
    }
    ctx.retiredSeq = g.seq;
    ctx.committed.pop_front();
  }
  return true;
}

/// Closes the open group of wgmma reads (wgmma.commit_group).
static void commitWgmmas(Context &ctx) {
  ctx.committed.push_back({++ctx.committedSeq, std::move(ctx.openReads)});
  ctx.openReads.clear();
}

/// Reads a 16-bit wgmma operand at shared address `addr` (swizzle applied)
/// and records it for the check when its group retires.
static bool readOperand(Emulator &em, Operation *op, Context &ctx, int64_t addr,
                        Type t, double &out) {
  uint8_t *p = nullptr;
  if (!em.sharedPtr(op, ctx.cta, addr, 2, p))
    return false;
  uint16_t bits;
  std::memcpy(&bits, p, 2);
  ctx.openReads.push_back({addr, bits});
  out = readElem(p, t);
  return true;
}

/// The warpgroup's accumulator fragments of C + A * B (A is m x k, B is
/// k x n, row-major; no C: zero), rounded to f32 after every k16 step as the
/// wgmmas accumulate. m is 64 (one m64nN wgmma per k16 step) or a multiple:
/// a lane then holds the fragments of each 64-row block one after another,
/// as the struct of structs that nvgpu.warpgroup.accumulator lowers to. They
/// belong to the group the next commit closes.
static Lanes multiplyFragments(Context &ctx, ArrayRef<double> a,
                               ArrayRef<double> b, int64_t m, int64_t k,
                               int64_t n, const Lanes *c) {
  int64_t perBlock = n / 2;
  Lanes d(128);
  for (int t = 0; t < 128; ++t) {
    Cell &out = d[t];
    out.v.resize(m / 64 * perBlock);
    out.i = ctx.committedSeq + 1;
    for (int64_t block = 0; block < m / 64; ++block)
      for (int64_t j = 0; j < n / 8; ++j)
        for (int e = 0; e < 4; ++e) {
          auto [row, col] = fragmentPosition(t / 32, t % 32, j, e);
          row += 64 * block;
          int64_t index = block * perBlock + 4 * j + e;
          double acc = c ? (*c)[t].v[index] : 0.0;
          for (int64_t k0 = 0; k0 < k; k0 += 16) {
            double s = 0;
            for (int64_t kk = k0; kk < k0 + 16; ++kk)
              s += a[row * k + kk] * b[kk * n + col];
            acc = double(float(acc + s));
          }
          out.v[index] = acc;
        }
  }
  return d;
}

//===----------------------------------------------------------------------===//
// nvgpu.warpgroup ops (the data-parallel sm_90a kernel)
//===----------------------------------------------------------------------===//

static bool generateDescriptor(Emulator &, Frame &f, Operation *op,
                               const Mask &) {
  auto gen = cast<nvgpu::WarpgroupGenerateDescriptorOp>(op);
  Obj o = f.objs[gen.getTensor()];
  auto map = gen.getTensorMap().getType();
  o.box.assign(map.getTensor().getShape().begin(),
               map.getTensor().getShape().end());
  o.swizzle128 = map.getSwizzle() == nvgpu::TensorMapSwizzleKind::SWIZZLE_128B;
  f.objs[gen.getDescriptor()] = o;
  return true;
}

static bool initAccumulator(Emulator &em, Frame &f, Operation *op,
                            const Mask &mask) {
  auto init = cast<nvgpu::WarpgroupMmaInitAccumulatorOp>(op);
  auto vt = init.getMatrixC().getType().getFragmented();
  int64_t n = vt.getNumElements() / 128;
  em.eachResultLane(f, op, mask, [&](int, Cell &o) {
    o = Cell();
    o.v.assign(n, 0.0);
  });
  return true;
}

/// nvgpu.warpgroup.mma as upstream lowers it: fence, the wgmmas of the whole
/// tile, commit, wait_group(waitGroup). Operands are the shared-memory tiles
/// as TMA placed them: boxes of the tensor map's shape side by side along
/// the inner dimension, each 128-byte swizzled.
static bool warpgroupMma(Emulator &em, Frame &f, Operation *operation,
                         const Mask &mask) {
  auto op = cast<nvgpu::WarpgroupMmaOp>(operation);
  Context &ctx = *f.ctx;
  if (ctx.width != 128 || !allActive(mask))
    return em.fail(op, "wgmma needs all 128 threads of a warpgroup");
  if (op.getTransposeA().value_or(false) || !op.getTransposeB().value_or(false))
    return em.fail(op, "only a K-major lhs and a transposed (MN-major) rhs "
                       "are modelled");
  Obj &a = f.objs[op.getDescriptorA()], &b = f.objs[op.getDescriptorB()];
  if (!a.swizzle128 || !b.swizzle128)
    return em.fail(op, "only 128-byte-swizzled tiles are modelled");
  int64_t M = a.mem.sizes[0], K = a.mem.sizes[1], N = b.mem.sizes[1];
  // Upstream lowers an M x N x K tile to M/64 x K/16 wgmmas m64nNk16: the
  // lhs descriptor of 64-row block i starts 64 rows (K * 64 elements) into
  // the tile, the rhs one is the same for every block.
  if ((M != 64 && M != 128) || b.mem.sizes[0] != K || K % 16)
    return em.fail(op, "only 64- and 128-row tiles per warpgroup are "
                       "modelled");
  ++em.stats.wgmmas;
  auto element = [&](Obj &o, int64_t r, int64_t c, double &out) {
    int64_t es = elemBytes(o.mem.elem), R = o.mem.sizes[0], bC = o.box[1];
    return readOperand(em, op, ctx,
                       swizzle128(o.mem.offset + (c / bC) * (R * bC * es) +
                                  r * bC * es + (c % bC) * es),
                       o.mem.elem, out);
  };
  std::vector<double> A(M * K), B(K * N);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t k = 0; k < K; ++k)
      if (!element(a, m, k, A[m * K + k]))
        return false;
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n)
      if (!element(b, k, n, B[k * N + n]))
        return false;
  em.lanesOf(f, op.getMatrixD()) =
      multiplyFragments(ctx, A, B, M, K, N, &em.lanesOf(f, op.getMatrixC()));
  commitWgmmas(ctx);
  return retireWgmmas(em, op, ctx, op.getWaitGroup());
}

static bool warpgroupMmaStore(Emulator &em, Frame &f, Operation *op,
                              const Mask &mask) {
  auto store = cast<nvgpu::WarpgroupMmaStoreOp>(op);
  Context &ctx = *f.ctx;
  Lanes &acc = em.lanesOf(f, store.getMatrixD());
  MemRef &m = f.objs[store.getDstMemref()].mem;
  int64_t blocks =
      store.getMatrixD().getType().getFragmented().getDimSize(0) / 64;
  for (int t = 0; t < ctx.width; ++t) {
    if (!mask[t])
      continue;
    if (acc[t].i > ctx.retiredSeq)
      return em.fail(op, "stores a wgmma accumulator before "
                         "wgmma.wait_group retired the wgmma that writes it");
    // As upstream lowers it: the row comes from the block-wide warp index
    // (thread id / 32), so warpgroup g writes rows 64g.. past the 64 rows
    // of the memref it is given; the kernel's view relies on that. The
    // 64-row blocks of a 128-row accumulator go one after another, each
    // shifted by the register count of the blocks before it (N/2 rows per
    // block, which is 64 only for N = 128).
    int64_t warp = (ctx.threadBase + t) / 32, lane = t % 32;
    int64_t perBlock = int64_t(acc[t].v.size()) / blocks;
    int64_t n = perBlock * 2, es = elemBytes(m.elem);
    for (int64_t block = 0; block < blocks; ++block)
      for (int64_t j = 0; j < n / 8; ++j)
        for (int e = 0; e < 4; ++e) {
          auto [row, col] = fragmentPosition(warp, lane, j, e);
          row += block * perBlock;
          int64_t byte = m.offset + (row * m.strides[0] + col) * es;
          if (byte < 0 || byte + es > int64_t(m.buf->bytes.size()))
            return em.fail(op, "stores outside shared memory");
          writeElem(m.buf->bytes.data() + byte, m.elem,
                    acc[t].v[block * perBlock + 4 * j + e]);
        }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// nvvm.wgmma ops (the persistent sm_90a kernels)
//===----------------------------------------------------------------------===//

static bool wgmma(Emulator &em, Frame &f, Operation *operation,
                  const Mask &mask) {
  auto op = cast<NVVM::WgmmaMmaAsyncOp>(operation);
  Context &ctx = *f.ctx;
  if (ctx.width != 128 || !allActive(mask))
    return em.fail(op, "wgmma needs all 128 threads of a warpgroup");
  ++em.stats.wgmmas;
  int64_t descA = 0, descB = 0;
  if (!em.uniform(f, op.getDescriptorA(), mask, descA, op) ||
      !em.uniform(f, op.getDescriptorB(), mask, descB, op))
    return false;
  int M = op.getShape().getM(), N = op.getShape().getN(),
      K = op.getShape().getK();
  auto typeOf = [&](NVVM::WGMMATypes t) -> Type {
    Builder b(op.getContext());
    if (t == NVVM::WGMMATypes::bf16)
      return b.getBF16Type();
    if (t == NVVM::WGMMATypes::f16)
      return b.getF16Type();
    return Type();
  };
  Type ta = typeOf(op.getTypeA()), tb = typeOf(op.getTypeB());
  if (!ta || !tb || op.getTypeD() != NVVM::WGMMATypes::f32 || M != 64 ||
      K != 16)
    return em.fail(op, "only m64nNk16 with f16/bf16 operands and f32 "
                       "accumulators is modelled");
  struct Desc {
    int64_t start, lbo, sbo;
  };
  auto decode = [&](int64_t d, Desc &out) {
    out.start = (d & 0x3FFF) << 4;
    out.lbo = ((d >> 16) & 0x3FFF) << 4;
    out.sbo = ((d >> 32) & 0x3FFF) << 4;
    if (((d >> 49) & 7) != 0 || ((uint64_t(d) >> 62) & 3) != 1)
      return em.fail(op, "only 128-byte-swizzled descriptors with base "
                         "offset 0 are modelled");
    return true;
  };
  Desc da, db;
  if (!decode(descA, da) || !decode(descB, db))
    return false;
  // Canonical 128-byte-swizzled layouts (16-bit elements): K-major rows of
  // 128 bytes, 8-row groups SBO apart, the k-th element 2k bytes into the
  // row; MN-major rows of 64 MN-elements along K, 8-row K groups SBO apart,
  // 64-wide MN blocks LBO apart. The swizzle XORs address bits 4-6 with 7-9.
  bool ok = true;
  auto load = [&](const Desc &d, bool kMajor, int64_t mn, int64_t k,
                  Type t) -> double {
    int64_t a;
    if (kMajor) {
      if ((d.start % 128) + 2 * k >= 128)
        ok = false;
      a = d.start + (mn / 8) * d.sbo + (mn % 8) * 128 + 2 * k;
    } else {
      a = d.start + (mn / 64) * d.lbo + (k / 8) * d.sbo + (k % 8) * 128 +
          2 * (mn % 64);
    }
    double x = 0;
    if (!readOperand(em, op, ctx, swizzle128(a), t, x))
      ok = false;
    return x;
  };
  bool aK = op.getLayoutA() == NVVM::MMALayout::row;
  bool bK = op.getLayoutB() == NVVM::MMALayout::col;
  std::vector<double> A(M * K), B(K * N);
  for (int m = 0; m < M; ++m)
    for (int k = 0; k < K; ++k)
      A[m * K + k] = load(da, aK, m, k, ta) *
                     (op.getScaleA() == NVVM::WGMMAScaleIn::neg ? -1 : 1);
  for (int k = 0; k < K; ++k)
    for (int n = 0; n < N; ++n)
      B[k * N + n] = load(db, bK, n, k, tb) *
                     (op.getScaleB() == NVVM::WGMMAScaleIn::neg ? -1 : 1);
  if (em.aborted)
    return false;
  if (!ok)
    return em.fail(op, "a K-major operand walks past its 128-byte swizzle row");
  bool accumulate = op.getScaleD() == NVVM::WGMMAScaleOut::one;
  em.lanesOf(f, op.getResult()) =
      multiplyFragments(ctx, A, B, M, K, N,
                        accumulate ? &em.lanesOf(f, op.getInouts()) : nullptr);
  return true;
}

static bool wgmmaCommit(Emulator &, Frame &f, Operation *, const Mask &) {
  commitWgmmas(*f.ctx);
  return true;
}

static bool wgmmaWait(Emulator &em, Frame &f, Operation *op, const Mask &) {
  return retireWgmmas(em, op, *f.ctx,
                      cast<NVVM::WgmmaWaitGroupSyncOp>(op).getGroup());
}

/// wgmma.fence orders register accesses and a TMA prefetch only warms a
/// cache: neither changes what the emulation computes.
static bool noEffect(Emulator &, Frame &, Operation *, const Mask &) {
  return true;
}

void mlir::stl::test::emulator::registerWgmmaTmaHandlers(HandlerTable &table) {
  addHandler<nvgpu::TmaAsyncLoadOp>(table, tmaLoad);
  addHandler<nvgpu::TmaPrefetchOp, NVVM::WgmmaFenceAlignedOp>(table, noEffect);
  addHandler<nvgpu::WarpgroupGenerateDescriptorOp>(table, generateDescriptor);
  addHandler<nvgpu::WarpgroupMmaInitAccumulatorOp>(table, initAccumulator);
  addHandler<nvgpu::WarpgroupMmaOp>(table, warpgroupMma);
  addHandler<nvgpu::WarpgroupMmaStoreOp>(table, warpgroupMmaStore);
  addHandler<NVVM::WgmmaMmaAsyncOp>(table, wgmma);
  addHandler<NVVM::WgmmaGroupSyncAlignedOp>(table, wgmmaCommit);
  addHandler<NVVM::WgmmaWaitGroupSyncOp>(table, wgmmaWait);
}
