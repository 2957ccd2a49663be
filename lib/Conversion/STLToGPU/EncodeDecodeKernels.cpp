//===- EncodeDecodeKernels.cpp - stl.encode / stl.decode kernels ----------===//
//
// Both kernels stream their operand once: one thread per tile position
// (consecutive threads = consecutive tiles along the row, so the tile rows
// that a warp reads and the coefficients it writes are contiguous), the
// scheme's coefficients are immediates and zero coefficients cost nothing.
//
// Not vectorized yet: each thread loads and stores scalars (a tile row of a
// 2x2 or 4x4 scheme is only 4 to 8 bytes of f16, but 128-bit accesses would
// still save instructions).
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::stl;
using namespace mlir::stl::gpu_codegen;

/// Threads per block of the streaming kernels.
static constexpr int64_t kStreamBlock = 128;
/// Largest grid extent along y and z.
static constexpr int64_t kMaxGridYZ = 65535;

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The float type the kernels compute in: f32 for 16- and 32-bit floats, f64
/// when either side is f64.
static Type computeType(Type a, Type b) {
  if (a.isF64() || b.isF64())
    return Float64Type::get(a.getContext());
  return Float32Type::get(a.getContext());
}

/// sum_i coeffs[i] * values[i] in `type`, skipping zero coefficients and
/// multiplying only by coefficients other than +-1. Returns zero if every
/// coefficient is zero. `initial` (may be null) is added first.
static Value linearCombination(KernelBuilder &b, ArrayRef<double> coeffs,
                               ArrayRef<Value> values, Value initial,
                               Type type) {
  Value acc = initial;
  for (auto [c, v] : llvm::zip_equal(coeffs, values)) {
    if (c == 0.0)
      continue;
    if (!acc) {
      if (c == 1.0) {
        acc = v;
      } else {
        Value cst = arith::ConstantOp::create(b, b.getFloatAttr(type, c));
        acc = arith::MulFOp::create(b, cst, v);
      }
      continue;
    }
    if (c == 1.0) {
      acc = arith::AddFOp::create(b, acc, v);
    } else if (c == -1.0) {
      acc = arith::SubFOp::create(b, acc, v);
    } else {
      Value cst = arith::ConstantOp::create(b, b.getFloatAttr(type, c));
      acc = arith::AddFOp::create(b, acc, arith::MulFOp::create(b, cst, v));
    }
  }
  if (!acc)
    acc = arith::ConstantOp::create(b, b.getFloatAttr(type, 0.0));
  return acc;
}

/// Emits `body(I)` for every row-tile index I handled by this block:
/// I = blockIdx.y, blockIdx.y + gridDim.y, ... < `count` (a grid-stride loop
/// when `count` exceeds the grid's y extent `gridY`).
static void forEachRowTile(KernelBuilder &b, int64_t count, int64_t gridY,
                           function_ref<void(Value)> body) {
  Value first = b.blockId(gpu::Dimension::y);
  if (count == gridY) {
    body(first);
    return;
  }
  auto loop = scf::ForOp::create(b, first, b.index(count), b.index(gridY));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  body(loop.getInductionVar());
}

/// Runs `body` under `cond` (scf.if without results), or directly if `cond`
/// is null.
static void guarded(KernelBuilder &b, Value cond, function_ref<void()> body) {
  if (!cond) {
    body();
    return;
  }
  auto ifOp = scf::IfOp::create(b, cond, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  body();
}

static Value andOpt(KernelBuilder &b, Value a, Value c) {
  if (!a)
    return c;
  if (!c)
    return a;
  return b.andi(a, c);
}

KernelLaunch mlir::stl::gpu_codegen::buildEncodeKernel(
    KernelModuleBuilder &kernels, Location loc, const EncodeKernelSpec &spec) {
  SchemeAttr scheme = spec.scheme;
  bool lhs = spec.side == Side::lhs;
  int64_t tr = lhs ? scheme.getM() : scheme.getK();
  int64_t tc = lhs ? scheme.getK() : scheme.getN();
  int64_t r = scheme.getRank();
  int64_t tiles = spec.rows / tr, tileCols = spec.cols / tc;
  int64_t outRows = spec.outTileRows, outCols = spec.outTileCols;

  MemRefType inType =
      globalMemRef({spec.batch, spec.inRows, spec.inCols}, spec.inType);
  MemRefType outType =
      globalMemRef({spec.batch, r, outRows, outCols}, spec.outType);

  KernelLaunch launch;
  launch.block = {kStreamBlock, 1, 1};
  launch.grid = {ceilDiv(outCols, kStreamBlock), std::min(outRows, kMaxGridYZ),
                 spec.batch};
  launch.kernel =
      kernels.createKernel((Twine("stl_encode_") + (lhs ? "lhs" : "rhs")).str(),
                           {inType, outType}, launch.block);

  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value in = func.getArgument(0), out = func.getArgument(1);
  Type ct = computeType(spec.inType, spec.outType);
  bool padsOutput = outRows > tiles || outCols > tileCols;

  Value batch = b.blockId(gpu::Dimension::z);
  Value tileCol = b.add(b.mul(b.blockId(gpu::Dimension::x), kStreamBlock),
                        b.threadId(gpu::Dimension::x));
  Value inGrid = outCols % kStreamBlock ? b.ult(tileCol, outCols) : Value();
  guarded(b, inGrid, [&] {
    forEachRowTile(b, outRows, launch.grid[1], [&](Value tileRow) {
      Value inside;
      if (padsOutput)
        inside = b.andi(b.ult(tileRow, tiles), b.ult(tileCol, tileCols));
      auto computeAndStore = [&] {
        // Load the tile once; out-of-range elements of a fused input pad
        // read as zero.
        SmallVector<Value> x;
        Value zero = arith::ConstantOp::create(b, b.getFloatAttr(ct, 0.0));
        for (int64_t a = 0; a < tr; ++a) {
          for (int64_t c = 0; c < tc; ++c) {
            Value row = b.add(b.mul(tileRow, tr), a);
            Value col = b.add(b.mul(tileCol, tc), c);
            Value ok;
            if (spec.inRows < spec.rows)
              ok = b.ult(row, spec.inRows);
            if (spec.inCols < spec.cols)
              ok = andOpt(b, ok, b.ult(col, spec.inCols));
            if (!ok) {
              Value v =
                  memref::LoadOp::create(b, in, ValueRange{batch, row, col});
              x.push_back(b.convertFloat(v, ct));
              continue;
            }
            auto ifOp = scf::IfOp::create(b, TypeRange{ct}, ok, true);
            {
              OpBuilder::InsertionGuard g(b);
              b.setInsertionPointToStart(&ifOp.getThenRegion().front());
              Value v =
                  memref::LoadOp::create(b, in, ValueRange{batch, row, col});
              scf::YieldOp::create(b, b.convertFloat(v, ct));
              b.setInsertionPointToStart(&ifOp.getElseRegion().front());
              scf::YieldOp::create(b, zero);
            }
            x.push_back(ifOp.getResult(0));
          }
        }
        ArrayRef<double> coeffs =
            lhs ? scheme.getUCoefficients() : scheme.getVCoefficients();
        for (int64_t l = 0; l < r; ++l) {
          Value v = linearCombination(b, coeffs.slice(l * tr * tc, tr * tc), x,
                                      Value(), ct);
          memref::StoreOp::create(
              b, b.convertFloat(v, spec.outType), out,
              ValueRange{batch, b.index(l), tileRow, tileCol});
        }
      };
      if (!inside) {
        computeAndStore();
        return;
      }
      auto ifOp = scf::IfOp::create(b, inside, /*withElseRegion=*/true);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(&ifOp.getThenRegion().front());
      computeAndStore();
      // Tiles of a fused result pad are zero.
      b.setInsertionPointToStart(&ifOp.getElseRegion().front());
      Value zero =
          arith::ConstantOp::create(b, b.getFloatAttr(spec.outType, 0.0));
      for (int64_t l = 0; l < r; ++l)
        memref::StoreOp::create(
            b, zero, out, ValueRange{batch, b.index(l), tileRow, tileCol});
    });
  });
  gpu::ReturnOp::create(b);
  return launch;
}

KernelLaunch mlir::stl::gpu_codegen::buildDecodeKernel(
    KernelModuleBuilder &kernels, Location loc, const DecodeKernelSpec &spec) {
  SchemeAttr scheme = spec.scheme;
  int64_t m = scheme.getM(), n = scheme.getN(), r = scheme.getRank();
  // The decoder D is (m*n) x r, row-major.
  ArrayRef<double> w = scheme.getWCoefficients();
  auto wAt = [&](int64_t i, int64_t l) { return w[i * r + l]; };
  // Tiles that hold at least one written output element.
  int64_t tileRows = ceilDiv(spec.outRows, m);
  int64_t tileCols = ceilDiv(spec.outCols, n);
  assert(tileRows <= spec.tileRows && tileCols <= spec.tileCols &&
         "decode writes more than its input holds");

  MemRefType inType = globalMemRef(
      {spec.batch, r, spec.inTileRows, spec.inTileCols}, spec.inType);
  MemRefType outType =
      globalMemRef({spec.batch, spec.outRows, spec.outCols}, spec.outType);
  SmallVector<Type> args = {inType};
  if (spec.hasInit)
    args.push_back(outType);
  args.push_back(outType);

  KernelLaunch launch;
  launch.block = {kStreamBlock, 1, 1};
  launch.grid = {ceilDiv(tileCols, kStreamBlock),
                 std::min(tileRows, kMaxGridYZ), spec.batch};
  launch.kernel = kernels.createKernel("stl_decode", args, launch.block);

  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value in = func.getArgument(0);
  Value init = spec.hasInit ? func.getArgument(1) : Value();
  Value out = func.getArguments().back();
  Type acc = spec.inType;

  Value batch = b.blockId(gpu::Dimension::z);
  Value tileCol = b.add(b.mul(b.blockId(gpu::Dimension::x), kStreamBlock),
                        b.threadId(gpu::Dimension::x));
  Value inGrid = tileCols % kStreamBlock ? b.ult(tileCol, tileCols) : Value();
  guarded(b, inGrid, [&] {
    forEachRowTile(b, tileRows, launch.grid[1], [&](Value tileRow) {
      // Products whose decoder column is all zero are never read.
      SmallVector<Value> p(r);
      for (int64_t l = 0; l < r; ++l) {
        bool used = false;
        for (int64_t i = 0; i < m * n; ++i)
          used |= wAt(i, l) != 0.0;
        if (used)
          p[l] = memref::LoadOp::create(
              b, in, ValueRange{batch, b.index(l), tileRow, tileCol});
      }
      for (int64_t a = 0; a < m; ++a) {
        for (int64_t c = 0; c < n; ++c) {
          Value row = b.add(b.mul(tileRow, m), a);
          Value col = b.add(b.mul(tileCol, n), c);
          // Only the last tile row / column can straddle a fused slice.
          Value ok;
          if (spec.outRows % m)
            ok = b.ult(row, spec.outRows);
          if (spec.outCols % n)
            ok = andOpt(b, ok, b.ult(col, spec.outCols));
          guarded(b, ok, [&] {
            Value start;
            if (init)
              start = b.convertFloat(
                  memref::LoadOp::create(b, init, ValueRange{batch, row, col}),
                  acc);
            SmallVector<double> coeffs;
            SmallVector<Value> values;
            for (int64_t l = 0; l < r; ++l) {
              if (!p[l])
                continue;
              coeffs.push_back(wAt(a * n + c, l));
              values.push_back(p[l]);
            }
            Value v = linearCombination(b, coeffs, values, start, acc);
            memref::StoreOp::create(b, b.convertFloat(v, spec.outType), out,
                                    ValueRange{batch, row, col});
          });
        }
      }
    });
  });
  gpu::ReturnOp::create(b);
  return launch;
}
