//===- StlRuntime.h - Entry points of libstl_runtime.so ---------*- C++ -*-===//
//
// libstl_runtime.so implements the `mgpu*` functions that host code produced
// by MLIR's `gpu-to-llvm` lowering (and the LLVM IR translation of
// gpu.launch_func / gpu.binary) calls, over the CUDA driver API. The
// signatures below follow the calls MLIR 22 emits; every integer is declared
// with the width the generated LLVM IR passes (index -> int64_t, i32 ->
// int32_t, i8 -> bool), so callers from C/C++ and generated code agree.
//
// CUDA handle types are opaque pointers here so that this header needs no
// CUDA include: CUmodule, CUfunction, CUstream and CUevent are all pointers.
//
// Besides the mgpu* ABI, a small stlRuntime* API serves harnesses (tests,
// stl-bench): probing for a usable driver without aborting, describing the
// device, and redirecting the streams of generated code for benchmarking.
//
// See docs/Runtime.md.
//
//===----------------------------------------------------------------------===//

#ifndef STL_RUNTIME_STLRUNTIME_H
#define STL_RUNTIME_STLRUNTIME_H

#include <stddef.h>
#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#if defined(_WIN32)
#define STL_RUNTIME_EXPORT __declspec(dllexport)
#else
#define STL_RUNTIME_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// Layout-compatible with MLIR's ranked memref descriptor of any rank
/// (StridedMemRefType<T, R>): `sizes` is followed in memory by R more int64_t
/// holding the strides. Only the header is named because the rank is a
/// run-time value in the calls that take it.
typedef struct StlMemRefDescriptor {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizesAndStrides[1]; // sizes[rank], then strides[rank]
} StlMemRefDescriptor;

//===----------------------------------------------------------------------===//
// Modules and launches
//===----------------------------------------------------------------------===//

/// Loads a cubin, a fatbin, or PTX text (detected and JIT-compiled). `size` is
/// the blob size in bytes; 0 means unknown (then PTX must be NUL-terminated).
STL_RUNTIME_EXPORT void *mgpuModuleLoad(void *data, size_t size);
/// JIT-compiles NUL-terminated PTX text at the given optimization level (0-4).
STL_RUNTIME_EXPORT void *mgpuModuleLoadJIT(void *ptx, int optLevel);
STL_RUNTIME_EXPORT void mgpuModuleUnload(void *module);
STL_RUNTIME_EXPORT void *mgpuModuleGetFunction(void *module, const char *name);

/// `smem` is the dynamic shared memory in bytes; above 48 KiB the function's
/// CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES is raised first.
/// `paramsCount` is informational (the driver reads `params` by the kernel's
/// signature).
STL_RUNTIME_EXPORT void
mgpuLaunchKernel(void *function, int64_t gridX, int64_t gridY, int64_t gridZ,
                 int64_t blockX, int64_t blockY, int64_t blockZ, int32_t smem,
                 void *stream, void **params, void **extra, size_t paramsCount);
/// Thread-block-cluster launch (sm_90+). Grid dimensions count blocks, not
/// clusters, and must be multiples of the cluster dimensions.
STL_RUNTIME_EXPORT void
mgpuLaunchClusterKernel(void *function, int64_t clusterX, int64_t clusterY,
                        int64_t clusterZ, int64_t gridX, int64_t gridY,
                        int64_t gridZ, int64_t blockX, int64_t blockY,
                        int64_t blockZ, int32_t smem, void *stream,
                        void **params, void **extra, size_t paramsCount);

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

STL_RUNTIME_EXPORT void *mgpuStreamCreate(void);
STL_RUNTIME_EXPORT void mgpuStreamDestroy(void *stream);
STL_RUNTIME_EXPORT void mgpuStreamSynchronize(void *stream);
STL_RUNTIME_EXPORT void mgpuStreamWaitEvent(void *stream, void *event);
STL_RUNTIME_EXPORT void *mgpuEventCreate(void);
STL_RUNTIME_EXPORT void mgpuEventDestroy(void *event);
STL_RUNTIME_EXPORT void mgpuEventSynchronize(void *event);
STL_RUNTIME_EXPORT void mgpuEventRecord(void *event, void *stream);

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

/// Device memory, or managed memory when `isHostShared`. 0 bytes -> NULL.
STL_RUNTIME_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, void *stream,
                                      bool isHostShared);
STL_RUNTIME_EXPORT void mgpuMemFree(void *ptr, void *stream);
STL_RUNTIME_EXPORT void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                                   void *stream);
STL_RUNTIME_EXPORT void mgpuMemset32(void *dst, uint32_t value, size_t count,
                                     void *stream);
STL_RUNTIME_EXPORT void mgpuMemset16(void *dst, uint16_t value, size_t count,
                                     void *stream);
STL_RUNTIME_EXPORT void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes);
STL_RUNTIME_EXPORT void
mgpuMemHostRegisterMemRef(int64_t rank, StlMemRefDescriptor *descriptor,
                          int64_t elementSizeBytes);
STL_RUNTIME_EXPORT void mgpuMemHostUnregister(void *ptr);
STL_RUNTIME_EXPORT void
mgpuMemHostUnregisterMemRef(int64_t rank, StlMemRefDescriptor *descriptor,
                            int64_t elementSizeBytes);
STL_RUNTIME_EXPORT void mgpuSetDefaultDevice(int32_t device);

//===----------------------------------------------------------------------===//
// TMA descriptors (CUDA 12+, sm_90+)
//===----------------------------------------------------------------------===//

/// Thin wrapper of cuTensorMapEncodeTiled writing into a host CUtensorMap
/// (`tensorMap` points to 128 bytes, 64-byte aligned). The enums are passed
/// as the integers of CUtensorMapDataType, ...Interleave, ...Swizzle,
/// ...L2promotion and ...FloatOOBfill.
STL_RUNTIME_EXPORT void
mgpuTensorMapEncodeTiled(void *tensorMap, int32_t dataType, uint32_t tensorRank,
                         void *globalAddress, const uint64_t *globalDim,
                         const uint64_t *globalStrides, const uint32_t *boxDim,
                         const uint32_t *elementStrides, int32_t interleave,
                         int32_t swizzle, int32_t l2Promotion, int32_t oobFill);
/// What nvgpu.tma.create.descriptor lowers to: encodes a tiled TMA descriptor
/// for the ranked memref `descriptor` (rank `tensorRank`, dims in memref
/// order, innermost stride 1) with box `inputBoxDims` (memref order) and
/// returns a pointer to the encoded CUtensorMap in *host* memory (64-byte
/// aligned, valid for the life of the process; identical descriptors share
/// one copy). Kernels take it by value, as a `__grid_constant__` parameter:
/// pass the pointer itself as the launch parameter.
STL_RUNTIME_EXPORT void *mgpuTensorMapEncodeTiledMemref(
    int64_t tensorRank, StlMemRefDescriptor *descriptor, int64_t dataType,
    int64_t interleave, int64_t swizzle, int64_t l2Promotion, int64_t oobFill,
    int64_t *inputBoxDims);

//===----------------------------------------------------------------------===//
// Library backend of stl.hadamard (cuBLASLt); see docs/GPU.md
//===----------------------------------------------------------------------===//

/// Element type codes of the cuBLASLt entry points.
enum {
  STL_RUNTIME_F32 = 0,
  STL_RUNTIME_F16 = 1,
  STL_RUNTIME_BF16 = 2,
};

/// Row-major strided-batched product with f32 accumulation:
///   C[i] = A[i] . B[i] for i < batch, A[i] m x k, B[i] k x n, C[i] m x n,
/// A[i] at a + i * strideA with row stride lda (likewise B, C); all sizes,
/// leading dimensions and strides count elements. Operands bf16 or f16
/// (`inType`), result f32, bf16 or f16 (`outType`), device memory. Enqueued
/// on `stream` (a CUstream; under a stream override on the override's
/// stream) with cuBLASLt; handle and heuristic cached per shape, strides,
/// types and alignment; the workspace comes from the stream-ordered pool.
/// Returns 0, or non-zero after printing the reason (never aborts).
STL_RUNTIME_EXPORT int
stlRuntimeBatchedGemm(int64_t batch, int64_t m, int64_t n, int64_t k,
                      const void *a, int64_t lda, int64_t strideA,
                      const void *b, int64_t ldb, int64_t strideB, void *c,
                      int64_t ldc, int64_t strideC, int32_t inType,
                      int32_t outType, void *stream);
/// stl.hadamard on memrefs, for generated code: lhs [batch..., M, K], rhs
/// [batch..., K, N], result [batch..., M, N], all of rank `rank` (>= 3) as MLIR
/// ranked memref descriptors; leading dimensions collapse into the batch,
/// innermost strides must be 1. Aborts with a diagnostic on any error.
STL_RUNTIME_EXPORT void
stlRuntimeHadamardCublas(int64_t rank, StlMemRefDescriptor *lhs,
                         StlMemRefDescriptor *rhs, StlMemRefDescriptor *result,
                         int32_t inType, int32_t outType, void *stream);

//===----------------------------------------------------------------------===//
// CUDA graphs of generated functions (never abort)
//===----------------------------------------------------------------------===//

typedef struct StlRuntimeGraph StlRuntimeGraph;

/// Captures the GPU work of `call(userData)` (typically a wrapper calling one
/// generated function with fixed arguments) into an instantiated CUDA graph:
/// the function's streams are redirected to the capturing `stream` (NULL: a
/// private one), its pool allocations become graph memory nodes, its
/// synchronizations are skipped. Replays repeat the call with the same
/// arguments (same buffers; their contents may change). Call the function
/// once normally before capturing. Returns NULL with the reason in `reason`
/// if the function does something a graph cannot replay (managed memory, host
/// registration, synchronization on another stream). Not thread-safe with
/// other threads calling generated code meanwhile.
STL_RUNTIME_EXPORT StlRuntimeGraph *
stlRuntimeGraphCapture(void (*call)(void *), void *userData, void *stream,
                       char *reason, size_t reasonSize);
/// Enqueues one replay on `stream`; 0 on success.
STL_RUNTIME_EXPORT int stlRuntimeGraphLaunch(StlRuntimeGraph *graph,
                                             void *stream);
/// Nodes of the captured graph (kernels, memory nodes, ...).
STL_RUNTIME_EXPORT size_t
stlRuntimeGraphNodeCount(const StlRuntimeGraph *graph);
STL_RUNTIME_EXPORT void stlRuntimeGraphDestroy(StlRuntimeGraph *graph);

//===----------------------------------------------------------------------===//
// Harness API (never aborts)
//===----------------------------------------------------------------------===//

/// 0 if the driver initializes and a device exists; otherwise non-zero and a
/// one-line reason in `reason` (e.g. "cuInit: CUDA_ERROR_STUB_LIBRARY: ...").
STL_RUNTIME_EXPORT int stlRuntimeProbe(char *reason, size_t reasonSize);
/// Number of CUDA devices, 0 when the driver is unusable.
STL_RUNTIME_EXPORT int stlRuntimeDeviceCount(void);
/// The default device as the driver reports it. Clocks are the maximum
/// (boost) rates, not the current ones. A field the driver does not report
/// is -1 (0 for the sizes).
typedef struct StlRuntimeDeviceInfo {
  char name[256];
  int32_t computeCapabilityMajor;
  int32_t computeCapabilityMinor;
  int32_t multiprocessorCount;
  int32_t maxSmClockKHz;
  int32_t maxMemoryClockKHz;
  int32_t memoryBusWidthBits;
  int32_t sharedMemoryPerBlockOptInBytes;
  int32_t driverVersion; /* e.g. 13000 for 13.0 */
  uint64_t totalMemoryBytes;
  uint64_t l2CacheBytes;
} StlRuntimeDeviceInfo;
/// Fills `info` for the default device (the one generated code runs on).
/// Returns 0 on success; otherwise non-zero with the reason in `reason`.
/// The one place harnesses (tests, stl-bench) ask the driver about the
/// device.
STL_RUNTIME_EXPORT int stlRuntimeQueryDevice(StlRuntimeDeviceInfo *info,
                                             char *reason, size_t reasonSize);
/// One line describing the default device (stlRuntimeQueryDevice's fields):
/// name, compute capability, SM count, SM and memory clocks, memory size,
/// L2 size, driver version. Returns 0 on success; otherwise writes the
/// reason and returns non-zero.
STL_RUNTIME_EXPORT int stlRuntimeDescribeDevice(char *buffer, size_t size);
/// Benchmarking only. With a non-NULL `stream`, mgpuStreamCreate returns it,
/// mgpuStreamDestroy ignores it, and mgpuMemAlloc/mgpuMemFree become
/// stream-ordered on it; with `deferSync` non-zero, mgpuStreamSynchronize and
/// mgpuEventSynchronize return at once, so a harness can time generated code
/// with events on `stream` (generated code must then not read device results
/// on the host). NULL restores normal behaviour.
STL_RUNTIME_EXPORT void stlRuntimeSetStreamOverride(void *stream,
                                                    int deferSync);
/// With a non-zero `enabled` (the default) mgpuMemAlloc with a stream
/// allocates stream-ordered from a per-device pool that keeps freed memory
/// cached, and mgpuMemFree frees such memory stream-ordered: no driver
/// allocation and no device-wide wait per call. Zero: cuMemAlloc/cuMemFree
/// as upstream MLIR does (for comparisons). A stream override always pools.
STL_RUNTIME_EXPORT void stlRuntimeSetPoolAllocation(int enabled);
/// Returns the memory the pools keep cached (freed blocks whose frees have
/// completed) to the driver; memory in use stays. For long-running processes
/// between phases of different shapes.
STL_RUNTIME_EXPORT void stlRuntimeReleaseCachedMemory(void);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // STL_RUNTIME_STLRUNTIME_H
