//===- EncodeDecodeKernels.cpp - stl.encode / stl.decode kernels ----------===//
//
// Both kernels stream their operand once: one thread per tile position
// (consecutive threads = consecutive tiles along the row, so the tile rows
// that a warp reads and the coefficients it writes are contiguous), the
// scheme's coefficients are immediates and zero coefficients cost nothing.
//
// A thread handles up to 4 consecutive tile positions so that its scalar
// loads and stores are adjacent; with the 16-byte alignment the kernels
// assume for their buffers, LLVM merges them into vector accesses (e.g.
// 16-byte row loads and 8-byte stores per coefficient for a 2x2 bf16 tile).
//
//===----------------------------------------------------------------------===//

#include "stl/Codegen/GPU/KernelBuilder.h"
#include "stl/Dialect/STL/Utils/LinearCombination.h"

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

/// Bytes of `type` (a float type).
static int64_t byteWidth(Type type) { return type.getIntOrFloatBitWidth() / 8; }

/// The number of consecutive tile columns one thread handles: as many as
/// keep its loads (`loadBytes` per tile) within 16 bytes and its stores
/// within `maxStoreBytes` (so that LLVM merges them into vector accesses),
/// dividing `columns`.
static int64_t tilesPerThread(int64_t columns, int64_t loadBytes,
                              int64_t storeBytes, int64_t maxStoreBytes) {
  for (int64_t v : {4, 2})
    if (columns % v == 0 && v * loadBytes <= 16 &&
        v * storeBytes <= maxStoreBytes)
      return v;
  return 1;
}

/// The thread grid of the streaming kernels: blockIdx.z is the batch,
/// (blockIdx.x, threadIdx.x) a group of `perThread` consecutive tile
/// columns (the last block may hold threads past `threadCols`, which do
/// nothing), blockIdx.y strides over the `rowTiles` tile rows. Emits
/// `body(batch, firstCol, tileRow)` for each tile row this thread handles.
static void forEachThreadTileRow(KernelBuilder &b, int64_t threadCols,
                                 int64_t perThread, int64_t rowTiles,
                                 int64_t gridY,
                                 function_ref<void(Value, Value, Value)> body) {
  Value batch = b.blockId(gpu::Dimension::z);
  Value group = b.add(b.mul(b.blockId(gpu::Dimension::x), kStreamBlock),
                      b.threadId(gpu::Dimension::x));
  Value firstCol = b.mul(group, perThread);
  Value inGrid = threadCols % kStreamBlock ? b.ult(group, threadCols) : Value();
  guarded(b, inGrid, [&] {
    forEachRowTile(b, rowTiles, gridY,
                   [&](Value tileRow) { body(batch, firstCol, tileRow); });
  });
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
  // Stores are one element per coefficient and tile: at most 8 bytes keeps
  // enough threads busy.
  int64_t perThread = tilesPerThread(outCols, tc * byteWidth(spec.inType),
                                     byteWidth(spec.outType), 8);
  int64_t threadCols = outCols / perThread;

  MemRefType inType =
      globalMemRef({spec.batch, spec.inRows, spec.inCols}, spec.inType);
  MemRefType outType =
      globalMemRef({spec.batch, r, outRows, outCols}, spec.outType);

  KernelLaunch launch;
  launch.block = {kStreamBlock, 1, 1};
  launch.grid = {ceilDiv(threadCols, kStreamBlock),
                 std::min(outRows, kMaxGridYZ), spec.batch};
  launch.kernel =
      kernels.createKernel((Twine("stl_encode_") + (lhs ? "lhs" : "rhs")).str(),
                           {inType, outType}, launch.block);

  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value in = b.assumeAligned(func.getArgument(0));
  Value out = b.assumeAligned(func.getArgument(1));
  Type ct = computeType(spec.inType, spec.outType);
  // Elements outside the input read as zero: those of a fused input pad and
  // those of the tiles of a fused result pad (whose coefficients are then
  // zero too).
  bool checkRows = spec.inRows < spec.rows || outRows > tiles;
  bool checkCols = spec.inCols < spec.cols || outCols > tileCols;

  forEachThreadTileRow(
      b, threadCols, perThread, outRows, launch.grid[1],
      [&](Value batch, Value firstCol, Value tileRow) {
        // x[v][a * tc + c]: element (a, c) of the v-th tile; each tile row of
        // the perThread tiles is contiguous in memory.
        SmallVector<SmallVector<Value>> x(perThread);
        Value zero = arith::ConstantOp::create(b, b.getFloatAttr(ct, 0.0));
        for (int64_t a = 0; a < tr; ++a) {
          Value row = b.add(b.mul(tileRow, tr), a);
          for (int64_t v = 0; v < perThread; ++v) {
            for (int64_t c = 0; c < tc; ++c) {
              Value col = b.add(b.mul(firstCol, tc), v * tc + c);
              Value ok;
              if (checkRows)
                ok = b.ult(row, spec.inRows);
              if (checkCols)
                ok = andOpt(b, ok, b.ult(col, spec.inCols));
              if (!ok) {
                Value e =
                    memref::LoadOp::create(b, in, ValueRange{batch, row, col});
                x[v].push_back(b.convertFloat(e, ct));
                continue;
              }
              auto ifOp = scf::IfOp::create(b, TypeRange{ct}, ok, true);
              {
                OpBuilder::InsertionGuard g(b);
                b.setInsertionPointToStart(&ifOp.getThenRegion().front());
                Value e =
                    memref::LoadOp::create(b, in, ValueRange{batch, row, col});
                scf::YieldOp::create(b, b.convertFloat(e, ct));
                b.setInsertionPointToStart(&ifOp.getElseRegion().front());
                scf::YieldOp::create(b, zero);
              }
              x[v].push_back(ifOp.getResult(0));
            }
          }
        }
        ArrayRef<double> coeffs =
            lhs ? scheme.getUCoefficients() : scheme.getVCoefficients();
        for (int64_t l = 0; l < r; ++l) {
          for (int64_t v = 0; v < perThread; ++v) {
            Value e = buildLinearCombination(
                b, b.getLoc(), ct, coeffs.slice(l * tr * tc, tr * tc), x[v]);
            memref::StoreOp::create(
                b, b.convertFloat(e, spec.outType), out,
                ValueRange{batch, b.index(l), tileRow, b.add(firstCol, v)});
          }
        }
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

  // Consecutive tile columns per thread, only where every tile is whole and
  // rows of the input and the output stay aligned to the vector.
  int64_t perThread = 1;
  if (spec.outCols % n == 0 && spec.inTileCols % 4 == 0)
    perThread = tilesPerThread(tileCols, byteWidth(spec.inType),
                               n * byteWidth(spec.outType), 16);
  if (spec.outCols % (perThread * n))
    perThread = 1;
  int64_t threadCols = ceilDiv(tileCols, perThread);

  KernelLaunch launch;
  launch.block = {kStreamBlock, 1, 1};
  launch.grid = {ceilDiv(threadCols, kStreamBlock),
                 std::min(tileRows, kMaxGridYZ), spec.batch};
  launch.kernel = kernels.createKernel("stl_decode", args, launch.block);

  gpu::GPUFuncOp func = launch.kernel;
  KernelBuilder b(loc, &func.getBody().front(), func.getBody().front().end());
  Value in = b.assumeAligned(func.getArgument(0));
  Value init = spec.hasInit ? b.assumeAligned(func.getArgument(1)) : Value();
  Value out = b.assumeAligned(func.getArguments().back());
  // Products are summed in f32 at least (16-bit ones widened as read).
  Type acc = computeType(spec.inType, spec.outType);

  forEachThreadTileRow(
      b, threadCols, perThread, tileRows, launch.grid[1],
      [&](Value batch, Value firstCol, Value tileRow) {
        // p[v][l]: product l of the v-th tile. Products whose decoder column
        // is all zero are never read.
        SmallVector<SmallVector<Value>> p(perThread, SmallVector<Value>(r));
        for (int64_t l = 0; l < r; ++l) {
          bool used = false;
          for (int64_t i = 0; i < m * n; ++i)
            used |= wAt(i, l) != 0.0;
          if (!used)
            continue;
          for (int64_t v = 0; v < perThread; ++v)
            p[v][l] = b.convertFloat(
                memref::LoadOp::create(
                    b, in,
                    ValueRange{batch, b.index(l), tileRow, b.add(firstCol, v)}),
                acc);
        }
        for (int64_t a = 0; a < m; ++a) {
          Value row = b.add(b.mul(tileRow, m), a);
          // Only the last tile row / column can straddle a fused slice.
          Value rowOk = spec.outRows % m ? b.ult(row, spec.outRows) : Value();
          for (int64_t v = 0; v < perThread; ++v) {
            for (int64_t c = 0; c < n; ++c) {
              Value col = b.add(b.mul(b.add(firstCol, v), n), c);
              Value ok = rowOk;
              if (spec.outCols % n)
                ok = andOpt(b, ok, b.ult(col, spec.outCols));
              guarded(b, ok, [&] {
                Value start;
                if (init)
                  start =
                      b.convertFloat(memref::LoadOp::create(
                                         b, init, ValueRange{batch, row, col}),
                                     acc);
                SmallVector<double> coeffs;
                SmallVector<Value> values;
                for (int64_t l = 0; l < r; ++l) {
                  if (!p[v][l])
                    continue;
                  coeffs.push_back(wAt(a * n + c, l));
                  values.push_back(p[v][l]);
                }
                Value e = buildLinearCombination(b, b.getLoc(), acc, coeffs,
                                                 values, start);
                memref::StoreOp::create(b, b.convertFloat(e, spec.outType), out,
                                        ValueRange{batch, row, col});
              });
            }
          }
        }
      });
  gpu::ReturnOp::create(b);
  return launch;
}
