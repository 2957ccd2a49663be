//===- KernelEmulator.cpp - Run lowered STL functions on the host ---------===//
//
// Execution model (see KernelEmulator.h for what it is for):
// - Values are per lane (`Cell`: an integer, a float or a list of floats for
//   vectors and wgmma accumulator structs); buffers, views, tensor maps and
//   mbarrier groups are uniform objects (`Obj`), and a divergent one is an
//   error rather than a guess.
// - A warpgroup (up to 128 threads) is one host thread running its lanes in
//   lockstep under an active-lane mask; scf.if runs each side under its mask.
//   All blocks of a cluster run at once. Host threads take turns under one
//   lock and switch only where a GPU thread would wait (block barrier,
//   mbarrier, cluster barrier), so a run is reproducible.
// - TMA loads land one at a time while some thread waits, cp.async copies at
//   their wait_group; wgmma reads its operands when issued and reads them
//   again when wgmma.wait_group retires it: a difference means the producer
//   overwrote a stage that was still being read. Reading an
//   accumulator before its group retired is an error, as is any access out of
//   bounds, a misaligned vector access or shared memory past the launch's
//   dynamic size.
// - Operations run through a table of handlers keyed by their TypeID, one
//   file per dialect family (ArithOps, HostOps, GPUOps, MmaSyncOps,
//   WgmmaTmaOps); this file holds the core: failures, lanes, buffers,
//   waiting, scf.for/scf.if, launches and the entry point.
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>
#include <thread>

using namespace mlir;
using namespace mlir::stl::test;
using namespace mlir::stl::test::emulator;

namespace mlir::stl::test::emulator {

bool Emulator::fail(Operation *op, const Twine &msg) {
  if (!aborted) {
    aborted = true;
    std::string where;
    if (op) {
      llvm::raw_string_ostream os(where);
      os << op->getName() << " at " << op->getLoc() << ": ";
    }
    error = where + msg.str();
  }
  changed.notify_all();
  return false;
}

Lanes &Emulator::lanesOf(Frame &f, Value v) {
  Lanes &l = f.lanes[v];
  if (l.size() != size_t(f.ctx->width))
    l.resize(f.ctx->width);
  return l;
}

bool Emulator::uniform(Frame &f, Value v, const Mask &mask, int64_t &out,
                       Operation *op) {
  Lanes &l = lanesOf(f, v);
  bool first = true;
  for (int i = 0; i < f.ctx->width; ++i) {
    if (!mask[i])
      continue;
    if (first) {
      out = l[i].i;
      first = false;
    } else if (l[i].i != out) {
      return fail(op, "an operand that must be uniform differs between lanes");
    }
  }
  return true;
}

Buffer *Emulator::newBuffer(int64_t bytes, bool nanFill) {
  auto buf = std::make_unique<Buffer>();
  // Uninitialized device memory reads as NaN, so an output the kernel never
  // writes cannot pass for a result.
  buf->bytes.assign(bytes, nanFill ? 0xFF : 0);
  buf->address = nextGlobal;
  nextGlobal += (bytes + 0xFFFF) & ~int64_t(0xFFFF);
  buffers.push_back(std::move(buf));
  return buffers.back().get();
}

bool Emulator::address(Operation *op, const MemRef &m, ArrayRef<int64_t> idx,
                       int64_t count, uint8_t *&ptr) {
  if (idx.size() != m.sizes.size())
    return fail(op, "index rank differs from the memref rank");
  int64_t linear = 0;
  for (auto [d, i] : llvm::enumerate(idx)) {
    int64_t limit = m.sizes[d];
    int64_t last = d + 1 == idx.size() ? i + count - 1 : i;
    if (i < 0 || last >= limit)
      return fail(op, llvm::formatv("index {0} (+{1}) of dimension {2} is out "
                                    "of bounds (size {3})",
                                    i, count - 1, d, limit));
    linear += i * m.strides[d];
  }
  if (count > 1 && m.strides.back() != 1)
    return fail(op, "a vector access along a non-unit stride");
  int64_t byte = m.offset + linear * elemBytes(m.elem);
  int64_t bytes = count * elemBytes(m.elem);
  if (byte < 0 || byte + bytes > int64_t(m.buf->bytes.size()))
    return fail(op, "access outside its buffer (shared memory past the "
                    "launch's dynamic size?)");
  ptr = m.buf->bytes.data() + byte;
  return true;
}

bool Emulator::sharedPtr(Operation *op, CTA *cta, int64_t addr, int64_t bytes,
                         uint8_t *&ptr) {
  if (addr < kDynamicBase || addr + bytes > int64_t(cta->smem.bytes.size()))
    return fail(op, llvm::formatv("shared address {0:x} (+{1}) is outside "
                                  "dynamic shared memory [{2:x}, {3:x})",
                                  addr, bytes, kDynamicBase,
                                  cta->smem.bytes.size()));
  ptr = cta->smem.bytes.data() + addr;
  return true;
}

MBarrier *Emulator::barrierAt(Operation *op, CTA *cta, int64_t addr) {
  auto it = cta->barriers.find(addr);
  if (it == cta->barriers.end() || it->second.count == 0) {
    fail(op, llvm::formatv("mbarrier at shared address {0:x} of block {1} "
                           "is used before mbarrier.init",
                           addr, cta->blockId[0]));
    return nullptr;
  }
  return &it->second;
}

void Emulator::tryComplete(MBarrier &b) {
  if (b.pending == 0 && b.tx == 0) {
    ++b.phase;
    b.pending = b.count;
  }
  ++progress;
  changed.notify_all();
}

/// Lets the other host threads run for a moment (with `mutex` held, as in
/// waitFor): after a release, so that a producer may refill a stage while
/// wgmmas that the consumer has not retired still read it.
void Emulator::yieldToOthers() {
  std::unique_lock<std::mutex> relock(mutex, std::adopt_lock);
  changed.wait_for(relock, std::chrono::microseconds(300));
  relock.release();
}

bool Emulator::waitFor(Operation *op, const std::function<bool()> &ready,
                       const char *what) {
  // Called with `mutex` held (runGroup's lock); the condition variable
  // releases it while this thread waits.
  //
  // Deadlock is decided by counting, not by a clock (a loaded machine must
  // not make a slow launch look stuck): every state change bumps `progress`
  // (each executed op, barrier completion, landed load, finished group), so
  // when every live group has found its condition false at one and the same
  // `progress`, with no TMA load left to land, nothing can ever wake them.
  int64_t counted = -1;
  int64_t seen = progress;
  auto since = std::chrono::steady_clock::now();
  while (!ready()) {
    if (aborted)
      return false;
    std::unique_lock<std::mutex> relock(mutex, std::adopt_lock);
    if (!inflight.empty()) {
      // TMA loads land one at a time while someone waits, and a thread whose
      // wait that satisfied gets to run before the next one lands: a barrier
      // that completes too early lets its consumer read a stage half filled.
      PendingLoad load = inflight.front();
      inflight.pop_front();
      bool ok = landTmaLoad(*this, load);
      if (ok)
        changed.wait_for(relock, std::chrono::milliseconds(1));
      relock.release();
      if (!ok)
        return false;
      continue;
    }
    if (counted != progress) {
      if (stuckAt != progress) {
        stuckAt = progress;
        stuckGroups = 0;
      }
      counted = progress;
      ++stuckGroups;
    }
    if (stuckGroups == liveGroups) {
      relock.release();
      return fail(op, llvm::formatv("deadlock: every thread of the launch "
                                    "waits ({0})",
                                    what));
    }
    changed.wait_for(relock, std::chrono::milliseconds(20));
    relock.release();
    // A wait outside this function that the count cannot see would hang the
    // test instead: give up after a minute without any progress.
    if (progress != seen) {
      seen = progress;
      since = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - since >
               std::chrono::seconds(60)) {
      return fail(
          op, llvm::formatv("no progress for 60 s while waiting ({0})", what));
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Host <-> buffers
//===----------------------------------------------------------------------===//

HostTensor Emulator::toHost(const MemRef &m) {
  HostTensor t;
  t.shape.assign(m.sizes.begin(), m.sizes.end());
  t.elementType = m.elem;
  int64_t n = 1;
  for (int64_t s : m.sizes)
    n *= s;
  t.values.resize(n);
  for (int64_t k = 0; k < n; ++k) {
    int64_t rest = k, off = 0;
    for (int d = int(m.sizes.size()) - 1; d >= 0; --d) {
      off += (rest % m.sizes[d]) * m.strides[d];
      rest /= m.sizes[d];
    }
    t.values[k] = readElem(
        m.buf->bytes.data() + m.offset + off * elemBytes(m.elem), m.elem);
  }
  return t;
}

MemRef Emulator::fromHost(const HostTensor &t) {
  MemRef m;
  m.elem = t.elementType;
  m.sizes.assign(t.shape.begin(), t.shape.end());
  m.strides = rowMajorStrides(m.sizes);
  m.buf = newBuffer(int64_t(t.values.size()) * elemBytes(m.elem), false);
  for (auto [k, v] : llvm::enumerate(t.values))
    writeElem(m.buf->bytes.data() + k * elemBytes(m.elem), m.elem, v);
  return m;
}

//===----------------------------------------------------------------------===//
// Interpretation
//===----------------------------------------------------------------------===//

bool Emulator::execBlock(Frame &f, Block &block, const Mask &mask) {
  for (Operation &op : block.without_terminator())
    if (!execOp(f, &op, mask))
      return false;
  return true;
}

/// Copies the lanes (or the object) of `from` into `to` for active lanes.

void assign(Frame &f, Value to, Value from, const Mask &mask) {
  if (f.objs.count(from)) {
    f.objs[to] = f.objs[from];
    return;
  }
  Lanes src = f.lanes[from];
  Lanes &dst = f.lanes[to];
  dst.resize(f.ctx->width);
  src.resize(f.ctx->width);
  for (int i = 0; i < f.ctx->width; ++i)
    if (mask[i])
      dst[i] = src[i];
}

void addHandlerFor(HandlerTable &table, TypeID id, OpHandler handler) {
  bool inserted = table.try_emplace(id, handler).second;
  (void)inserted;
  assert(inserted && "two handlers for one operation");
}

/// scf.for: bounds and step must be uniform over the active lanes.
static bool execFor(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto forOp = cast<scf::ForOp>(op);
  int64_t lb = 0, ub = 0, step = 1;
  if (!em.uniform(f, forOp.getLowerBound(), mask, lb, op) ||
      !em.uniform(f, forOp.getUpperBound(), mask, ub, op) ||
      !em.uniform(f, forOp.getStep(), mask, step, op))
    return false;
  Block *body = forOp.getBody();
  for (auto [arg, init] :
       llvm::zip(forOp.getRegionIterArgs(), forOp.getInitArgs()))
    assign(f, arg, init, mask);
  for (int64_t iv = lb; iv < ub; iv += step) {
    Lanes &ivl = em.lanesOf(f, forOp.getInductionVar());
    for (int i = 0; i < f.ctx->width; ++i)
      ivl[i].i = iv;
    if (!em.execBlock(f, *body, mask))
      return false;
    auto yield = cast<scf::YieldOp>(body->getTerminator());
    for (auto [arg, next] :
         llvm::zip(forOp.getRegionIterArgs(), yield.getOperands()))
      assign(f, arg, next, mask);
  }
  for (auto [res, arg] :
       llvm::zip(forOp.getResults(), forOp.getRegionIterArgs()))
    assign(f, res, arg, mask);
  return true;
}

/// scf.if: each side runs under the mask of the lanes that take it.
static bool execIf(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto ifOp = cast<scf::IfOp>(op);
  int W = f.ctx->width;
  Lanes &cond = em.lanesOf(f, ifOp.getCondition());
  Mask thenMask(W, 0), elseMask(W, 0);
  bool anyThen = false, anyElse = false;
  for (int i = 0; i < W; ++i) {
    thenMask[i] = mask[i] && cond[i].i;
    elseMask[i] = mask[i] && !cond[i].i;
    anyThen |= thenMask[i];
    anyElse |= elseMask[i];
  }
  if (anyThen) {
    if (!em.execBlock(f, *ifOp.thenBlock(), thenMask))
      return false;
    for (auto [res, y] :
         llvm::zip(ifOp.getResults(), ifOp.thenYield().getOperands()))
      assign(f, res, y, thenMask);
  }
  if (anyElse && ifOp.elseBlock()) {
    if (!em.execBlock(f, *ifOp.elseBlock(), elseMask))
      return false;
    for (auto [res, y] :
         llvm::zip(ifOp.getResults(), ifOp.elseYield().getOperands()))
      assign(f, res, y, elseMask);
  }
  return true;
}

/// The handlers of every modelled operation, built on first use (a
/// function-local static, so emulated threads may reach it first).
static const HandlerTable &getHandlers() {
  static const HandlerTable table = [] {
    HandlerTable t;
    addHandler<scf::ForOp>(t, execFor);
    addHandler<scf::IfOp>(t, execIf);
    registerArithHandlers(t);
    registerHostHandlers(t);
    registerGPUHandlers(t);
    registerMmaSyncHandlers(t);
    registerWgmmaTmaHandlers(t);
    return t;
  }();
  return table;
}

bool Emulator::execOp(Frame &f, Operation *op, const Mask &mask) {
  if (aborted)
    return false;
  ++progress;
  const HandlerTable &handlers = getHandlers();
  auto it = handlers.find(op->getName().getTypeID());
  if (it == handlers.end())
    return fail(op, "the emulator does not model this operation");
  return it->second(*this, f, op, mask);
}

//===----------------------------------------------------------------------===//
// Launches
//===----------------------------------------------------------------------===//

void Emulator::runGroup(gpu::GPUFuncOp kernel, Context *ctx,
                        ArrayRef<std::pair<Lanes, Obj>> args) {
  std::unique_lock<std::mutex> lock(mutex);
  Frame f;
  f.ctx = ctx;
  for (auto [arg, value] : llvm::zip(kernel.getArguments(), args)) {
    if (value.second.kind != Obj::None) {
      f.objs[arg] = value.second;
    } else {
      Lanes &l = lanesOf(f, arg);
      for (Cell &c : l)
        c = value.first[0];
    }
  }
  Mask mask(ctx->width, 1);
  if (execBlock(f, kernel.getBody().front(), mask) &&
      (!ctx->committed.empty() || !ctx->openReads.empty()))
    fail(kernel, "the kernel exits with wgmma groups in flight");
  // A finished warpgroup no longer takes part in block barriers.
  --ctx->cta->groups;
  --liveGroups;
  if (ctx->cta->arrived && ctx->cta->arrived == ctx->cta->groups) {
    ctx->cta->arrived = 0;
    ++ctx->cta->barrierGeneration;
  }
  ++progress;
  changed.notify_all();
}

bool Emulator::launch(Frame &f, gpu::LaunchFuncOp op) {
  auto kernel =
      SymbolTable::lookupNearestSymbolFrom<gpu::GPUFuncOp>(op, op.getKernel());
  if (!kernel)
    return fail(op, "kernel not found");
  auto dims = [&](gpu::KernelDim3 d, int64_t out[3]) {
    Value v[3] = {d.x, d.y, d.z};
    for (int k = 0; k < 3; ++k)
      out[k] = f.lanes[v[k]][0].i;
  };
  int64_t grid[3], block[3], cluster[3] = {1, 1, 1};
  dims(op.getGridSizeOperandValues(), grid);
  dims(op.getBlockSizeOperandValues(), block);
  if (op.hasClusterSize())
    dims(op.getClusterSizeOperandValues(), cluster);
  if (cluster[1] != 1 || cluster[2] != 1 || grid[0] % cluster[0])
    return fail(op, "only clusters along x that divide the grid are modelled");
  bool readsGrid =
      kernel.walk([](gpu::GridDimOp) { return WalkResult::interrupt(); })
          .wasInterrupted();
  if (options.gridLimit > 0 && readsGrid && grid[0] > options.gridLimit)
    grid[0] = std::max(cluster[0],
                       options.gridLimit - options.gridLimit % cluster[0]);
  int64_t dynamic = 0;
  if (Value s = op.getDynamicSharedMemorySize())
    dynamic = f.lanes[s][0].i;
  if (dynamic > kSharedLimit)
    return fail(op, llvm::formatv("{0} bytes of dynamic shared memory exceed "
                                  "the {1} a block may have",
                                  dynamic, kSharedLimit));
  int64_t threads = block[0] * block[1] * block[2];
  if (threads > 1024)
    return fail(op, "more than 1024 threads per block");
  std::vector<std::pair<Lanes, Obj>> args;
  for (Value v : op.getKernelOperands()) {
    auto it = f.objs.find(v);
    if (it != f.objs.end())
      args.push_back({Lanes(), it->second});
    else
      args.push_back({lanesOf(f, v), Obj()});
  }
  ++stats.launches;
  int groupsPerBlock = int((threads + 127) / 128);
  for (int64_t z = 0; z < grid[2]; ++z)
    for (int64_t y = 0; y < grid[1]; ++y)
      for (int64_t x0 = 0; x0 < grid[0]; x0 += cluster[0]) {
        Cluster cl;
        std::deque<CTA> ctas;
        std::deque<Context> contexts;
        for (int64_t r = 0; r < cluster[0]; ++r) {
          CTA &cta = ctas.emplace_back();
          cta.blockId[0] = x0 + r, cta.blockId[1] = y, cta.blockId[2] = z;
          cta.smem.bytes.assign(kDynamicBase + dynamic, 0xFF);
          cta.groups = groupsPerBlock;
          cl.ctas.push_back(&cta);
          for (int g = 0; g < groupsPerBlock; ++g) {
            Context &c = contexts.emplace_back();
            c.cta = &cta, c.cluster = &cl;
            c.threadBase = 128 * g;
            c.width = int(std::min<int64_t>(128, threads - 128 * g));
            std::copy(block, block + 3, c.blockDim);
            std::copy(grid, grid + 3, c.gridDim);
          }
          ++stats.blocks;
        }
        cl.groups = int(contexts.size());
        std::vector<std::thread> workers;
        liveGroups = int64_t(contexts.size());
        for (Context &c : contexts)
          workers.emplace_back([&, ctx = &c] { runGroup(kernel, ctx, args); });
        for (std::thread &t : workers)
          t.join();
        if (aborted)
          return false;
        if (!inflight.empty())
          return fail(inflight.front().op,
                      "the blocks exited with TMA loads still in flight");
      }
  return true;
}

FailureOr<SmallVector<HostTensor>> Emulator::run(Operation *funcOp,
                                                 ArrayRef<HostTensor> args) {
  auto func = cast<func::FuncOp>(funcOp);
  Context host;
  Frame f;
  f.ctx = &host;
  if (func.getNumArguments() != args.size()) {
    error = "argument count differs";
    return failure();
  }
  for (auto [arg, t] : llvm::zip(func.getArguments(), args)) {
    Obj o;
    o.kind = Obj::Mem;
    o.mem = fromHost(t);
    f.objs[arg] = o;
  }
  Mask mask(1, 1);
  Block &body = func.getBody().front();
  for (Operation &op : body.without_terminator()) {
    // Host code runs without the lock: no emulated thread exists yet.
    if (!execOp(f, &op, mask))
      return failure();
  }
  SmallVector<HostTensor> results;
  for (Value v : body.getTerminator()->getOperands()) {
    auto it = f.objs.find(v);
    if (it == f.objs.end()) {
      error = "a result is not a tensor";
      return failure();
    }
    results.push_back(toHost(it->second.mem));
  }
  return results;
}

} // namespace mlir::stl::test::emulator

FailureOr<SmallVector<HostTensor>>
mlir::stl::test::emulateFunction(ModuleOp module, Operation *func,
                                 ArrayRef<HostTensor> args,
                                 const EmulationOptions &options,
                                 EmulationStats &stats, std::string &error) {
  (void)module; // kernels are found from their launches
  Emulator emulator(options, stats);
  FailureOr<SmallVector<HostTensor>> results = emulator.run(func, args);
  if (failed(results))
    error = emulator.error;
  return results;
}
