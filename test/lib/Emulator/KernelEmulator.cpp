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
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "stl/Dialect/STL/IR/STLOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/FormatVariadic.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

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
      bool ok = land(load);
      if (ok)
        changed.wait_for(relock, std::chrono::milliseconds(1));
      relock.release();
      if (!ok)
        return false;
      continue;
    }
    changed.wait_for(relock, std::chrono::milliseconds(20));
    relock.release();
    if (progress != seen) {
      seen = progress;
      since = std::chrono::steady_clock::now();
    } else if (std::chrono::steady_clock::now() - since >
               std::chrono::seconds(2)) {
      return fail(op, llvm::formatv("deadlock: every thread of the launch "
                                    "waits ({0})",
                                    what));
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
static void assign(Frame &f, Value to, Value from, const Mask &mask) {
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

bool Emulator::execOp(Frame &f, Operation *op, const Mask &mask) {
  if (aborted)
    return false;
  ++progress;
  int W = f.ctx->width;

  if (auto forOp = dyn_cast<scf::ForOp>(op)) {
    int64_t lb = 0, ub = 0, step = 1;
    if (!uniform(f, forOp.getLowerBound(), mask, lb, op) ||
        !uniform(f, forOp.getUpperBound(), mask, ub, op) ||
        !uniform(f, forOp.getStep(), mask, step, op))
      return false;
    Block *body = forOp.getBody();
    for (auto [arg, init] :
         llvm::zip(forOp.getRegionIterArgs(), forOp.getInitArgs()))
      assign(f, arg, init, mask);
    for (int64_t iv = lb; iv < ub; iv += step) {
      Lanes &ivl = lanesOf(f, forOp.getInductionVar());
      for (int i = 0; i < W; ++i)
        ivl[i].i = iv;
      if (!execBlock(f, *body, mask))
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

  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    Lanes &cond = lanesOf(f, ifOp.getCondition());
    Mask thenMask(W, 0), elseMask(W, 0);
    bool anyThen = false, anyElse = false;
    for (int i = 0; i < W; ++i) {
      thenMask[i] = mask[i] && cond[i].i;
      elseMask[i] = mask[i] && !cond[i].i;
      anyThen |= thenMask[i];
      anyElse |= elseMask[i];
    }
    if (anyThen) {
      if (!execBlock(f, *ifOp.thenBlock(), thenMask))
        return false;
      for (auto [res, y] :
           llvm::zip(ifOp.getResults(), ifOp.thenYield().getOperands()))
        assign(f, res, y, thenMask);
    }
    if (anyElse && ifOp.elseBlock()) {
      if (!execBlock(f, *ifOp.elseBlock(), elseMask))
        return false;
      for (auto [res, y] :
           llvm::zip(ifOp.getResults(), ifOp.elseYield().getOperands()))
        assign(f, res, y, elseMask);
    }
    return true;
  }

  bool handled = false;
  if (!execArith(f, op, mask, handled))
    return false;
  if (handled)
    return true;
  if (!execGPU(f, op, mask, handled))
    return false;
  if (handled)
    return true;
  if (!execHost(f, op, handled))
    return false;
  if (handled)
    return true;
  return fail(op, "the emulator does not model this operation");
}

bool Emulator::execArith(Frame &f, Operation *op, const Mask &mask,
                         bool &handled) {
  handled = true;
  int W = f.ctx->width;
  auto each = [&](auto fn) {
    Lanes &out = lanesOf(f, op->getResult(0));
    for (int i = 0; i < W; ++i)
      if (mask[i])
        fn(i, out[i]);
  };
  auto in = [&](unsigned k) -> Lanes & {
    return lanesOf(f, op->getOperand(k));
  };

  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    Attribute value = c.getValue();
    Cell cell;
    if (auto ia = dyn_cast<IntegerAttr>(value))
      cell.i = normInt(ia.getValue().getSExtValue(), bitWidth(ia.getType()));
    else if (auto fa = dyn_cast<FloatAttr>(value))
      cell.f = fa.getValueAsDouble();
    else if (auto da = dyn_cast<DenseElementsAttr>(value);
             da && isa<VectorType>(da.getType()) &&
             isa<FloatType>(da.getElementType()))
      for (APFloat v : da.getValues<APFloat>())
        cell.v.push_back(v.convertToDouble());
    else
      return fail(op, "unsupported constant");
    Lanes &out = lanesOf(f, c.getResult());
    for (int i = 0; i < W; ++i)
      out[i] = cell;
    return true;
  }

  Type resultType =
      op->getNumResults() == 1 ? op->getResult(0).getType() : Type();
  unsigned w = resultType ? bitWidth(resultType) : 64;
  auto binInt = [&](auto fn) {
    Lanes &a = in(0), &b = in(1);
    each([&](int i, Cell &o) { o.i = normInt(fn(a[i].i, b[i].i), w); });
    return true;
  };
  auto binUnsigned = [&](auto fn) -> bool {
    Lanes &a = in(0), &b = in(1);
    bool ok = true;
    each([&](int i, Cell &o) {
      uint64_t x = asUnsigned(a[i].i, w), y = asUnsigned(b[i].i, w);
      o.i = normInt(int64_t(fn(x, y, ok)), w);
    });
    return ok || fail(op, "division by zero");
  };
  auto binFloat = [&](auto fn) {
    Lanes &a = in(0), &b = in(1);
    each(
        [&](int i, Cell &o) { o.f = roundTo(resultType, fn(a[i].f, b[i].f)); });
    return true;
  };

  if (isa<arith::AddIOp>(op))
    return binInt([](int64_t a, int64_t b) {
      return int64_t(uint64_t(a) + uint64_t(b));
    });
  if (isa<arith::SubIOp>(op))
    return binInt([](int64_t a, int64_t b) {
      return int64_t(uint64_t(a) - uint64_t(b));
    });
  if (isa<arith::MulIOp>(op))
    return binInt([](int64_t a, int64_t b) {
      return int64_t(uint64_t(a) * uint64_t(b));
    });
  if (isa<arith::AndIOp>(op))
    return binInt([](int64_t a, int64_t b) { return a & b; });
  if (isa<arith::OrIOp>(op))
    return binInt([](int64_t a, int64_t b) { return a | b; });
  if (isa<arith::XOrIOp>(op))
    return binInt([](int64_t a, int64_t b) { return a ^ b; });
  if (isa<arith::MinSIOp>(op))
    return binInt([](int64_t a, int64_t b) { return std::min(a, b); });
  if (isa<arith::MaxSIOp>(op))
    return binInt([](int64_t a, int64_t b) { return std::max(a, b); });
  if (isa<arith::ShLIOp>(op))
    return binInt([](int64_t a, int64_t b) {
      return b >= 64 ? 0 : int64_t(uint64_t(a) << b);
    });
  if (isa<arith::ShRSIOp>(op))
    return binInt(
        [](int64_t a, int64_t b) { return a >> std::min<int64_t>(b, 63); });
  if (isa<arith::DivSIOp, arith::RemSIOp>(op)) {
    bool rem = isa<arith::RemSIOp>(op);
    Lanes &a = in(0), &b = in(1);
    bool zero = false;
    each([&](int i, Cell &o) {
      if (b[i].i == 0) {
        zero = true;
        return;
      }
      o.i = normInt(rem ? a[i].i % b[i].i : a[i].i / b[i].i, w);
    });
    return !zero || fail(op, "division by zero");
  }
  if (isa<arith::DivUIOp>(op))
    return binUnsigned([](uint64_t a, uint64_t b, bool &ok) -> uint64_t {
      if (!b) {
        ok = false;
        return 0;
      }
      return a / b;
    });
  if (isa<arith::RemUIOp>(op))
    return binUnsigned([](uint64_t a, uint64_t b, bool &ok) -> uint64_t {
      if (!b) {
        ok = false;
        return 0;
      }
      return a % b;
    });
  if (isa<arith::MinUIOp>(op))
    return binUnsigned(
        [](uint64_t a, uint64_t b, bool &) { return std::min(a, b); });
  if (isa<arith::MaxUIOp>(op))
    return binUnsigned(
        [](uint64_t a, uint64_t b, bool &) { return std::max(a, b); });
  if (isa<arith::ShRUIOp>(op))
    return binUnsigned([](uint64_t a, uint64_t b, bool &) -> uint64_t {
      return b >= 64 ? 0 : a >> b;
    });
  if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
    unsigned ow = bitWidth(cmp.getLhs().getType());
    Lanes &a = in(0), &b = in(1);
    auto pred = cmp.getPredicate();
    each([&](int i, Cell &o) {
      int64_t x = a[i].i, y = b[i].i;
      uint64_t ux = asUnsigned(x, ow), uy = asUnsigned(y, ow);
      bool r = false;
      switch (pred) {
      case arith::CmpIPredicate::eq:
        r = x == y;
        break;
      case arith::CmpIPredicate::ne:
        r = x != y;
        break;
      case arith::CmpIPredicate::slt:
        r = x < y;
        break;
      case arith::CmpIPredicate::sle:
        r = x <= y;
        break;
      case arith::CmpIPredicate::sgt:
        r = x > y;
        break;
      case arith::CmpIPredicate::sge:
        r = x >= y;
        break;
      case arith::CmpIPredicate::ult:
        r = ux < uy;
        break;
      case arith::CmpIPredicate::ule:
        r = ux <= uy;
        break;
      case arith::CmpIPredicate::ugt:
        r = ux > uy;
        break;
      case arith::CmpIPredicate::uge:
        r = ux >= uy;
        break;
      }
      o.i = r;
    });
    return true;
  }
  if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
    Lanes &a = in(0), &b = in(1);
    auto pred = cmp.getPredicate();
    bool ok = true;
    each([&](int i, Cell &o) {
      double x = a[i].f, y = b[i].f;
      switch (pred) {
      case arith::CmpFPredicate::OLT:
        o.i = x < y;
        break;
      case arith::CmpFPredicate::OLE:
        o.i = x <= y;
        break;
      case arith::CmpFPredicate::OGT:
        o.i = x > y;
        break;
      case arith::CmpFPredicate::OGE:
        o.i = x >= y;
        break;
      case arith::CmpFPredicate::OEQ:
        o.i = x == y;
        break;
      case arith::CmpFPredicate::UNE:
        o.i = x != y;
        break;
      default:
        ok = false;
      }
    });
    return ok || fail(op, "unsupported predicate");
  }
  if (isa<arith::SelectOp>(op)) {
    Lanes &c = in(0), &a = in(1), &b = in(2);
    if (f.objs.count(op->getOperand(1)))
      return fail(op, "a select between buffers");
    each([&](int i, Cell &o) { o = c[i].i ? a[i] : b[i]; });
    return true;
  }
  if (isa<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp>(op)) {
    Lanes &a = in(0);
    each([&](int i, Cell &o) { o.i = normInt(a[i].i, w); });
    return true;
  }
  if (isa<arith::IndexCastUIOp, arith::ExtUIOp>(op)) {
    unsigned iw = bitWidth(op->getOperand(0).getType());
    Lanes &a = in(0);
    each([&](int i, Cell &o) {
      o.i = normInt(int64_t(asUnsigned(a[i].i, iw)), w);
    });
    return true;
  }
  if (isa<arith::AddFOp>(op))
    return binFloat([](double a, double b) { return a + b; });
  if (isa<arith::SubFOp>(op))
    return binFloat([](double a, double b) { return a - b; });
  if (isa<arith::MulFOp>(op))
    return binFloat([](double a, double b) { return a * b; });
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(op))
    return binFloat([](double a, double b) { return std::max(a, b); });
  if (isa<arith::TruncFOp, arith::ExtFOp>(op)) {
    Lanes &a = in(0);
    if (auto vt = dyn_cast<VectorType>(resultType)) {
      Type e = vt.getElementType();
      each([&](int i, Cell &o) {
        o.v = a[i].v;
        for (double &x : o.v)
          x = roundTo(e, x);
      });
    } else {
      each([&](int i, Cell &o) { o.f = roundTo(resultType, a[i].f); });
    }
    return true;
  }
  if (isa<arith::SIToFPOp>(op)) {
    Lanes &a = in(0);
    each([&](int i, Cell &o) { o.f = roundTo(resultType, double(a[i].i)); });
    return true;
  }
  if (isa<arith::NegFOp>(op)) {
    Lanes &a = in(0);
    each([&](int i, Cell &o) { o.f = -a[i].f; });
    return true;
  }

  // Vectors: a lane's elements live in Cell::v.
  if (auto fe = dyn_cast<vector::FromElementsOp>(op)) {
    each([&](int i, Cell &o) {
      o.v.clear();
      for (Value e : fe.getElements())
        o.v.push_back(f.lanes[e][i].f);
    });
    return true;
  }
  if (auto ex = dyn_cast<vector::ExtractOp>(op)) {
    if (ex.hasDynamicPosition())
      return fail(op, "dynamic extract positions are not modelled");
    // Row-major flat elements: the position selects a contiguous slice.
    auto vt = ex.getSourceVectorType();
    int64_t offset = 0, stride = vt.getNumElements();
    for (auto [d, p] : llvm::enumerate(ex.getStaticPosition())) {
      stride /= vt.getDimSize(d);
      offset += p * stride;
    }
    Lanes &a = in(0);
    bool scalar = !isa<VectorType>(ex.getType());
    each([&](int i, Cell &o) {
      if (scalar)
        o.f = a[i].v[offset];
      else
        o.v.assign(a[i].v.begin() + offset, a[i].v.begin() + offset + stride);
    });
    return true;
  }
  if (auto ins = dyn_cast<vector::InsertOp>(op)) {
    if (ins.hasDynamicPosition())
      return fail(op, "dynamic insert positions are not modelled");
    auto vt = ins.getDestVectorType();
    int64_t offset = 0, stride = vt.getNumElements();
    for (auto [d, p] : llvm::enumerate(ins.getStaticPosition())) {
      stride /= vt.getDimSize(d);
      offset += p * stride;
    }
    Lanes item = lanesOf(f, ins.getValueToStore()), dest = in(1);
    bool scalar = !isa<VectorType>(ins.getValueToStoreType());
    each([&](int i, Cell &o) {
      o.v = dest[i].v;
      o.v.resize(vt.getNumElements());
      if (scalar)
        o.v[offset] = item[i].f;
      else
        std::copy_n(item[i].v.begin(), stride, o.v.begin() + offset);
    });
    return true;
  }
  if (auto te = dyn_cast<vector::ToElementsOp>(op)) {
    Lanes a = in(0);
    for (auto [k, r] : llvm::enumerate(te.getResults())) {
      Lanes &out = lanesOf(f, r);
      for (int i = 0; i < W; ++i)
        if (mask[i])
          out[i].f = a[i].v[k];
    }
    return true;
  }
  if (auto bc = dyn_cast<LLVM::BitcastOp>(op)) {
    // vector<2xbf16/f16> <-> i32, as the nvvm.mma.sync operands need.
    auto vt = dyn_cast<VectorType>(bc.getArg().getType());
    auto rt = dyn_cast<VectorType>(bc.getType());
    Type e = vt ? vt.getElementType() : rt ? rt.getElementType() : Type();
    if (!e || !(e.isF16() || e.isBF16()) ||
        (vt ? vt.getNumElements() : rt.getNumElements()) != 2)
      return fail(op, "only vector<2xf16/bf16> <-> i32 bitcasts are modelled");
    Lanes &a = in(0);
    each([&](int i, Cell &o) {
      uint8_t bytes[4];
      if (vt) {
        writeElem(bytes, e, a[i].v[0]);
        writeElem(bytes + 2, e, a[i].v[1]);
        int32_t x;
        std::memcpy(&x, bytes, 4);
        o.i = x;
      } else {
        int32_t x = int32_t(a[i].i);
        std::memcpy(bytes, &x, 4);
        o.v = {readElem(bytes, e), readElem(bytes + 2, e)};
      }
    });
    return true;
  }
  if (auto bc = dyn_cast<vector::BroadcastOp>(op)) {
    int64_t n = cast<VectorType>(bc.getType()).getNumElements();
    Lanes &a = in(0);
    each([&](int i, Cell &o) { o.v.assign(n, a[i].f); });
    return true;
  }

  // LLVM structs (wgmma accumulators) and pointers.
  if (auto undef = dyn_cast<LLVM::UndefOp>(op)) {
    auto st = dyn_cast<LLVM::LLVMStructType>(undef.getType());
    size_t n = st ? st.getBody().size() : 0;
    each([&](int i, Cell &o) {
      o = Cell();
      o.v.assign(n, std::numeric_limits<double>::quiet_NaN());
    });
    return true;
  }
  if (auto ev = dyn_cast<LLVM::ExtractValueOp>(op)) {
    if (ev.getPosition().size() != 1)
      return fail(op, "nested struct positions");
    int64_t p = ev.getPosition()[0];
    Lanes &a = in(0);
    bool early = false;
    each([&](int i, Cell &o) {
      if (a[i].i > f.ctx->retiredSeq)
        early = true;
      o.f = a[i].v[p];
    });
    if (early)
      return fail(op, "reads a wgmma accumulator before "
                      "wgmma.wait_group retired the wgmma that writes it");
    return true;
  }
  if (auto iv = dyn_cast<LLVM::InsertValueOp>(op)) {
    int64_t p = iv.getPosition()[0];
    Lanes &s = in(0), &x = in(1);
    each([&](int i, Cell &o) {
      o = s[i];
      o.v[p] = x[i].f;
    });
    return true;
  }
  if (isa<LLVM::IntToPtrOp, LLVM::PtrToIntOp>(op)) {
    Lanes &a = in(0);
    each([&](int i, Cell &o) { o.i = a[i].i; });
    return true;
  }

  handled = false;
  return true;
}

//===----------------------------------------------------------------------===//
// Host-side ops
//===----------------------------------------------------------------------===//

bool Emulator::execHost(Frame &f, Operation *op, bool &handled) {
  handled = true;
  auto objOf = [&](Value v) -> Obj * {
    auto it = f.objs.find(v);
    if (it == f.objs.end()) {
      fail(op, "operand is not a buffer");
      return nullptr;
    }
    return &it->second;
  };
  auto setMem = [&](Value v, MemRef m) {
    Obj o;
    o.kind = Obj::Mem;
    o.mem = std::move(m);
    f.objs[v] = o;
  };
  auto contiguous = [&](const MemRef &m) {
    return m.strides == rowMajorStrides(m.sizes);
  };

  if (isa<bufferization::ToBufferOp, bufferization::ToTensorOp, memref::CastOp>(
          op) ||
      (isa<UnrealizedConversionCastOp>(op) &&
       f.objs.count(op->getOperand(0)))) {
    Obj *o = objOf(op->getOperand(0));
    if (!o)
      return false;
    Obj copy = *o;
    // An mbarrier group seen as a memref<Nxi64, 3>.
    if (copy.kind == Obj::Bars && isa<MemRefType>(op->getResult(0).getType())) {
      copy.kind = Obj::Mem;
      copy.mem.buf = &f.ctx->cta->smem;
      copy.mem.offset = copy.barAddress;
      auto mt = cast<MemRefType>(op->getResult(0).getType());
      copy.mem.sizes.assign(mt.getShape().begin(), mt.getShape().end());
      copy.mem.strides = rowMajorStrides(copy.mem.sizes);
      copy.mem.elem = mt.getElementType();
    }
    f.objs[op->getResult(0)] = copy;
    return true;
  }
  if (isa<UnrealizedConversionCastOp>(op)) {
    assign(f, op->getResult(0), op->getOperand(0), Mask(f.ctx->width, 1));
    return true;
  }
  if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
    MemRefType t = alloc.getType();
    if (!t.hasStaticShape())
      return fail(op, "dynamic shapes are not modelled");
    MemRef m;
    m.elem = t.getElementType();
    m.sizes.assign(t.getShape().begin(), t.getShape().end());
    m.strides = rowMajorStrides(m.sizes);
    m.buf = newBuffer(t.getNumElements() * elemBytes(m.elem), true);
    setMem(alloc.getResult(), m);
    return true;
  }
  if (isa<memref::CollapseShapeOp, memref::ExpandShapeOp>(op)) {
    // Reshapes of a contiguous buffer: same bytes, row-major strides.
    Obj *o = objOf(op->getOperand(0));
    if (!o)
      return false;
    if (!contiguous(o->mem))
      return fail(op, "reshaping a non-contiguous buffer");
    MemRef m = o->mem;
    auto type = cast<MemRefType>(op->getResult(0).getType());
    m.sizes.assign(type.getShape().begin(), type.getShape().end());
    m.strides = rowMajorStrides(m.sizes);
    setMem(op->getResult(0), m);
    return true;
  }
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    Obj *o = objOf(pad.getSource());
    if (!o)
      return false;
    Value padValue = pad.getConstantPaddingValue();
    FloatAttr fa;
    if (!padValue || !matchPattern(padValue, m_Constant(&fa)))
      return fail(op, "only constant float padding is modelled");
    HostTensor src = toHost(o->mem);
    HostTensor dst;
    auto rt = pad.getResultType();
    dst.shape.assign(rt.getShape().begin(), rt.getShape().end());
    dst.elementType = rt.getElementType();
    int64_t n = rt.getNumElements();
    dst.values.assign(n, fa.getValueAsDouble());
    ArrayRef<int64_t> low = pad.getStaticLow();
    SmallVector<int64_t> srcStrides = rowMajorStrides(src.shape),
                         dstStrides = rowMajorStrides(dst.shape);
    for (int64_t k = 0; k < int64_t(src.values.size()); ++k) {
      int64_t rest = k, off = 0;
      for (size_t d = 0; d < src.shape.size(); ++d) {
        int64_t i = rest / srcStrides[d];
        rest %= srcStrides[d];
        if (ShapedType::isDynamic(low[d]))
          return fail(op, "dynamic padding is not modelled");
        off += (i + low[d]) * dstStrides[d];
      }
      dst.values[off] = src.values[k];
    }
    setMem(pad.getResult(), fromHost(dst));
    return true;
  }
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    Obj *o = objOf(slice.getSource());
    if (!o)
      return false;
    if (slice.getType().getRank() != int64_t(o->mem.sizes.size()))
      return fail(op, "rank-reducing slices are not modelled");
    MemRef view = o->mem;
    for (size_t d = 0; d < view.sizes.size(); ++d) {
      int64_t off = slice.getStaticOffsets()[d],
              size = slice.getStaticSizes()[d],
              stride = slice.getStaticStrides()[d];
      if (ShapedType::isDynamic(off) || ShapedType::isDynamic(size) ||
          ShapedType::isDynamic(stride))
        return fail(op, "dynamic slices are not modelled");
      view.offset += off * view.strides[d] * elemBytes(view.elem);
      view.sizes[d] = size;
      view.strides[d] *= stride;
    }
    setMem(slice.getResult(), fromHost(toHost(view)));
    return true;
  }
  if (auto desc = dyn_cast<nvgpu::TmaCreateDescriptorOp>(op)) {
    Obj *o = objOf(desc.getTensor());
    if (!o)
      return false;
    Obj map;
    map.kind = Obj::Map;
    map.mem = o->mem;
    for (Value b : desc.getBoxDimensions())
      map.box.push_back(lanesOf(f, b)[0].i);
    auto type = desc.getTensorMap().getType();
    map.swizzle128 =
        type.getSwizzle() == nvgpu::TensorMapSwizzleKind::SWIZZLE_128B;
    if (!map.swizzle128 &&
        type.getSwizzle() != nvgpu::TensorMapSwizzleKind::SWIZZLE_NONE)
      return fail(op, "only 128-byte swizzle and none are modelled");
    map.oobNaN = type.getOob() == nvgpu::TensorMapOOBKind::OOB_NAN;
    if (!contiguous(map.mem))
      return fail(op, "a tensor map over a non-contiguous buffer");
    f.objs[desc.getResult()] = map;
    return true;
  }
  if (auto had = dyn_cast<mlir::stl::HadamardOp>(op)) {
    // Reference: batched product in double, rounded once to the result type.
    Obj *lo = objOf(had.getLhs()), *ro = objOf(had.getRhs());
    if (!lo || !ro)
      return false;
    HostTensor a = toHost(lo->mem), b = toHost(ro->mem);
    auto rt = cast<RankedTensorType>(had.getType());
    HostTensor c;
    c.shape.assign(rt.getShape().begin(), rt.getShape().end());
    c.elementType = rt.getElementType();
    int64_t rank = rt.getRank();
    int64_t M = a.shape[rank - 2], K = a.shape[rank - 1], N = b.shape[rank - 1];
    int64_t batch = rt.getNumElements() / (M * N);
    c.values.resize(batch * M * N);
    for (int64_t z = 0; z < batch; ++z)
      for (int64_t i = 0; i < M; ++i)
        for (int64_t j = 0; j < N; ++j) {
          double s = 0;
          for (int64_t k = 0; k < K; ++k)
            s += a.values[(z * M + i) * K + k] * b.values[(z * K + k) * N + j];
          c.values[(z * M + i) * N + j] = roundTo(c.elementType, s);
        }
    setMem(had.getResult(), fromHost(c));
    return true;
  }
  if (auto lf = dyn_cast<gpu::LaunchFuncOp>(op))
    return launch(f, lf);

  handled = false;
  return true;
}

//===----------------------------------------------------------------------===//
// Kernel-side ops
//===----------------------------------------------------------------------===//

bool Emulator::execGPU(Frame &f, Operation *op, const Mask &mask,
                       bool &handled) {
  handled = true;
  Context &ctx = *f.ctx;
  int W = ctx.width;
  auto each = [&](auto fn) {
    Lanes &out = lanesOf(f, op->getResult(0));
    for (int i = 0; i < W; ++i)
      if (mask[i])
        fn(i, out[i]);
  };
  auto any = [&] { return llvm::any_of(mask, [](char c) { return c; }); };
  auto threadCoord = [&](int lane, int d) {
    int64_t t = ctx.threadBase + lane;
    int64_t x = t % ctx.blockDim[0],
            y = (t / ctx.blockDim[0]) % ctx.blockDim[1],
            z = t / (ctx.blockDim[0] * ctx.blockDim[1]);
    return d == 0 ? x : d == 1 ? y : z;
  };
  auto dimIndex = [](gpu::Dimension d) { return int(d); };

  if (auto tid = dyn_cast<gpu::ThreadIdOp>(op)) {
    int d = dimIndex(tid.getDimension());
    each([&](int i, Cell &o) { o.i = threadCoord(i, d); });
    return true;
  }
  if (auto bid = dyn_cast<gpu::BlockIdOp>(op)) {
    int64_t v = ctx.cta->blockId[dimIndex(bid.getDimension())];
    each([&](int, Cell &o) { o.i = v; });
    return true;
  }
  if (auto gd = dyn_cast<gpu::GridDimOp>(op)) {
    int64_t v = ctx.gridDim[dimIndex(gd.getDimension())];
    each([&](int, Cell &o) { o.i = v; });
    return true;
  }
  if (auto bd = dyn_cast<gpu::BlockDimOp>(op)) {
    int64_t v = ctx.blockDim[dimIndex(bd.getDimension())];
    each([&](int, Cell &o) { o.i = v; });
    return true;
  }
  if (isa<gpu::LaneIdOp>(op)) {
    each([&](int i, Cell &o) { o.i = (ctx.threadBase + i) % 32; });
    return true;
  }
  if (auto sh = dyn_cast<gpu::ShuffleOp>(op)) {
    Lanes src = lanesOf(f, sh.getValue());
    Lanes &off = lanesOf(f, sh.getOffset());
    Lanes &width = lanesOf(f, sh.getWidth());
    Lanes &res = lanesOf(f, sh.getShuffleResult());
    Lanes &valid = lanesOf(f, sh.getValid());
    for (int i = 0; i < W; ++i) {
      if (!mask[i])
        continue;
      if (width[i].i != 32)
        return fail(op, "only width-32 shuffles are modelled");
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
        return fail(op, "shuffles with a lane that is not active");
      res[i] = ok ? src[warpBase + srcLane] : src[i];
      valid[i].i = ok;
    }
    return true;
  }
  if (isa<gpu::BarrierOp>(op)) {
    if (!any())
      return true;
    // Every lane of a warpgroup must reach the block barrier together.
    if (!llvm::all_of(mask, [](char c) { return c; }))
      return fail(op, "a block barrier inside divergent control flow");
    CTA *cta = ctx.cta;
    int64_t gen = cta->barrierGeneration;
    if (++cta->arrived == cta->groups) {
      cta->arrived = 0;
      ++cta->barrierGeneration;
      ++progress;
      changed.notify_all();
      return true;
    }
    return waitFor(
        op, [&] { return cta->barrierGeneration != gen; }, "block barrier");
  }
  if (isa<gpu::ReturnOp>(op))
    return true;
  if (isa<gpu::DynamicSharedMemoryOp>(op)) {
    Obj o;
    o.kind = Obj::Mem;
    o.mem.buf = &ctx.cta->smem;
    o.mem.offset = kDynamicBase;
    o.mem.sizes = {int64_t(ctx.cta->smem.bytes.size()) - kDynamicBase};
    o.mem.strides = {1};
    o.mem.elem = IntegerType::get(op->getContext(), 8);
    f.objs[op->getResult(0)] = o;
    return true;
  }
  if (auto view = dyn_cast<memref::ViewOp>(op)) {
    Obj o = f.objs[view.getSource()];
    int64_t shift = 0;
    if (!uniform(f, view.getByteShift(), mask, shift, op))
      return false;
    MemRefType t = view.getType();
    if (!t.hasStaticShape())
      return fail(op, "dynamic views are not modelled");
    o.mem.offset += shift;
    o.mem.sizes.assign(t.getShape().begin(), t.getShape().end());
    o.mem.strides = rowMajorStrides(o.mem.sizes);
    o.mem.elem = t.getElementType();
    int64_t end = o.mem.offset + t.getNumElements() * elemBytes(o.mem.elem);
    if (end > int64_t(o.mem.buf->bytes.size()))
      return fail(op, llvm::formatv("the view ends {0} bytes past dynamic "
                                    "shared memory",
                                    end - o.mem.buf->bytes.size()));
    f.objs[view.getResult()] = o;
    return true;
  }
  if (auto aa = dyn_cast<memref::AssumeAlignmentOp>(op)) {
    Obj o = f.objs[aa.getMemref()];
    if ((o.mem.buf->address + o.mem.offset) % aa.getAlignment())
      return fail(op, "the buffer is not as aligned as assumed");
    f.objs[aa.getResult()] = o;
    return true;
  }
  if (auto ep = dyn_cast<memref::ExtractAlignedPointerAsIndexOp>(op)) {
    Obj &o = f.objs[ep.getSource()];
    int64_t addr = o.mem.buf->address + o.mem.offset;
    each([&](int, Cell &c) { c.i = addr; });
    return true;
  }
  auto accessIndices = [&](ValueRange indices, int lane) {
    SmallVector<int64_t> idx;
    for (Value v : indices)
      idx.push_back(f.lanes[v][lane].i);
    return idx;
  };
  if (isa<vector::StoreOp, vector::LoadOp, memref::LoadOp, memref::StoreOp>(
          op)) {
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
      return fail(op, "the memref is not a buffer");
    MemRef &m = it->second.mem;
    Lanes *vals = store ? &lanesOf(f, vecValue) : nullptr;
    Lanes *out = store ? nullptr : &lanesOf(f, op->getResult(0));
    bool isVector = !isa<memref::LoadOp, memref::StoreOp>(op);
    bool isFloat = isa<FloatType>(m.elem);
    for (int i = 0; i < W; ++i) {
      if (!mask[i])
        continue;
      uint8_t *p = nullptr;
      if (!address(op, m, accessIndices(indices, i), count, p))
        return false;
      if (align && (m.buf->address + (p - m.buf->bytes.data())) % align)
        return fail(op, llvm::formatv("a {0}-byte aligned access at a "
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

  // mbarriers.
  auto barAddress = [&](Value group, Value id, int lane) {
    return f.objs[group].barAddress + 8 * f.lanes[id][lane].i;
  };
  if (auto create = dyn_cast<nvgpu::MBarrierCreateOp>(op)) {
    CTA *cta = ctx.cta;
    auto [it, inserted] = cta->staticAlloc.try_emplace(op, cta->staticTop);
    if (inserted) {
      int64_t n = create.getBarriers().getType().getNumBarriers();
      cta->staticTop += 8 * n;
      if (cta->staticTop > kDynamicBase)
        return fail(op, "static shared memory exhausted");
    }
    Obj o;
    o.kind = Obj::Bars;
    o.barAddress = it->second;
    f.objs[create.getBarriers()] = o;
    return true;
  }
  if (auto init = dyn_cast<nvgpu::MBarrierInitOp>(op)) {
    for (int i = 0; i < W; ++i) {
      if (!mask[i] ||
          (init.getPredicate() && !f.lanes[init.getPredicate()][i].i))
        continue;
      MBarrier &b =
          ctx.cta
              ->barriers[barAddress(init.getBarriers(), init.getMbarId(), i)];
      b.count = b.pending = f.lanes[init.getCount()][i].i;
      b.tx = b.phase = 0;
      if (b.count <= 0)
        return fail(op, "an mbarrier needs a positive arrival count");
    }
    return true;
  }
  if (auto wait = dyn_cast<nvgpu::MBarrierTryWaitParityOp>(op)) {
    if (!any())
      return true;
    int64_t addr = -1, parity = 0;
    for (int i = 0; i < W; ++i)
      if (mask[i]) {
        addr = barAddress(wait.getBarriers(), wait.getMbarId(), i);
        parity = f.lanes[wait.getPhaseParity()][i].i;
        break;
      }
    MBarrier *b = barrierAt(op, ctx.cta, addr);
    if (!b)
      return false;
    // The phase of parity `parity` has completed when the current phase's
    // parity differs; a fresh barrier counts its phase "-1" (parity 1) done.
    return waitFor(
        op, [&] { return (b->phase & 1) != parity; },
        "mbarrier.try_wait.parity");
  }
  if (auto arrive = dyn_cast<nvgpu::MBarrierArriveExpectTxOp>(op)) {
    for (int i = 0; i < W; ++i) {
      if (!mask[i] ||
          (arrive.getPredicate() && !f.lanes[arrive.getPredicate()][i].i))
        continue;
      MBarrier *b = barrierAt(
          op, ctx.cta, barAddress(arrive.getBarriers(), arrive.getMbarId(), i));
      if (!b)
        return false;
      b->tx += f.lanes[arrive.getTxcount()][i].i;
      if (--b->pending < 0)
        return fail(op, "more arrivals than the mbarrier's count");
      tryComplete(*b);
    }
    return true;
  }
  if (auto arrive = dyn_cast<nvgpu::MBarrierArriveOp>(op)) {
    for (int i = 0; i < W; ++i) {
      if (!mask[i])
        continue;
      MBarrier *b = barrierAt(
          op, ctx.cta, barAddress(arrive.getBarriers(), arrive.getMbarId(), i));
      if (!b)
        return false;
      if (--b->pending < 0)
        return fail(op, "more arrivals than the mbarrier's count");
      tryComplete(*b);
    }
    if (ctx.cta && any())
      yieldToOthers();
    return true;
  }
  if (auto mapa = dyn_cast<NVVM::MapaOp>(op)) {
    Lanes &a = lanesOf(f, mapa.getA()), &r = lanesOf(f, mapa.getB());
    int size = int(ctx.cluster->ctas.size());
    bool bad = false;
    each([&](int i, Cell &o) {
      if (r[i].i < 0 || r[i].i >= size)
        bad = true;
      o.i = kClusterBit | (r[i].i << 32) | (a[i].i & 0xFFFFFFFF);
    });
    return !bad || fail(op, "a block rank outside the cluster");
  }
  if (auto arrive = dyn_cast<NVVM::MBarrierArriveOp>(op)) {
    Lanes &a = lanesOf(f, arrive.getAddr());
    for (int i = 0; i < W; ++i) {
      if (!mask[i])
        continue;
      CTA *cta = ctx.cta;
      int64_t addr = a[i].i;
      if (addr & kClusterBit) {
        cta = ctx.cluster->ctas[(addr >> 32) & 0xFF];
        addr &= 0xFFFFFFFF;
      }
      MBarrier *b = barrierAt(op, cta, addr);
      if (!b)
        return false;
      if (--b->pending < 0)
        return fail(op, "more arrivals than the mbarrier's count");
      tryComplete(*b);
    }
    if (any())
      yieldToOthers();
    return true;
  }
  if (isa<NVVM::ClusterArriveOp, NVVM::ClusterArriveRelaxedOp>(op)) {
    if (!any())
      return true;
    Cluster *cl = ctx.cluster;
    ctx.clusterArrival = cl->generation;
    if (++cl->arrived == cl->groups) {
      cl->arrived = 0;
      ++cl->generation;
      ++progress;
      changed.notify_all();
    }
    return true;
  }
  if (isa<NVVM::ClusterWaitOp>(op)) {
    if (!any())
      return true;
    // Wait until the generation this warpgroup arrived in has closed.
    Cluster *cl = ctx.cluster;
    if (ctx.clusterArrival < 0)
      return fail(op, "cluster.wait without a cluster.arrive");
    int64_t gen = ctx.clusterArrival;
    ctx.clusterArrival = -1;
    return waitFor(
        op, [&] { return cl->generation > gen; }, "cluster barrier");
  }

  // sm_80: cp.async, ldmatrix, mma.sync.
  if (auto copy = dyn_cast<nvgpu::DeviceAsyncCopyOp>(op)) {
    Obj &src = f.objs[copy.getSrc()], &dst = f.objs[copy.getDst()];
    int64_t n = copy.getDstElements().getSExtValue();
    for (int i = 0; i < W; ++i) {
      if (!mask[i])
        continue;
      int64_t srcN = n;
      if (Value se = copy.getSrcElements())
        srcN = f.lanes[se][i].i;
      uint8_t *d = nullptr, *sp = nullptr;
      if (!address(op, dst.mem, accessIndices(copy.getDstIndices(), i), n, d))
        return false;
      if (srcN > 0 &&
          !address(op, src.mem, accessIndices(copy.getSrcIndices(), i), srcN,
                   sp))
        return false;
      int64_t es = elemBytes(dst.mem.elem);
      // Lands at cp.async.wait_group: reading it earlier reads stale data.
      ctx.openCopies.push_back({d, sp, n * es, srcN * es});
    }
    lanesOf(f, copy.getAsyncToken());
    return true;
  }
  if (auto group = dyn_cast<nvgpu::DeviceAsyncCreateGroupOp>(op)) {
    ctx.copyGroups.push_back(std::move(ctx.openCopies));
    ctx.openCopies.clear();
    lanesOf(f, group.getAsyncToken());
    return true;
  }
  if (auto wait = dyn_cast<nvgpu::DeviceAsyncWaitOp>(op)) {
    size_t keep = wait.getNumGroups().value_or(0);
    while (ctx.copyGroups.size() > keep) {
      for (const Context::Copy &c : ctx.copyGroups.front()) {
        std::memset(c.dst, 0, c.bytes);
        if (c.srcBytes)
          std::memcpy(c.dst, c.src, c.srcBytes);
      }
      ctx.copyGroups.pop_front();
    }
    return true;
  }
  if (auto ld = dyn_cast<nvgpu::LdMatrixOp>(op)) {
    if (W % 32 || !llvm::all_of(mask, [](char c) { return c; }))
      return fail(op, "ldmatrix needs every lane of its warps");
    int tiles = ld.getNumTiles();
    bool trans = ld.getTranspose();
    MemRef &m = f.objs[ld.getSrcMemref()].mem;
    Lanes &out = lanesOf(f, ld.getRes());
    // Lane 8*t + r gives the address of row r of 8x8 matrix t.
    std::vector<std::array<double, 8>> rows(W);
    for (int i = 0; i < W; ++i) {
      if (i % 32 >= 8 * tiles)
        continue;
      uint8_t *p = nullptr;
      if (!address(op, m, accessIndices(ld.getIndices(), i), 8, p))
        return false;
      for (int c = 0; c < 8; ++c)
        rows[i][c] = readElem(p + 2 * c, m.elem);
    }
    for (int i = 0; i < W; ++i) {
      int base = i - i % 32, lane = i % 32;
      out[i].v.assign(2 * tiles, 0);
      for (int t = 0; t < tiles; ++t)
        for (int j = 0; j < 2; ++j) {
          int r = lane / 4, c = 2 * (lane % 4) + j;
          out[i].v[2 * t + j] =
              trans ? rows[base + 8 * t + c][r] : rows[base + 8 * t + r][c];
        }
    }
    return true;
  }
  if (isa<nvgpu::MmaSyncOp, NVVM::MmaOp>(op)) {
    // m16n8k16 fragments per lane (g = lane / 4, q = lane % 4):
    // A[i][j] at (g + 8 * (i % 2), 2q + j + 8 * (i / 2)), B[i][j] at
    // (2q + j + 8i, g), C[i][j] at (g + 8i, 2q + j).
    if (W % 32 || !llvm::all_of(mask, [](char c) { return c; }))
      return fail(op, "mma.sync needs every lane of its warps");
    std::vector<std::array<double, 8>> a(W);
    std::vector<std::array<double, 4>> b(W), c(W);
    if (auto mma = dyn_cast<nvgpu::MmaSyncOp>(op)) {
      auto shape = mma.getMmaShapeAsArray();
      if (shape[0] != 16 || shape[1] != 8 || shape[2] != 16)
        return fail(op, "only m16n8k16 is modelled");
      Lanes &la = lanesOf(f, mma.getMatrixA()),
            &lb = lanesOf(f, mma.getMatrixB()),
            &lc = lanesOf(f, mma.getMatrixC());
      for (int i = 0; i < W; ++i) {
        std::copy_n(la[i].v.begin(), 8, a[i].begin());
        std::copy_n(lb[i].v.begin(), 4, b[i].begin());
        std::copy_n(lc[i].v.begin(), 4, c[i].begin());
      }
    } else {
      auto nv = cast<NVVM::MmaOp>(op);
      if (nv.getOperandA().size() != 4 || nv.getOperandB().size() != 2 ||
          nv.getOperandC().size() != 4 ||
          nv.getLayoutA() != NVVM::MMALayout::row ||
          nv.getLayoutB() != NVVM::MMALayout::col)
        return fail(op, "only row x col m16n8k16 with packed 16-bit operands "
                        "is modelled");
      Type e = nv.getMultiplicandAPtxType() == NVVM::MMATypes::bf16
                   ? Type(Builder(op->getContext()).getBF16Type())
                   : Type(Builder(op->getContext()).getF16Type());
      auto unpack = [&](Value v, int i, double *out) {
        int32_t x = int32_t(f.lanes[v][i].i);
        uint8_t bytes[4];
        std::memcpy(bytes, &x, 4);
        out[0] = readElem(bytes, e);
        out[1] = readElem(bytes + 2, e);
      };
      for (int i = 0; i < W; ++i) {
        for (int k = 0; k < 4; ++k)
          unpack(nv.getOperandA()[k], i, &a[i][2 * k]);
        for (int k = 0; k < 2; ++k)
          unpack(nv.getOperandB()[k], i, &b[i][2 * k]);
        for (int k = 0; k < 4; ++k)
          c[i][k] = f.lanes[nv.getOperandC()[k]][i].f;
      }
    }
    stats.mmaSyncs += W / 32;
    Lanes &out = lanesOf(f, op->getResult(0));
    for (int w0 = 0; w0 < W; w0 += 32) {
      double A[16][16], B[16][8];
      for (int l = 0; l < 32; ++l) {
        int g = l / 4, q = l % 4;
        for (int i = 0; i < 4; ++i)
          for (int j = 0; j < 2; ++j)
            A[g + 8 * (i % 2)][2 * q + j + 8 * (i / 2)] = a[w0 + l][2 * i + j];
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 2; ++j)
            B[2 * q + j + 8 * i][g] = b[w0 + l][2 * i + j];
      }
      for (int l = 0; l < 32; ++l) {
        int g = l / 4, q = l % 4;
        out[w0 + l].v.assign(4, 0);
        out[w0 + l].i = 0;
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 2; ++j) {
            double s = 0;
            for (int k = 0; k < 16; ++k)
              s += A[g + 8 * i][k] * B[k][2 * q + j];
            out[w0 + l].v[2 * i + j] = double(float(c[w0 + l][2 * i + j] + s));
          }
      }
    }
    return true;
  }

  // nvgpu warpgroup ops (the data-parallel sm_90a kernel).
  if (auto gen = dyn_cast<nvgpu::WarpgroupGenerateDescriptorOp>(op)) {
    Obj o = f.objs[gen.getTensor()];
    auto map = gen.getTensorMap().getType();
    o.box.assign(map.getTensor().getShape().begin(),
                 map.getTensor().getShape().end());
    o.swizzle128 =
        map.getSwizzle() == nvgpu::TensorMapSwizzleKind::SWIZZLE_128B;
    f.objs[gen.getDescriptor()] = o;
    return true;
  }
  if (auto init = dyn_cast<nvgpu::WarpgroupMmaInitAccumulatorOp>(op)) {
    auto vt = init.getMatrixC().getType().getFragmented();
    int64_t n = vt.getNumElements() / 128;
    each([&](int, Cell &o) {
      o = Cell();
      o.v.assign(n, 0.0);
    });
    return true;
  }
  if (auto mma = dyn_cast<nvgpu::WarpgroupMmaOp>(op))
    return execWarpgroupMma(f, mma, mask);
  if (auto store = dyn_cast<nvgpu::WarpgroupMmaStoreOp>(op)) {
    Lanes &acc = lanesOf(f, store.getMatrixD());
    MemRef &m = f.objs[store.getDstMemref()].mem;
    for (int t = 0; t < W; ++t) {
      if (!mask[t])
        continue;
      if (acc[t].i > ctx.retiredSeq)
        return fail(op, "stores a wgmma accumulator before wgmma.wait_group "
                        "retired the wgmma that writes it");
      // As upstream lowers it: the row comes from the block-wide warp index
      // (thread id / 32), so warpgroup g writes rows 64g.. past the 64 rows
      // of the memref it is given; the kernel's view relies on that.
      int64_t warp = (ctx.threadBase + t) / 32, lane = t % 32;
      int64_t n = int64_t(acc[t].v.size()) * 2, es = elemBytes(m.elem);
      for (int64_t j = 0; j < n / 8; ++j)
        for (int e = 0; e < 4; ++e) {
          auto [row, col] = fragmentPosition(warp, lane, j, e);
          int64_t byte = m.offset + (row * m.strides[0] + col) * es;
          if (byte < 0 || byte + es > int64_t(m.buf->bytes.size()))
            return fail(op, "stores outside shared memory");
          writeElem(m.buf->bytes.data() + byte, m.elem, acc[t].v[4 * j + e]);
        }
    }
    return true;
  }

  // TMA and wgmma.
  if (auto load = dyn_cast<nvgpu::TmaAsyncLoadOp>(op))
    return execTmaLoad(f, load, mask);
  if (auto mma = dyn_cast<NVVM::WgmmaMmaAsyncOp>(op))
    return execWgmma(f, mma, mask);
  if (isa<NVVM::WgmmaGroupSyncAlignedOp>(op)) {
    ctx.committed.push_back({++ctx.committedSeq, std::move(ctx.openReads)});
    ctx.openReads.clear();
    return true;
  }
  if (auto wait = dyn_cast<NVVM::WgmmaWaitGroupSyncOp>(op))
    return retireWgmmas(op, ctx, wait.getGroup());
  if (isa<NVVM::WgmmaFenceAlignedOp, NVVM::SetMaxRegisterOp,
          NVVM::FenceMbarrierInitOp, nvgpu::TmaPrefetchOp>(op) ||
      op->getName().getStringRef().starts_with("nvvm.fence"))
    return true;

  handled = false;
  return true;
}

bool Emulator::execTmaLoad(Frame &f, nvgpu::TmaAsyncLoadOp op,
                           const Mask &mask) {
  Context &ctx = *f.ctx;
  Obj &map = f.objs[op.getTensorMapDescriptor()];
  Obj &dst = f.objs[op.getDst()];
  if (map.kind != Obj::Map)
    return fail(op, "the descriptor is not a tensor map");
  if (map.box.size() != 2 || map.mem.sizes.size() != 2)
    return fail(op, "only 2-D tensor maps are modelled");
  if (ArrayRef<int64_t>(dst.mem.sizes) != ArrayRef<int64_t>(map.box))
    return fail(op, "the destination [" + join(dst.mem.sizes) +
                        "] differs from the tensor map's box [" +
                        join(map.box) + "]");
  int64_t rows = map.box[0], cols = map.box[1];
  int64_t es = elemBytes(map.mem.elem);
  if (map.swizzle128 && cols * es != 128)
    return fail(op, "128-byte swizzle with an inner box other than 128 bytes");
  int64_t dstAddr = dst.mem.offset;
  if (dstAddr % 128)
    return fail(op, "TMA destination not 128-byte aligned");
  for (int i = 0; i < ctx.width; ++i) {
    if (!mask[i] || (op.getPredicate() && !f.lanes[op.getPredicate()][i].i))
      continue;
    ++stats.tmaLoads;
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
        return fail(op, "a multicast mask names blocks outside the cluster");
    } else {
      targets.push_back(ctx.cta);
    }
    for (CTA *t : targets) {
      uint8_t *base = nullptr;
      if (!sharedPtr(op, t, dstAddr, rows * cols * es, base) ||
          !barrierAt(op, t, barAddr))
        return false;
      inflight.push_back({op, t, map, dstAddr, row0, col0, barAddr});
    }
  }
  return true;
}

/// wgmma.wait_group `keep`: retires the oldest groups, checking that the
/// shared memory they read is unchanged.
bool Emulator::retireWgmmas(Operation *op, Context &ctx, size_t keep) {
  while (ctx.committed.size() > keep) {
    WgmmaGroup &g = ctx.committed.front();
    for (auto [addr, bits] : g.reads) {
      uint16_t now;
      std::memcpy(&now, ctx.cta->smem.bytes.data() + addr, 2);
      if (now != bits)
        return fail(
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

/// Reads a 16-bit wgmma operand at shared address `addr` (swizzle applied)
/// and records it for the check when its group retires.
bool Emulator::readOperand(Operation *op, Context &ctx, int64_t addr, Type t,
                           double &out) {
  uint8_t *p = nullptr;
  if (!sharedPtr(op, ctx.cta, addr, 2, p))
    return false;
  uint16_t bits;
  std::memcpy(&bits, p, 2);
  ctx.openReads.push_back({addr, bits});
  out = readElem(p, t);
  return true;
}

/// The warpgroup's m64nN accumulator fragments of C + A * B (A is 64 x k, B
/// is k x n, row-major; no C: zero), rounded to f32 after every k16 step as
/// the wgmmas accumulate. They belong to the group the next commit closes.
Lanes Emulator::multiplyFragments(Context &ctx, ArrayRef<double> a,
                                  ArrayRef<double> b, int64_t k, int64_t n,
                                  const Lanes *c) {
  Lanes d(128);
  for (int t = 0; t < 128; ++t) {
    Cell &out = d[t];
    out.v.resize(n / 2);
    out.i = ctx.committedSeq + 1;
    for (int64_t j = 0; j < n / 8; ++j)
      for (int e = 0; e < 4; ++e) {
        auto [row, col] = fragmentPosition(t / 32, t % 32, j, e);
        double acc = c ? (*c)[t].v[4 * j + e] : 0.0;
        for (int64_t k0 = 0; k0 < k; k0 += 16) {
          double s = 0;
          for (int64_t kk = k0; kk < k0 + 16; ++kk)
            s += a[row * k + kk] * b[kk * n + col];
          acc = double(float(acc + s));
        }
        out.v[4 * j + e] = acc;
      }
  }
  return d;
}

/// nvgpu.warpgroup.mma as upstream lowers it: fence, the wgmmas of the whole
/// tile, commit, wait_group(waitGroup). Operands are the shared-memory tiles
/// as TMA placed them: boxes of the tensor map's shape side by side along
/// the inner dimension, each 128-byte swizzled.
bool Emulator::execWarpgroupMma(Frame &f, nvgpu::WarpgroupMmaOp op,
                                const Mask &mask) {
  Context &ctx = *f.ctx;
  if (ctx.width != 128 || !llvm::all_of(mask, [](char c) { return c; }))
    return fail(op, "wgmma needs all 128 threads of a warpgroup");
  if (op.getTransposeA().value_or(false) || !op.getTransposeB().value_or(false))
    return fail(op, "only a K-major lhs and a transposed (MN-major) rhs are "
                    "modelled");
  Obj &a = f.objs[op.getDescriptorA()], &b = f.objs[op.getDescriptorB()];
  if (!a.swizzle128 || !b.swizzle128)
    return fail(op, "only 128-byte-swizzled tiles are modelled");
  int64_t M = a.mem.sizes[0], K = a.mem.sizes[1], N = b.mem.sizes[1];
  if (M != 64 || b.mem.sizes[0] != K || K % 16)
    return fail(op, "only 64-row tiles per warpgroup are modelled");
  ++stats.wgmmas;
  auto element = [&](Obj &o, int64_t r, int64_t c, double &out) {
    int64_t es = elemBytes(o.mem.elem), R = o.mem.sizes[0], bC = o.box[1];
    return readOperand(op, ctx,
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
  lanesOf(f, op.getMatrixD()) =
      multiplyFragments(ctx, A, B, K, N, &lanesOf(f, op.getMatrixC()));
  ctx.committed.push_back({++ctx.committedSeq, std::move(ctx.openReads)});
  ctx.openReads.clear();
  return retireWgmmas(op, ctx, op.getWaitGroup());
}

bool Emulator::land(const PendingLoad &load) {
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
  MBarrier *b = barrierAt(load.op, load.target, load.barAddr);
  if (!b)
    return false;
  b->tx -= rows * cols * es;
  tryComplete(*b);
  return true;
}

bool Emulator::execWgmma(Frame &f, NVVM::WgmmaMmaAsyncOp op, const Mask &mask) {
  Context &ctx = *f.ctx;
  if (ctx.width != 128 || !llvm::all_of(mask, [](char c) { return c; }))
    return fail(op, "wgmma needs all 128 threads of a warpgroup");
  ++stats.wgmmas;
  int64_t descA = 0, descB = 0;
  if (!uniform(f, op.getDescriptorA(), mask, descA, op) ||
      !uniform(f, op.getDescriptorB(), mask, descB, op))
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
    return fail(op, "only m64nNk16 with f16/bf16 operands and f32 "
                    "accumulators is modelled");
  struct Desc {
    int64_t start, lbo, sbo;
  };
  auto decode = [&](int64_t d, Desc &out) {
    out.start = (d & 0x3FFF) << 4;
    out.lbo = ((d >> 16) & 0x3FFF) << 4;
    out.sbo = ((d >> 32) & 0x3FFF) << 4;
    if (((d >> 49) & 7) != 0 || ((uint64_t(d) >> 62) & 3) != 1)
      return fail(op, "only 128-byte-swizzled descriptors with base offset "
                      "0 are modelled");
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
    if (!readOperand(op, ctx, swizzle128(a), t, x))
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
  if (aborted)
    return false;
  if (!ok)
    return fail(op, "a K-major operand walks past its 128-byte swizzle row");
  bool accumulate = op.getScaleD() == NVVM::WGMMAScaleOut::one;
  lanesOf(f, op.getResult()) = multiplyFragments(
      ctx, A, B, K, N, accumulate ? &lanesOf(f, op.getInouts()) : nullptr);
  return true;
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
