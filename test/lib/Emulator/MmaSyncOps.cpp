//===- MmaSyncOps.cpp - The emulator's sm_80 copy and mma.sync ops --------===//
//
// The warp-level TensorCore path of sm_80 (also what sm_90 runs): cp.async
// copies that land only when cp.async.wait_group retires their group (so a
// stage read before its wait reads stale data), ldmatrix (with .trans) and
// mma.sync m16n8k16, both nvgpu.mma.sync and the nvvm.mma.sync it lowers to
// (operands packed two 16-bit values per i32), with the PTX fragment
// layouts. They need every lane of their warps.
//
//===----------------------------------------------------------------------===//

#include "EmulatorState.h"

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"

#include <array>

using namespace mlir;
using namespace mlir::stl::test::emulator;

static bool asyncCopy(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto copy = cast<nvgpu::DeviceAsyncCopyOp>(op);
  Context &ctx = *f.ctx;
  Obj &src = f.objs[copy.getSrc()], &dst = f.objs[copy.getDst()];
  int64_t n = copy.getDstElements().getSExtValue();
  for (int i = 0; i < ctx.width; ++i) {
    if (!mask[i])
      continue;
    int64_t srcN = n;
    if (Value se = copy.getSrcElements())
      srcN = f.lanes[se][i].i;
    uint8_t *d = nullptr, *sp = nullptr;
    if (!em.address(op, dst.mem, laneIndices(f, copy.getDstIndices(), i), n, d))
      return false;
    if (srcN > 0 &&
        !em.address(op, src.mem, laneIndices(f, copy.getSrcIndices(), i), srcN,
                    sp))
      return false;
    int64_t es = elemBytes(dst.mem.elem);
    // Lands at cp.async.wait_group: reading it earlier reads stale data.
    ctx.openCopies.push_back({d, sp, n * es, srcN * es});
  }
  em.lanesOf(f, copy.getAsyncToken());
  return true;
}

static bool asyncCreateGroup(Emulator &em, Frame &f, Operation *op,
                             const Mask &) {
  Context &ctx = *f.ctx;
  ctx.copyGroups.push_back(std::move(ctx.openCopies));
  ctx.openCopies.clear();
  em.lanesOf(f, cast<nvgpu::DeviceAsyncCreateGroupOp>(op).getAsyncToken());
  return true;
}

static bool asyncWait(Emulator &, Frame &f, Operation *op, const Mask &) {
  Context &ctx = *f.ctx;
  size_t keep = cast<nvgpu::DeviceAsyncWaitOp>(op).getNumGroups().value_or(0);
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

static bool ldMatrix(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  auto ld = cast<nvgpu::LdMatrixOp>(op);
  int W = f.ctx->width;
  if (W % 32 || !allActive(mask))
    return em.fail(op, "ldmatrix needs every lane of its warps");
  int tiles = ld.getNumTiles();
  bool trans = ld.getTranspose();
  MemRef &m = f.objs[ld.getSrcMemref()].mem;
  Lanes &out = em.lanesOf(f, ld.getRes());
  // Lane 8*t + r gives the address of row r of 8x8 matrix t.
  std::vector<std::array<double, 8>> rows(W);
  for (int i = 0; i < W; ++i) {
    if (i % 32 >= 8 * tiles)
      continue;
    uint8_t *p = nullptr;
    if (!em.address(op, m, laneIndices(f, ld.getIndices(), i), 8, p))
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

/// m16n8k16 fragments per lane (g = lane / 4, q = lane % 4):
/// A[i][j] at (g + 8 * (i % 2), 2q + j + 8 * (i / 2)), B[i][j] at
/// (2q + j + 8i, g), C[i][j] at (g + 8i, 2q + j).
static bool mmaSync(Emulator &em, Frame &f, Operation *op, const Mask &mask) {
  int W = f.ctx->width;
  if (W % 32 || !allActive(mask))
    return em.fail(op, "mma.sync needs every lane of its warps");
  std::vector<std::array<double, 8>> a(W);
  std::vector<std::array<double, 4>> b(W), c(W);
  if (auto mma = dyn_cast<nvgpu::MmaSyncOp>(op)) {
    auto shape = mma.getMmaShapeAsArray();
    if (shape[0] != 16 || shape[1] != 8 || shape[2] != 16)
      return em.fail(op, "only m16n8k16 is modelled");
    Lanes &la = em.lanesOf(f, mma.getMatrixA()),
          &lb = em.lanesOf(f, mma.getMatrixB()),
          &lc = em.lanesOf(f, mma.getMatrixC());
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
      return em.fail(op, "only row x col m16n8k16 with packed 16-bit "
                         "operands is modelled");
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
  em.stats.mmaSyncs += W / 32;
  Lanes &out = em.lanesOf(f, op->getResult(0));
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

void mlir::stl::test::emulator::registerMmaSyncHandlers(HandlerTable &table) {
  addHandler<nvgpu::DeviceAsyncCopyOp>(table, asyncCopy);
  addHandler<nvgpu::DeviceAsyncCreateGroupOp>(table, asyncCreateGroup);
  addHandler<nvgpu::DeviceAsyncWaitOp>(table, asyncWait);
  addHandler<nvgpu::LdMatrixOp>(table, ldMatrix);
  addHandler<nvgpu::MmaSyncOp, NVVM::MmaOp>(table, mmaSync);
}
