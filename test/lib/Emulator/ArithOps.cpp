//===- ArithOps.cpp - The emulator's arith, vector and LLVM value ops -----===//
//
// The ops that compute per-lane values without touching memory: arith
// (integers are kept sign-extended to their width, floats rounded to their
// type after every op), vector (a lane's elements live in Cell::v, row-major)
// and the LLVM ops the lowered kernels use on values: the wgmma accumulator
// structs (undef, extractvalue, insertvalue), the vector<2x16-bit> <-> i32
// bitcasts of the mma.sync operands, and pointer <-> integer casts. They run
// on the host and in kernels alike.
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::stl::test::emulator;

/// The integer width of `op`'s result (64 for indices, floats, pointers).
static unsigned resultWidth(Operation *op) {
  return op->getNumResults() == 1 ? bitWidth(op->getResult(0).getType()) : 64;
}

static bool constantValue(Emulator &em, Frame &f, Operation *op, const Mask &) {
  Attribute value = cast<arith::ConstantOp>(op).getValue();
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
    return em.fail(op, "unsupported constant");
  Lanes &out = em.lanesOf(f, op->getResult(0));
  for (int i = 0; i < f.ctx->width; ++i)
    out[i] = cell;
  return true;
}

//===----------------------------------------------------------------------===//
// Binary integer and float ops
//===----------------------------------------------------------------------===//

// Signed (or sign-agnostic) integer ops on sign-extended values; the
// handler truncates the result to its width.
static int64_t addI(int64_t a, int64_t b) {
  return int64_t(uint64_t(a) + uint64_t(b));
}
static int64_t subI(int64_t a, int64_t b) {
  return int64_t(uint64_t(a) - uint64_t(b));
}
static int64_t mulI(int64_t a, int64_t b) {
  return int64_t(uint64_t(a) * uint64_t(b));
}
static int64_t andI(int64_t a, int64_t b) { return a & b; }
static int64_t orI(int64_t a, int64_t b) { return a | b; }
static int64_t xorI(int64_t a, int64_t b) { return a ^ b; }
static int64_t minSI(int64_t a, int64_t b) { return std::min(a, b); }
static int64_t maxSI(int64_t a, int64_t b) { return std::max(a, b); }
static int64_t shlI(int64_t a, int64_t b) {
  return b >= 64 ? 0 : int64_t(uint64_t(a) << b);
}
static int64_t shrSI(int64_t a, int64_t b) {
  return a >> std::min<int64_t>(b, 63);
}

template <int64_t (*Fn)(int64_t, int64_t)>
static bool binaryInt(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  unsigned w = resultWidth(op);
  Lanes &a = em.lanesOf(f, op->getOperand(0)),
        &b = em.lanesOf(f, op->getOperand(1));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    o.i = normInt(Fn(a[i].i, b[i].i), w);
  });
  return true;
}

// Unsigned ops on the operands zero-extended from their width; `ok` turns
// false on a division by zero.
static uint64_t divUI(uint64_t a, uint64_t b, bool &ok) {
  if (!b) {
    ok = false;
    return 0;
  }
  return a / b;
}
static uint64_t remUI(uint64_t a, uint64_t b, bool &ok) {
  if (!b) {
    ok = false;
    return 0;
  }
  return a % b;
}
static uint64_t minUI(uint64_t a, uint64_t b, bool &) { return std::min(a, b); }
static uint64_t maxUI(uint64_t a, uint64_t b, bool &) { return std::max(a, b); }
static uint64_t shrUI(uint64_t a, uint64_t b, bool &) {
  return b >= 64 ? 0 : a >> b;
}

template <uint64_t (*Fn)(uint64_t, uint64_t, bool &)>
static bool binaryUnsigned(Emulator &em, Frame &f, Operation *op,
                           const Mask &mask) {
  unsigned w = resultWidth(op);
  Lanes &a = em.lanesOf(f, op->getOperand(0)),
        &b = em.lanesOf(f, op->getOperand(1));
  bool ok = true;
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    uint64_t x = asUnsigned(a[i].i, w), y = asUnsigned(b[i].i, w);
    o.i = normInt(int64_t(Fn(x, y, ok)), w);
  });
  return ok || em.fail(op, "division by zero");
}

static bool divRemSI(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  bool rem = isa<arith::RemSIOp>(op);
  unsigned w = resultWidth(op);
  Lanes &a = em.lanesOf(f, op->getOperand(0)),
        &b = em.lanesOf(f, op->getOperand(1));
  bool zero = false;
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    if (b[i].i == 0) {
      zero = true;
      return;
    }
    o.i = normInt(rem ? a[i].i % b[i].i : a[i].i / b[i].i, w);
  });
  return !zero || em.fail(op, "division by zero");
}

static double addF(double a, double b) { return a + b; }
static double subF(double a, double b) { return a - b; }
static double mulF(double a, double b) { return a * b; }
static double maxF(double a, double b) { return std::max(a, b); }

template <double (*Fn)(double, double)>
static bool binaryFloat(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  Type resultType = op->getResult(0).getType();
  Lanes &a = em.lanesOf(f, op->getOperand(0)),
        &b = em.lanesOf(f, op->getOperand(1));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    o.f = roundTo(resultType, Fn(a[i].f, b[i].f));
  });
  return true;
}

//===----------------------------------------------------------------------===//
// Comparisons, select, casts
//===----------------------------------------------------------------------===//

static bool cmpI(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto cmp = cast<arith::CmpIOp>(op);
  unsigned ow = bitWidth(cmp.getLhs().getType());
  Lanes &a = em.lanesOf(f, op->getOperand(0)),
        &b = em.lanesOf(f, op->getOperand(1));
  auto pred = cmp.getPredicate();
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
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

static bool cmpF(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  Lanes &a = em.lanesOf(f, op->getOperand(0)),
        &b = em.lanesOf(f, op->getOperand(1));
  auto pred = cast<arith::CmpFOp>(op).getPredicate();
  bool ok = true;
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
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
  return ok || em.fail(op, "unsupported predicate");
}

static bool selectValue(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  Lanes &c = em.lanesOf(f, op->getOperand(0)),
        &a = em.lanesOf(f, op->getOperand(1)),
        &b = em.lanesOf(f, op->getOperand(2));
  if (f.objs.count(op->getOperand(1)))
    return em.fail(op, "a select between buffers");
  em.eachResultLane(f, op, mask,
                    [&](int i, Cell &o) { o = c[i].i ? a[i] : b[i]; });
  return true;
}

static bool signedCast(Emulator &em, Frame &f, Operation *op,
                       const Mask &mask) {
  unsigned w = resultWidth(op);
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask,
                    [&](int i, Cell &o) { o.i = normInt(a[i].i, w); });
  return true;
}

static bool unsignedCast(Emulator &em, Frame &f, Operation *op,
                         const Mask &mask) {
  unsigned w = resultWidth(op);
  unsigned iw = bitWidth(op->getOperand(0).getType());
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    o.i = normInt(int64_t(asUnsigned(a[i].i, iw)), w);
  });
  return true;
}

static bool floatCast(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  Type resultType = op->getResult(0).getType();
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  if (auto vt = dyn_cast<VectorType>(resultType)) {
    Type e = vt.getElementType();
    em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
      o.v = a[i].v;
      for (double &x : o.v)
        x = roundTo(e, x);
    });
  } else {
    em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
      o.f = roundTo(resultType, a[i].f);
    });
  }
  return true;
}

static bool siToFP(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  Type resultType = op->getResult(0).getType();
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    o.f = roundTo(resultType, double(a[i].i));
  });
  return true;
}

static bool negF(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) { o.f = -a[i].f; });
  return true;
}

//===----------------------------------------------------------------------===//
// Vectors
//===----------------------------------------------------------------------===//

static bool vectorFromElements(Emulator &em, Frame &f, Operation *op,
                               const Mask &mask) {
  auto fe = cast<vector::FromElementsOp>(op);
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    o.v.clear();
    for (Value e : fe.getElements())
      o.v.push_back(f.lanes[e][i].f);
  });
  return true;
}

/// The flat offset and element count of a static position in `vt`:
/// row-major elements, so the position selects a contiguous slice.
static std::pair<int64_t, int64_t> slicePosition(VectorType vt,
                                                 ArrayRef<int64_t> position) {
  int64_t offset = 0, stride = vt.getNumElements();
  for (auto [d, p] : llvm::enumerate(position)) {
    stride /= vt.getDimSize(d);
    offset += p * stride;
  }
  return {offset, stride};
}

static bool vectorExtract(Emulator &em, Frame &f, Operation *op,
                          const Mask &mask) {
  auto ex = cast<vector::ExtractOp>(op);
  if (ex.hasDynamicPosition())
    return em.fail(op, "dynamic extract positions are not modelled");
  auto [offset, stride] =
      slicePosition(ex.getSourceVectorType(), ex.getStaticPosition());
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  bool scalar = !isa<VectorType>(ex.getType());
  em.eachResultLane(
      f, op, mask, [&, offset = offset, stride = stride](int i, Cell &o) {
        if (scalar)
          o.f = a[i].v[offset];
        else
          o.v.assign(a[i].v.begin() + offset, a[i].v.begin() + offset + stride);
      });
  return true;
}

static bool vectorInsert(Emulator &em, Frame &f, Operation *op,
                         const Mask &mask) {
  auto ins = cast<vector::InsertOp>(op);
  if (ins.hasDynamicPosition())
    return em.fail(op, "dynamic insert positions are not modelled");
  auto vt = ins.getDestVectorType();
  auto [offset, stride] = slicePosition(vt, ins.getStaticPosition());
  Lanes item = em.lanesOf(f, ins.getValueToStore()),
        dest = em.lanesOf(f, op->getOperand(1));
  bool scalar = !isa<VectorType>(ins.getValueToStoreType());
  em.eachResultLane(
      f, op, mask, [&, offset = offset, stride = stride](int i, Cell &o) {
        o.v = dest[i].v;
        o.v.resize(vt.getNumElements());
        if (scalar)
          o.v[offset] = item[i].f;
        else
          std::copy_n(item[i].v.begin(), stride, o.v.begin() + offset);
      });
  return true;
}

static bool vectorToElements(Emulator &em, Frame &f, Operation *op,
                             const Mask &mask) {
  Lanes a = em.lanesOf(f, op->getOperand(0));
  for (auto [k, r] : llvm::enumerate(op->getResults())) {
    Lanes &out = em.lanesOf(f, r);
    for (int i = 0; i < f.ctx->width; ++i)
      if (mask[i])
        out[i].f = a[i].v[k];
  }
  return true;
}

static bool vectorBroadcast(Emulator &em, Frame &f, Operation *op,
                            const Mask &mask) {
  int64_t n = cast<VectorType>(op->getResult(0).getType()).getNumElements();
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask,
                    [&](int i, Cell &o) { o.v.assign(n, a[i].f); });
  return true;
}

//===----------------------------------------------------------------------===//
// LLVM values: bitcasts, accumulator structs, pointers
//===----------------------------------------------------------------------===//

/// vector<2xbf16/f16> <-> i32, as the nvvm.mma.sync operands need.
static bool bitcastPair(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  auto bc = cast<LLVM::BitcastOp>(op);
  auto vt = dyn_cast<VectorType>(bc.getArg().getType());
  auto rt = dyn_cast<VectorType>(bc.getType());
  Type e = vt ? vt.getElementType() : rt ? rt.getElementType() : Type();
  if (!e || !(e.isF16() || e.isBF16()) ||
      (vt ? vt.getNumElements() : rt.getNumElements()) != 2)
    return em.fail(op, "only vector<2xf16/bf16> <-> i32 bitcasts are modelled");
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
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

static bool undefStruct(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  auto st = dyn_cast<LLVM::LLVMStructType>(op->getResult(0).getType());
  size_t n = st ? st.getBody().size() : 0;
  em.eachResultLane(f, op, mask, [&](int, Cell &o) {
    o = Cell();
    o.v.assign(n, std::numeric_limits<double>::quiet_NaN());
  });
  return true;
}

/// An accumulator struct's Cell::i is the sequence number of the wgmma
/// group that writes it: reading it before that group retired is an error.
static bool extractValue(Emulator &em, Frame &f, Operation *op,
                         const Mask &mask) {
  auto ev = cast<LLVM::ExtractValueOp>(op);
  if (ev.getPosition().size() != 1)
    return em.fail(op, "nested struct positions");
  int64_t p = ev.getPosition()[0];
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  bool early = false;
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    if (a[i].i > f.ctx->retiredSeq)
      early = true;
    o.f = a[i].v[p];
  });
  if (early)
    return em.fail(op, "reads a wgmma accumulator before "
                       "wgmma.wait_group retired the wgmma that writes it");
  return true;
}

static bool insertValue(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  int64_t p = cast<LLVM::InsertValueOp>(op).getPosition()[0];
  Lanes &s = em.lanesOf(f, op->getOperand(0)),
        &x = em.lanesOf(f, op->getOperand(1));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) {
    o = s[i];
    o.v[p] = x[i].f;
  });
  return true;
}

static bool pointerCast(Emulator &em, Frame &f, Operation *op,
                        const Mask &mask) {
  Lanes &a = em.lanesOf(f, op->getOperand(0));
  em.eachResultLane(f, op, mask, [&](int i, Cell &o) { o.i = a[i].i; });
  return true;
}

void mlir::stl::test::emulator::registerArithHandlers(HandlerTable &table) {
  addHandler<arith::ConstantOp>(table, constantValue);
  addHandler<arith::AddIOp>(table, binaryInt<addI>);
  addHandler<arith::SubIOp>(table, binaryInt<subI>);
  addHandler<arith::MulIOp>(table, binaryInt<mulI>);
  addHandler<arith::AndIOp>(table, binaryInt<andI>);
  addHandler<arith::OrIOp>(table, binaryInt<orI>);
  addHandler<arith::XOrIOp>(table, binaryInt<xorI>);
  addHandler<arith::MinSIOp>(table, binaryInt<minSI>);
  addHandler<arith::MaxSIOp>(table, binaryInt<maxSI>);
  addHandler<arith::ShLIOp>(table, binaryInt<shlI>);
  addHandler<arith::ShRSIOp>(table, binaryInt<shrSI>);
  addHandler<arith::DivSIOp, arith::RemSIOp>(table, divRemSI);
  addHandler<arith::DivUIOp>(table, binaryUnsigned<divUI>);
  addHandler<arith::RemUIOp>(table, binaryUnsigned<remUI>);
  addHandler<arith::MinUIOp>(table, binaryUnsigned<minUI>);
  addHandler<arith::MaxUIOp>(table, binaryUnsigned<maxUI>);
  addHandler<arith::ShRUIOp>(table, binaryUnsigned<shrUI>);
  addHandler<arith::CmpIOp>(table, cmpI);
  addHandler<arith::CmpFOp>(table, cmpF);
  addHandler<arith::SelectOp>(table, selectValue);
  addHandler<arith::IndexCastOp, arith::ExtSIOp, arith::TruncIOp>(table,
                                                                  signedCast);
  addHandler<arith::IndexCastUIOp, arith::ExtUIOp>(table, unsignedCast);
  addHandler<arith::AddFOp>(table, binaryFloat<addF>);
  addHandler<arith::SubFOp>(table, binaryFloat<subF>);
  addHandler<arith::MulFOp>(table, binaryFloat<mulF>);
  addHandler<arith::MaximumFOp, arith::MaxNumFOp>(table, binaryFloat<maxF>);
  addHandler<arith::TruncFOp, arith::ExtFOp>(table, floatCast);
  addHandler<arith::SIToFPOp>(table, siToFP);
  addHandler<arith::NegFOp>(table, negF);

  addHandler<vector::FromElementsOp>(table, vectorFromElements);
  addHandler<vector::ExtractOp>(table, vectorExtract);
  addHandler<vector::InsertOp>(table, vectorInsert);
  addHandler<vector::ToElementsOp>(table, vectorToElements);
  addHandler<vector::BroadcastOp>(table, vectorBroadcast);

  addHandler<LLVM::BitcastOp>(table, bitcastPair);
  addHandler<LLVM::UndefOp>(table, undefStruct);
  addHandler<LLVM::ExtractValueOp>(table, extractValue);
  addHandler<LLVM::InsertValueOp>(table, insertValue);
  addHandler<LLVM::IntToPtrOp, LLVM::PtrToIntOp>(table, pointerCast);
}
