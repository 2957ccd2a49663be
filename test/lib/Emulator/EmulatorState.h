//===- EmulatorState.h - The kernel emulator's state -----------*- C++ -*-===//
//
// Internal to test/lib/Emulator: the values, buffers, blocks, clusters and
// in-flight operations that the emulator keeps, the element helpers that
// read and round them, the Emulator class whose helpers the op handlers of
// every dialect file share, and the handler table through which execOp
// dispatches (KernelEmulator.cpp explains the execution model). The
// handlers live in one file per dialect family so that modelling a new op
// touches the file of its dialect and one registration line.
//
//===----------------------------------------------------------------------===//

#ifndef STL_TEST_LIB_EMULATOR_EMULATORSTATE_H
#define STL_TEST_LIB_EMULATOR_EMULATORSTATE_H

#include "KernelEmulator.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace mlir::stl::test::emulator {

/// Shared memory per block on sm_90 (227 KiB).
constexpr int64_t kSharedLimit = 232448;
/// Where dynamic shared memory starts: 16-byte aligned but not 1024-byte
/// aligned, so kernels that need 1024-byte alignment must align themselves.
constexpr int64_t kDynamicBase = 0x440;
/// Fake device addresses of global buffers.
constexpr int64_t kGlobalBase = int64_t(1) << 44;
/// Cluster shared addresses (nvvm.mapa results) carry this bit and the rank.
constexpr int64_t kClusterBit = int64_t(1) << 40;

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

struct Buffer {
  std::vector<uint8_t> bytes;
  int64_t address = 0; // of bytes[0]
};

struct MemRef {
  Buffer *buf = nullptr;
  int64_t offset = 0; // bytes from buf->bytes[0]
  SmallVector<int64_t> sizes, strides;
  Type elem;
};

struct Obj {
  enum Kind { None, Mem, Map, Bars } kind = None;
  MemRef mem;               // Mem, and Map's global tensor
  SmallVector<int64_t> box; // Map: box in memref order
  bool swizzle128 = false;  // Map
  bool oobNaN = false;      // Map
  int64_t barAddress = 0;   // Bars: shared address of barrier 0
};

struct Cell {
  int64_t i = 0;
  double f = 0;
  SmallVector<double, 0> v;
};
using Lanes = std::vector<Cell>;
using Mask = std::vector<char>;

inline unsigned bitWidth(Type t) {
  if (t.isIndex())
    return 64;
  if (auto it = dyn_cast<IntegerType>(t))
    return it.getWidth();
  return 64; // pointers
}
inline int64_t normInt(int64_t v, unsigned w) {
  if (w == 1)
    return v & 1;
  if (w >= 64)
    return v;
  return llvm::SignExtend64(v, w);
}
inline uint64_t asUnsigned(int64_t v, unsigned w) {
  return w >= 64 ? uint64_t(v) : uint64_t(v) & ((uint64_t(1) << w) - 1);
}

inline double roundTo(Type t, double x) {
  if (t.isF64())
    return x;
  if (t.isF32())
    return double(float(x));
  auto ft = cast<FloatType>(t);
  llvm::APFloat a(x);
  bool lost;
  a.convert(ft.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven, &lost);
  return a.convertToDouble();
}

inline int64_t elemBytes(Type t) {
  return std::max<int64_t>(1, t.getIntOrFloatBitWidth() / 8);
}

inline double readElem(const uint8_t *p, Type t) {
  if (t.isF32()) {
    float x;
    std::memcpy(&x, p, 4);
    return x;
  }
  if (t.isF64()) {
    double x;
    std::memcpy(&x, p, 8);
    return x;
  }
  if (t.isF16() || t.isBF16()) {
    uint16_t b;
    std::memcpy(&b, p, 2);
    llvm::APFloat a(cast<FloatType>(t).getFloatSemantics(), llvm::APInt(16, b));
    return a.convertToDouble();
  }
  int64_t v = 0;
  std::memcpy(&v, p, elemBytes(t));
  return double(normInt(v, bitWidth(t)));
}

inline void writeElem(uint8_t *p, Type t, double x) {
  if (t.isF32()) {
    float f = float(x);
    std::memcpy(p, &f, 4);
  } else if (t.isF64()) {
    std::memcpy(p, &x, 8);
  } else if (t.isF16() || t.isBF16()) {
    llvm::APFloat a(x);
    bool lost;
    a.convert(cast<FloatType>(t).getFloatSemantics(),
              llvm::APFloat::rmNearestTiesToEven, &lost);
    uint16_t b = a.bitcastToAPInt().getZExtValue();
    std::memcpy(p, &b, 2);
  } else {
    int64_t v = int64_t(x);
    std::memcpy(p, &v, elemBytes(t));
  }
}

inline std::string join(ArrayRef<int64_t> v) {
  std::string s;
  for (auto [k, x] : llvm::enumerate(v))
    s += (k ? "x" : "") + std::to_string(x);
  return s;
}

/// The 128-byte swizzle of TMA and wgmma: address bits 4-6 XOR bits 7-9.
inline int64_t swizzle128(int64_t addr) {
  return addr ^ (((addr >> 7) & 7) << 4);
}

/// Row and column of element 4j + e of a lane's m64nN accumulator fragment,
/// for warp `warp` of its warpgroup.
inline std::pair<int64_t, int64_t> fragmentPosition(int64_t warp, int64_t lane,
                                                    int64_t j, int e) {
  return {16 * warp + lane / 4 + (e >= 2 ? 8 : 0),
          8 * j + 2 * (lane % 4) + (e & 1)};
}

inline SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> sizes) {
  SmallVector<int64_t> strides(sizes.size(), 1);
  for (int d = int(sizes.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * sizes[d + 1];
  return strides;
}

//===----------------------------------------------------------------------===//
// Blocks, clusters and their synchronization
//===----------------------------------------------------------------------===//

struct MBarrier {
  int64_t count = 0, pending = 0, tx = 0, phase = 0;
};

struct CTA {
  int64_t blockId[3] = {0, 0, 0};
  Buffer smem;            // shared addresses [0, kDynamicBase + dynamic)
  int64_t staticTop = 16; // next free static shared address
  DenseMap<Operation *, int64_t> staticAlloc;
  std::map<int64_t, MBarrier> barriers;
  int groups = 0, arrived = 0;
  int64_t barrierGeneration = 0;
};

struct Cluster {
  std::vector<CTA *> ctas;
  int groups = 0, arrived = 0;
  int64_t generation = 0;
};

/// A TMA load that has been issued but has not landed yet.
struct PendingLoad {
  Operation *op;
  CTA *target;
  Obj map;
  int64_t dstAddr, row0, col0, barAddr;
};

/// A committed wgmma group: the shared memory it read, to check at retire.
struct WgmmaGroup {
  int64_t seq;
  std::vector<std::pair<int64_t, uint16_t>> reads;
};

/// Where a frame runs: the host (width 1) or a warpgroup of a block.
struct Context {
  CTA *cta = nullptr;
  Cluster *cluster = nullptr;
  int width = 1;
  int64_t threadBase = 0;
  int64_t blockDim[3] = {1, 1, 1}, gridDim[3] = {1, 1, 1};
  // wgmma bookkeeping
  std::vector<std::pair<int64_t, uint16_t>> openReads;
  std::deque<WgmmaGroup> committed;
  int64_t committedSeq = 0, retiredSeq = 0;
  // cp.async copies: the open group and the committed ones, oldest first.
  struct Copy {
    uint8_t *dst;
    const uint8_t *src;
    int64_t bytes, srcBytes;
  };
  std::vector<Copy> openCopies;
  std::deque<std::vector<Copy>> copyGroups;
  // The cluster barrier generation this warpgroup last arrived in.
  int64_t clusterArrival = -1;
};

struct ValueHash {
  size_t operator()(Value v) const { return hash_value(v); }
};

/// Node-based maps: references to values stay valid while others are added.
struct Frame {
  Context *ctx = nullptr;
  std::unordered_map<Value, Lanes, ValueHash> lanes;
  std::unordered_map<Value, Obj, ValueHash> objs;
};

inline bool anyActive(const Mask &mask) {
  return llvm::any_of(mask, [](char c) { return c; });
}
inline bool allActive(const Mask &mask) {
  return llvm::all_of(mask, [](char c) { return c; });
}

/// Copies the lanes (or the object) of `from` into `to` for active lanes.
void assign(Frame &f, Value to, Value from, const Mask &mask);

/// The values of `indices` in lane `lane`.
inline SmallVector<int64_t> laneIndices(Frame &f, ValueRange indices,
                                        int lane) {
  SmallVector<int64_t> idx;
  for (Value v : indices)
    idx.push_back(f.lanes[v][lane].i);
  return idx;
}

//===----------------------------------------------------------------------===//
// The emulator
//===----------------------------------------------------------------------===//

/// The state of one emulated function call and the helpers that the op
/// handlers share. Emulated threads run under `mutex`; the handlers of
/// kernel ops are called with it held.
class Emulator {
public:
  Emulator(const EmulationOptions &options, EmulationStats &stats)
      : options(options), stats(stats) {}

  FailureOr<SmallVector<HostTensor>> run(Operation *func,
                                         ArrayRef<HostTensor> args);

  // Failure reporting (first error wins; every host thread then stops).
  // Returns false, so that handlers can `return fail(...)`.
  bool fail(Operation *op, const Twine &msg);

  // Interpretation: scf.for and scf.if here, every other op through the
  // handler table.
  bool execBlock(Frame &f, Block &block, const Mask &mask);
  bool execOp(Frame &f, Operation *op, const Mask &mask);
  bool launch(Frame &f, gpu::LaunchFuncOp op);
  void runGroup(gpu::GPUFuncOp kernel, Context *ctx,
                ArrayRef<std::pair<Lanes, Obj>> args);

  // Lanes and buffers.
  Lanes &lanesOf(Frame &f, Value v);
  bool uniform(Frame &f, Value v, const Mask &mask, int64_t &out,
               Operation *op);
  Buffer *newBuffer(int64_t bytes, bool nanFill);
  bool address(Operation *op, const MemRef &m, ArrayRef<int64_t> idx,
               int64_t count, uint8_t *&ptr);
  bool sharedPtr(Operation *op, CTA *cta, int64_t addr, int64_t bytes,
                 uint8_t *&ptr);
  HostTensor toHost(const MemRef &m);
  MemRef fromHost(const HostTensor &t);

  // Synchronization.
  MBarrier *barrierAt(Operation *op, CTA *cta, int64_t addr);
  void tryComplete(MBarrier &b);
  void yieldToOthers();
  bool waitFor(Operation *op, const std::function<bool()> &ready,
               const char *what);

  /// Runs `fn(lane, cell)` on the cell of `op`'s first result in every
  /// active lane.
  template <typename Fn>
  void eachResultLane(Frame &f, Operation *op, const Mask &mask, Fn fn) {
    Lanes &out = lanesOf(f, op->getResult(0));
    for (int i = 0; i < f.ctx->width; ++i)
      if (mask[i])
        fn(i, out[i]);
  }

  std::string error;
  const EmulationOptions &options;
  EmulationStats &stats;
  std::deque<std::unique_ptr<Buffer>> buffers;
  std::deque<PendingLoad> inflight;
  int64_t nextGlobal = kGlobalBase;

  std::mutex mutex; // the one lock under which emulated threads run
  std::condition_variable changed;
  int64_t progress = 0;
  /// Groups of the running launch that have not finished, and how many of
  /// them found their wait unsatisfied at `progress == stuckAt` (waitFor's
  /// deadlock count).
  int64_t liveGroups = 0;
  int64_t stuckAt = -1;
  int64_t stuckGroups = 0;
  bool aborted = false;
};

/// Lands an issued TMA load in its block's shared memory and completes its
/// transaction bytes on the mbarrier (WgmmaTmaOps.cpp; waitFor calls it).
bool landTmaLoad(Emulator &em, const PendingLoad &load);

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

/// Runs one operation under `mask` (the active lanes of the frame's
/// warpgroup, or the single host lane). Returns false once the run failed.
using OpHandler = bool (*)(Emulator &em, Frame &f, Operation *op,
                           const Mask &mask);
/// The handlers by operation TypeID, built once; an operation without an
/// entry is not modelled.
using HandlerTable = llvm::DenseMap<TypeID, OpHandler>;

/// Adds `handler` for `id`; every operation has one handler.
void addHandlerFor(HandlerTable &table, TypeID id, OpHandler handler);
/// Adds `handler` for each operation of `OpTys`.
template <typename... OpTys>
void addHandler(HandlerTable &table, OpHandler handler) {
  (addHandlerFor(table, TypeID::get<OpTys>(), handler), ...);
}

/// The dialect files' contributions to the table.
/// ArithOps.cpp: arith, vector, and the LLVM struct/bitcast/pointer casts.
void registerArithHandlers(HandlerTable &table);
/// HostOps.cpp: memref, tensor, bufferization, stl.hadamard, TMA
/// descriptors and gpu.launch_func.
void registerHostHandlers(HandlerTable &table);
/// GPUOps.cpp: ids, shuffles, barriers, shared memory, loads and stores,
/// mbarriers and cluster barriers.
void registerGPUHandlers(HandlerTable &table);
/// MmaSyncOps.cpp: the sm_80 cp.async, ldmatrix and mma.sync.
void registerMmaSyncHandlers(HandlerTable &table);
/// WgmmaTmaOps.cpp: TMA loads and the warpgroup MMAs (nvgpu and NVVM).
void registerWgmmaTmaHandlers(HandlerTable &table);

} // namespace mlir::stl::test::emulator

#endif // STL_TEST_LIB_EMULATOR_EMULATORSTATE_H
