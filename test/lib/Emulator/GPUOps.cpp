//===- GPUOps.cpp - The emulator's gpu, memory and mbarrier ops -----------===//
//
// The kernel-side ops that every kernel uses: thread, block and grid ids,
// shuffles, block barriers (every lane of a warpgroup must reach them
// together), dynamic shared memory and its views, loads and stores (bounds
// and alignment checked), the nvgpu and NVVM mbarrier ops (arrival counts,
// phases, transaction counts, remote arrives through nvvm.mapa addresses)
// and cluster barriers. A thread that waits releases the emulator's lock
// (Emulator::waitFor); fences are no-ops, since memory-model effects are not
// modelled.
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::stl::test::emulator;

//===----------------------------------------------------------------------===//
// Ids and shuffles
//===----------------------------------------------------------------------===//

/// Coordinate `d` of the thread of lane `lane` in its block.
static int64_t threadCoord(const Context &ctx, int lane, int d) {
  int64_t t = ctx.threadBase + lane;
  int64_t x = t % ctx.blockDim[0], y = (t / ctx.blockDim[0]) % ctx.blockDim[1],
          z = t / (ctx.blockDim[0] * ctx.blockDim[1]);
  return d == 0 ? x : d == 1 ? y : z;
}

static bool threadId(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  int d = int(cast<gpu::ThreadIdOp>(op).getDimension());
  em.eachResultLane(f, op, mask,
                    [&](int i, Cell &o) { o.i = threadCoord(*f.ctx, i, d); });
  return true;
}

/// Ops whose value is the same in every lane.
static bool uniformValue(Emulator &em, Frame &f, Operation *op, int64_t v,
                         const Mask &mask) {
  em.eachResultLane(f, op, mask, [&](int, Cell &o) { o.i = v; });
  return true;
}

static bool blockId(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  int d = int(cast<gpu::BlockIdOp>(op).getDimension());
  return uniformValue(em, f, op, f.ctx->cta->blockId[d], mask);
}

static bool gridDim(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  int d = int(cast<gpu::GridDimOp>(op).getDimension());
  return uniformValue(em, f, op, f.ctx->gridDim[d], mask);
}

static bool blockDim(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  int d = int(cast<gpu::BlockDimOp>(op).getDimension());
  return uniformValue(em, f, op, f.ctx->blockDim[d], mask);
}

static bool laneId(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  em.eachResultLane(
      f, op, mask, [&](int i, Cell &o) { o.i = (f.ctx->threadBase + i) % 32; });
  return true;
}

static bool shuffle(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto sh = cast<gpu::ShuffleOp>(op);
  Lanes src = em.lanesOf(f, sh.getValue());
  Lanes &off = em.lanesOf(f, sh.getOffset());
  Lanes &width = em.lanesOf(f, sh.getWidth());
  Lanes &res = em.lanesOf(f, sh.getShuffleResult());
  Lanes &valid = em.lanesOf(f, sh.getValid());
  int W = f.ctx->width;
  for (int i = 0; i < W; ++i) {
    if (!mask[i])
      continue;
    if (width[i].i != 32)
      return em.fail(op, "only width-32 shuffles are modelled");
    int warpBase = i - i % 32, lane = i % 32, srcLane = lane;
    switch (sh.getMode()) {
    case gpu::ShuffleMode::XOR:
      srcLane = lane ^ int(off[i].i);
      break;
    case gpu::ShuffleMode::IDX:
      srcLane = int(off[i].i);
      break;
    case gpu::ShuffleMode::DOWN:
      srcLane = lane + int(off[i].i);
      break;
    case gpu::ShuffleMode::UP:
      srcLane = lane - int(off[i].i);
      break;
    }
    bool ok = srcLane >= 0 && srcLane < 32 && warpBase + srcLane < W &&
              mask[warpBase + srcLane];
    if (!ok && sh.getMode() == gpu::ShuffleMode::XOR)
      return em.fail(op, "shuffles with a lane that is not active");
    res[i] = ok ? src[warpBase + srcLane] : src[i];
    valid[i].i = ok;
  }
  return true;
}

static bool blockBarrier(Emulator &em, Frame &f, Operation *op,
                         const Mask &mask) {
  if (!anyActive(mask))
    return true;
  // Every lane of a warpgroup must reach the block barrier together.
  if (!allActive(mask))
    return em.fail(op, "a block barrier inside divergent control flow");
  CTA *cta = f.ctx->cta;
  int64_t gen = cta->barrierGeneration;
  if (++cta->arrived == cta->groups) {
    cta->arrived = 0;
    ++cta->barrierGeneration;
    ++em.progress;
    em.changed.notify_all();
    return true;
  }
  return em.waitFor(
      op, [&] { return cta->barrierGeneration != gen; }, "block barrier");
}

/// Ops without an effect that the emulator models: terminators, register
/// hints, fences and prefetches.
static bool noEffect(Emulator &, Frame &, Operation *, const Mask &) {
  return true;
}

//===----------------------------------------------------------------------===//
// Shared memory, views and accesses
//===----------------------------------------------------------------------===//

static bool dynamicSharedMemory(Emulator &, Frame &f, Operation *op,
                                const Mask &) {
  Obj o;
  o.kind = Obj::Mem;
  o.mem.buf = &f.ctx->cta->smem;
  o.mem.offset = kDynamicBase;
  o.mem.sizes = {int64_t(f.ctx->cta->smem.bytes.size()) - kDynamicBase};
  o.mem.strides = {1};
  o.mem.elem = IntegerType::get(op->getContext(), 8);
  f.objs[op->getResult(0)] = o;
  return true;
}

static bool memrefView(Emulator &em, Frame &f, Operation *op,
                       const Mask &mask) {
  auto viewOp = cast<memref::ViewOp>(op);
  Obj o = f.objs[viewOp.getSource()];
  int64_t shift = 0;
  if (!em.uniform(f, viewOp.getByteShift(), mask, shift, op))
    return false;
  MemRefType t = viewOp.getType();
  if (!t.hasStaticShape())
    return em.fail(op, "dynamic views are not modelled");
  o.mem.offset += shift;
  o.mem.sizes.assign(t.getShape().begin(), t.getShape().end());
  o.mem.strides = rowMajorStrides(o.mem.sizes);
  o.mem.elem = t.getElementType();
  int64_t end = o.mem.offset + t.getNumElements() * elemBytes(o.mem.elem);
  if (end > int64_t(o.mem.buf->bytes.size()))
    return em.fail(op, llvm::formatv("the view ends {0} bytes past dynamic "
                                     "shared memory",
                                     end - o.mem.buf->bytes.size()));
  f.objs[viewOp.getResult()] = o;
  return true;
}

static bool assumeAlignment(Emulator &em, Frame &f, Operation *op,
                            const Mask &) {
  auto aa = cast<memref::AssumeAlignmentOp>(op);
  Obj o = f.objs[aa.getMemref()];
  if ((o.mem.buf->address + o.mem.offset) % aa.getAlignment())
    return em.fail(op, "the buffer is not as aligned as assumed");
  f.objs[aa.getResult()] = o;
  return true;
}

static bool alignedPointer(Emulator &em, Frame &f, Operation *op,
                           const Mask &mask) {
  auto ep = cast<memref::ExtractAlignedPointerAsIndexOp>(op);
  Obj &o = f.objs[ep.getSource()];
  int64_t addr = o.mem.buf->address + o.mem.offset;
  em.eachResultLane(f, op, mask, [&](int, Cell &c) { c.i = addr; });
  return true;
}

/// vector.load/store and memref.load/store, per active lane.
static bool loadStore(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  Value memref, vecValue;
  ValueRange indices;
  int64_t count = 1, align = 0;
  bool store = false;
  if (auto s = dyn_cast<vector::StoreOp>(op)) {
    memref = s.getBase(), vecValue = s.getValueToStore();
    indices = s.getIndices(), store = true;
    count = s.getVectorType().getNumElements();
    align = s.getAlignment().value_or(0);
  } else if (auto l = dyn_cast<vector::LoadOp>(op)) {
    memref = l.getBase(), indices = l.getIndices();
    count = l.getVectorType().getNumElements();
    align = l.getAlignment().value_or(0);
  } else if (auto l = dyn_cast<memref::LoadOp>(op)) {
    memref = l.getMemRef(), indices = l.getIndices();
  } else {
    auto s = cast<memref::StoreOp>(op);
    memref = s.getMemRef(), vecValue = s.getValueToStore();
    indices = s.getIndices(), store = true;
  }
  auto it = f.objs.find(memref);
  if (it == f.objs.end())
    return em.fail(op, "the memref is not a buffer");
  MemRef &m = it->second.mem;
  Lanes *vals = store ? &em.lanesOf(f, vecValue) : nullptr;
  Lanes *out = store ? nullptr : &em.lanesOf(f, op->getResult(0));
  bool isVector = !isa<memref::LoadOp, memref::StoreOp>(op);
  bool isFloat = isa<FloatType>(m.elem);
  for (int i = 0; i < f.ctx->width; ++i) {
    if (!mask[i])
      continue;
    uint8_t *p = nullptr;
    if (!em.address(op, m, laneIndices(f, indices, i), count, p))
      return false;
    if (align && (m.buf->address + (p - m.buf->bytes.data())) % align)
      return em.fail(op, llvm::formatv("a {0}-byte aligned access at a "
                                       "misaligned address",
                                       align));
    int64_t es = elemBytes(m.elem);
    if (store) {
      Cell &c = (*vals)[i];
      for (int64_t e = 0; e < count; ++e)
        writeElem(p + e * es, m.elem,
                  isVector ? c.v[e] : (isFloat ? c.f : double(c.i)));
    } else {
      Cell &c = (*out)[i];
      c.v.clear();
      for (int64_t e = 0; e < count; ++e) {
        double x = readElem(p + e * es, m.elem);
        if (isVector)
          c.v.push_back(x);
        else if (isFloat)
          c.f = x;
        else
          c.i = int64_t(x);
      }
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// mbarriers and cluster barriers
//===----------------------------------------------------------------------===//

/// The shared address of barrier `id` of `group` in lane `lane`.
static int64_t barAddress(Frame &f, Value group, Value id, int lane) {
  return f.objs[group].barAddress + 8 * f.lanes[id][lane].i;
}

static bool mbarrierCreate(Emulator &em, Frame &f, Operation *op,
                           const Mask &) {
  auto create = cast<nvgpu::MBarrierCreateOp>(op);
  CTA *cta = f.ctx->cta;
  auto [it, inserted] = cta->staticAlloc.try_emplace(op, cta->staticTop);
  if (inserted) {
    int64_t n = create.getBarriers().getType().getNumBarriers();
    cta->staticTop += 8 * n;
    if (cta->staticTop > kDynamicBase)
      return em.fail(op, "static shared memory exhausted");
  }
  Obj o;
  o.kind = Obj::Bars;
  o.barAddress = it->second;
  f.objs[create.getBarriers()] = o;
  return true;
}

static bool mbarrierInit(Emulator &em, Frame &f, Operation *op,
                         const Mask &mask) {
  auto init = cast<nvgpu::MBarrierInitOp>(op);
  for (int i = 0; i < f.ctx->width; ++i) {
    if (!mask[i] || (init.getPredicate() && !f.lanes[init.getPredicate()][i].i))
      continue;
    MBarrier &b =
        f.ctx->cta
            ->barriers[barAddress(f, init.getBarriers(), init.getMbarId(), i)];
    b.count = b.pending = f.lanes[init.getCount()][i].i;
    b.tx = b.phase = 0;
    if (b.count <= 0)
      return em.fail(op, "an mbarrier needs a positive arrival count");
  }
  return true;
}

static bool mbarrierTryWaitParity(Emulator &em, Frame &f, Operation *op,
                                  const Mask &mask) {
  auto wait = cast<nvgpu::MBarrierTryWaitParityOp>(op);
  if (!anyActive(mask))
    return true;
  int64_t addr = -1, parity = 0;
  for (int i = 0; i < f.ctx->width; ++i)
    if (mask[i]) {
      addr = barAddress(f, wait.getBarriers(), wait.getMbarId(), i);
      parity = f.lanes[wait.getPhaseParity()][i].i;
      break;
    }
  MBarrier *b = em.barrierAt(op, f.ctx->cta, addr);
  if (!b)
    return false;
  // The phase of parity `parity` has completed when the current phase's
  // parity differs; a fresh barrier counts its phase "-1" (parity 1) done.
  return em.waitFor(
      op, [&] { return (b->phase & 1) != parity; }, "mbarrier.try_wait.parity");
}

/// One arrival on `b` (with `tx` more transaction bytes expected).
static bool arriveOn(Emulator &em, Operation *op, MBarrier *b, int64_t tx) {
  if (!b)
    return false;
  b->tx += tx;
  if (--b->pending < 0)
    return em.fail(op, "more arrivals than the mbarrier's count");
  em.tryComplete(*b);
  return true;
}

static bool mbarrierArriveExpectTx(Emulator &em, Frame &f, Operation *op,
                                   const Mask &mask) {
  auto arrive = cast<nvgpu::MBarrierArriveExpectTxOp>(op);
  for (int i = 0; i < f.ctx->width; ++i) {
    if (!mask[i] ||
        (arrive.getPredicate() && !f.lanes[arrive.getPredicate()][i].i))
      continue;
    int64_t addr = barAddress(f, arrive.getBarriers(), arrive.getMbarId(), i);
    if (!arriveOn(em, op, em.barrierAt(op, f.ctx->cta, addr),
                  f.lanes[arrive.getTxcount()][i].i))
      return false;
  }
  return true;
}

static bool mbarrierArrive(Emulator &em, Frame &f, Operation *op,
                           const Mask &mask) {
  auto arrive = cast<nvgpu::MBarrierArriveOp>(op);
  for (int i = 0; i < f.ctx->width; ++i) {
    if (!mask[i])
      continue;
    int64_t addr = barAddress(f, arrive.getBarriers(), arrive.getMbarId(), i);
    if (!arriveOn(em, op, em.barrierAt(op, f.ctx->cta, addr), 0))
      return false;
  }
  if (f.ctx->cta && anyActive(mask))
    em.yieldToOthers();
  return true;
}

/// nvvm.mapa: the address of the same shared variable in block `rank` of
/// the cluster, as kClusterBit | rank << 32 | address.
static bool mapa(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto mapaOp = cast<NVVM::MapaOp>(op);
  Lanes &a = em.lanesOf(f, mapaOp.getA()), &r = em.lanesOf(f, mapaOp.getB());
  int size = int(f.ctx->cluster->ctas.size());
  bool bad = false;
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    if (r[i].i < 0 || r[i].i >= size)
      bad = true;
    o.i = kClusterBit | (r[i].i << 32) | (a[i].i & 0xFFFFFFFF);
  });
  return !bad || em.fail(op, "a block rank outside the cluster");
}

/// nvvm.mbarrier.arrive on a local or (mapa) remote shared address.
static bool nvvmMbarrierArrive(Emulator &em, Frame &f, Operation *op,
                               const Mask &mask) {
  Lanes &a = em.lanesOf(f, cast<NVVM::MBarrierArriveOp>(op).getAddr());
  for (int i = 0; i < f.ctx->width; ++i) {
    if (!mask[i])
      continue;
    CTA *cta = f.ctx->cta;
    int64_t addr = a[i].i;
    if (addr & kClusterBit) {
      cta = f.ctx->cluster->ctas[(addr >> 32) & 0xFF];
      addr &= 0xFFFFFFFF;
    }
    if (!arriveOn(em, op, em.barrierAt(op, cta, addr), 0))
      return false;
  }
  if (anyActive(mask))
    em.yieldToOthers();
  return true;
}

static bool clusterArrive(Emulator &em, Frame &f, Operation *,
                          const Mask &mask) {
  if (!anyActive(mask))
    return true;
  Cluster *cl = f.ctx->cluster;
  f.ctx->clusterArrival = cl->generation;
  if (++cl->arrived == cl->groups) {
    cl->arrived = 0;
    ++cl->generation;
    ++em.progress;
    em.changed.notify_all();
  }
  return true;
}

static bool clusterWait(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  if (!anyActive(mask))
    return true;
  // Wait until the generation this warpgroup arrived in has closed.
  Cluster *cl = f.ctx->cluster;
  if (f.ctx->clusterArrival < 0)
    return em.fail(op, "cluster.wait without a cluster.arrive");
  int64_t gen = f.ctx->clusterArrival;
  f.ctx->clusterArrival = -1;
  return em.waitFor(
      op, [&] { return cl->generation > gen; }, "cluster barrier");
}

void mlir::stl::test::emulator::registerGPUHandlers(HandlerTable &table) {
  addHandler<gpu::ThreadIdOp>(table, threadId);
  addHandler<gpu::BlockIdOp>(table, blockId);
  addHandler<gpu::GridDimOp>(table, gridDim);
  addHandler<gpu::BlockDimOp>(table, blockDim);
  addHandler<gpu::LaneIdOp>(table, laneId);
  addHandler<gpu::ShuffleOp>(table, shuffle);
  addHandler<gpu::BarrierOp>(table, blockBarrier);
  addHandler<gpu::ReturnOp, NVVM::SetMaxRegisterOp, NVVM::FenceMbarrierInitOp,
             NVVM::FenceProxyOp, NVVM::FenceProxyAcquireOp,
             NVVM::FenceProxyReleaseOp, NVVM::FenceProxySyncRestrictOp,
             NVVM::FenceScClusterOp, NVVM::FenceSyncRestrictOp>(table,
                                                                noEffect);

  addHandler<gpu::DynamicSharedMemoryOp>(table, dynamicSharedMemory);
  addHandler<memref::ViewOp>(table, memrefView);
  addHandler<memref::AssumeAlignmentOp>(table, assumeAlignment);
  addHandler<memref::ExtractAlignedPointerAsIndexOp>(table, alignedPointer);
  addHandler<vector::StoreOp, vector::LoadOp, memref::LoadOp, memref::StoreOp>(
      table, loadStore);

  addHandler<nvgpu::MBarrierCreateOp>(table, mbarrierCreate);
  addHandler<nvgpu::MBarrierInitOp>(table, mbarrierInit);
  addHandler<nvgpu::MBarrierTryWaitParityOp>(table, mbarrierTryWaitParity);
  addHandler<nvgpu::MBarrierArriveExpectTxOp>(table, mbarrierArriveExpectTx);
  addHandler<nvgpu::MBarrierArriveOp>(table, mbarrierArrive);
  addHandler<NVVM::MapaOp>(table, mapa);
  addHandler<NVVM::MBarrierArriveOp>(table, nvvmMbarrierArrive);
  addHandler<NVVM::ClusterArriveOp, NVVM::ClusterArriveRelaxedOp>(
      table, clusterArrive);
  addHandler<NVVM::ClusterWaitOp>(table, clusterWait);
}
