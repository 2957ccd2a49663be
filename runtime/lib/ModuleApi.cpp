//===- ModuleApi.cpp - Module loading and kernel launches -----------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

using namespace stl::runtime;

namespace {

/// Dynamic shared memory a kernel may use without opting in.
constexpr int32_t kDefaultDynamicSmemLimit = 48 * 1024;

enum class BlobKind { Cubin, Fatbin, Ptx, Unknown };

/// Tells a cubin (ELF), a fatbin and PTX text apart by their first bytes.
/// gpu-module-to-binary{format=isa} embeds PTX, and some pipelines hand it to
/// mgpuModuleLoad rather than mgpuModuleLoadJIT, so text must be recognized.
BlobKind classifyBlob(const unsigned char *data, size_t size) {
  if (size >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' &&
      data[3] == 'F')
    return BlobKind::Cubin;
  if (size >= 4) {
    uint32_t magic;
    std::memcpy(&magic, data, sizeof(magic));
    // Magic numbers of a fatbin file and of its embedded wrapper.
    if (magic == 0xBA55ED50u || magic == 0x466243B1u)
      return BlobKind::Fatbin;
  }
  // PTX is ASCII text that declares its ISA version early on.
  size_t probe = size < 4096 ? size : 4096;
  for (size_t i = 0; i < probe; ++i) {
    unsigned char c = data[i];
    if (c == 0)
      break;
    if (!std::isprint(c) && !std::isspace(c))
      return BlobKind::Unknown;
  }
  std::string head(reinterpret_cast<const char *>(data), probe);
  if (head.find(".version") != std::string::npos ||
      head.find(".target") != std::string::npos)
    return BlobKind::Ptx;
  return BlobKind::Unknown;
}

/// JIT-compiles NUL-terminated PTX, printing the JIT log on failure.
CUmodule loadPtx(const char *ptx, int optLevel) {
  activateContext();
  if (optLevel < 0 || optLevel > 4)
    optLevel = 4;
  char errorLog[16384] = {0};
  char infoLog[4096] = {0};
  CUjit_option options[] = {
      CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
      CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
      CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {errorLog, reinterpret_cast<void *>(sizeof(errorLog)),
                    infoLog, reinterpret_cast<void *>(sizeof(infoLog)),
                    reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  CUmodule module = nullptr;
  CUresult result = cuModuleLoadDataEx(
      &module, ptx, sizeof(options) / sizeof(options[0]), options, values);
  if (result != CUDA_SUCCESS) {
    std::fprintf(stderr, "stl-runtime: PTX JIT compilation log:\n%s\n",
                 errorLog[0] ? errorLog : "(empty)");
    STL_CU_CHECK(result);
  }
  if (debugEnabled())
    std::fprintf(
        stderr, "stl-runtime: JIT-compiled PTX (O%d) -> module %p%s%s\n",
        optLevel, static_cast<void *>(module), infoLog[0] ? ": " : "", infoLog);
  return module;
}

void checkDims(const char *what, int64_t x, int64_t y, int64_t z) {
  if (x <= 0 || y <= 0 || z <= 0 || x > UINT32_MAX || y > UINT32_MAX ||
      z > UINT32_MAX)
    fatal(std::string("invalid ") + what + " dimensions (" + std::to_string(x) +
          ", " + std::to_string(y) + ", " + std::to_string(z) + ")");
}

/// Dynamic shared memory limit already raised per function, so that a launch
/// costs no attribute queries once the function ran.
struct SharedMemoryLimits {
  std::mutex mutex;
  std::unordered_map<CUfunction, int32_t> raised;
};

SharedMemoryLimits &sharedMemoryLimits() {
  static SharedMemoryLimits *l = new SharedMemoryLimits(); // never destroyed
  return *l;
}

/// Raises the function's dynamic shared memory limit when a launch needs more
/// than the default 48 KiB; the driver rejects such launches otherwise.
void prepareSharedMemory(CUfunction function, int32_t smem) {
  if (smem < 0)
    fatal("negative dynamic shared memory size " + std::to_string(smem));
  if (smem <= kDefaultDynamicSmemLimit)
    return;
  SharedMemoryLimits &limits = sharedMemoryLimits();
  {
    std::lock_guard<std::mutex> lock(limits.mutex);
    auto it = limits.raised.find(function);
    if (it != limits.raised.end() && it->second >= smem)
      return;
  }
  int optIn = 0;
  STL_CU_CHECK(cuDeviceGetAttribute(
      &optIn, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
      currentDevice()));
  int staticSmem = 0;
  STL_CU_CHECK(cuFuncGetAttribute(
      &staticSmem, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, function));
  if (smem + staticSmem > optIn)
    fatal("kernel needs " + std::to_string(smem) +
          " bytes of dynamic shared memory (+" + std::to_string(staticSmem) +
          " static) but the device allows at most " + std::to_string(optIn) +
          " per block");
  STL_CU_CHECK(cuFuncSetAttribute(
      function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem));
  std::lock_guard<std::mutex> lock(limits.mutex);
  int32_t &raised = limits.raised[function];
  raised = std::max(raised, smem);
}

CUstream launchStream(void *stream) { return static_cast<CUstream>(stream); }

} // namespace

extern "C" {

void *mgpuModuleLoad(void *data, size_t size) {
  activateContext();
  if (!data)
    fatal("mgpuModuleLoad: null module data");
  const auto *bytes = static_cast<const unsigned char *>(data);
  size_t probeSize = size ? size : std::strlen(static_cast<const char *>(data));
  BlobKind kind = classifyBlob(bytes, probeSize);
  if (kind == BlobKind::Ptx) {
    // The blob need not be NUL-terminated when its size is known.
    std::string text(static_cast<const char *>(data), probeSize);
    return loadPtx(text.c_str(), 4);
  }
  CUmodule module = nullptr;
  CUresult result = cuModuleLoadData(&module, data);
  if (result != CUDA_SUCCESS) {
    const char *what = kind == BlobKind::Cubin    ? "cubin"
                       : kind == BlobKind::Fatbin ? "fatbin"
                                                  : "unrecognized blob";
    std::fprintf(stderr,
                 "stl-runtime: loading a %s of %zu bytes failed; a cubin must "
                 "match the GPU's architecture (sm_90a for H100)\n",
                 what, size);
    STL_CU_CHECK(result);
  }
  if (debugEnabled())
    std::fprintf(stderr, "stl-runtime: loaded module %p (%zu bytes)\n",
                 static_cast<void *>(module), size);
  return module;
}

void *mgpuModuleLoadJIT(void *ptx, int optLevel) {
  if (!ptx)
    fatal("mgpuModuleLoadJIT: null PTX");
  return loadPtx(static_cast<const char *>(ptx), optLevel);
}

void mgpuModuleUnload(void *module) {
  if (!module)
    return;
  {
    // A later module's functions may reuse the handles.
    SharedMemoryLimits &limits = sharedMemoryLimits();
    std::lock_guard<std::mutex> lock(limits.mutex);
    limits.raised.clear();
  }
  STL_CU_REPORT(cuModuleUnload(static_cast<CUmodule>(module)));
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  activateContext();
  CUfunction function = nullptr;
  CUresult result =
      cuModuleGetFunction(&function, static_cast<CUmodule>(module), name);
  if (result != CUDA_SUCCESS)
    fatal(std::string("kernel '") + (name ? name : "<null>") +
          "' not found in module: " + describeResult(result));
  return function;
}

void mgpuLaunchKernel(void *function, int64_t gridX, int64_t gridY,
                      int64_t gridZ, int64_t blockX, int64_t blockY,
                      int64_t blockZ, int32_t smem, void *stream, void **params,
                      void **extra, size_t paramsCount) {
  activateContext();
  checkDims("grid", gridX, gridY, gridZ);
  checkDims("block", blockX, blockY, blockZ);
  auto fn = static_cast<CUfunction>(function);
  prepareSharedMemory(fn, smem);
  if (debugEnabled())
    std::fprintf(stderr,
                 "stl-runtime: launch %p grid (%lld,%lld,%lld) block "
                 "(%lld,%lld,%lld) smem %d stream %p, %zu params\n",
                 function, (long long)gridX, (long long)gridY, (long long)gridZ,
                 (long long)blockX, (long long)blockY, (long long)blockZ, smem,
                 stream, paramsCount);
  STL_CU_CHECK(cuLaunchKernel(
      fn, static_cast<unsigned>(gridX), static_cast<unsigned>(gridY),
      static_cast<unsigned>(gridZ), static_cast<unsigned>(blockX),
      static_cast<unsigned>(blockY), static_cast<unsigned>(blockZ),
      static_cast<unsigned>(smem), launchStream(stream), params, extra));
}

void mgpuLaunchClusterKernel(void *function, int64_t clusterX, int64_t clusterY,
                             int64_t clusterZ, int64_t gridX, int64_t gridY,
                             int64_t gridZ, int64_t blockX, int64_t blockY,
                             int64_t blockZ, int32_t smem, void *stream,
                             void **params, void **extra, size_t paramsCount) {
  activateContext();
  checkDims("cluster", clusterX, clusterY, clusterZ);
  checkDims("grid", gridX, gridY, gridZ);
  checkDims("block", blockX, blockY, blockZ);
  if (gridX % clusterX || gridY % clusterY || gridZ % clusterZ)
    fatal("grid (" + std::to_string(gridX) + "," + std::to_string(gridY) + "," +
          std::to_string(gridZ) +
          ") is not a multiple of the cluster dimensions (" +
          std::to_string(clusterX) + "," + std::to_string(clusterY) + "," +
          std::to_string(clusterZ) + ")");
  auto fn = static_cast<CUfunction>(function);
  prepareSharedMemory(fn, smem);
  // Clusters of more than 8 blocks are "non-portable" and need an opt-in.
  if (clusterX * clusterY * clusterZ > 8)
    STL_CU_CHECK(cuFuncSetAttribute(
        fn, CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1));

  CUlaunchAttribute attribute;
  std::memset(&attribute, 0, sizeof(attribute));
  attribute.id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  attribute.value.clusterDim.x = static_cast<unsigned>(clusterX);
  attribute.value.clusterDim.y = static_cast<unsigned>(clusterY);
  attribute.value.clusterDim.z = static_cast<unsigned>(clusterZ);

  CUlaunchConfig config;
  std::memset(&config, 0, sizeof(config));
  config.gridDimX = static_cast<unsigned>(gridX);
  config.gridDimY = static_cast<unsigned>(gridY);
  config.gridDimZ = static_cast<unsigned>(gridZ);
  config.blockDimX = static_cast<unsigned>(blockX);
  config.blockDimY = static_cast<unsigned>(blockY);
  config.blockDimZ = static_cast<unsigned>(blockZ);
  config.sharedMemBytes = static_cast<unsigned>(smem);
  config.hStream = launchStream(stream);
  config.attrs = &attribute;
  config.numAttrs = 1;
  if (debugEnabled())
    std::fprintf(
        stderr,
        "stl-runtime: cluster launch %p cluster (%lld,%lld,%lld) grid "
        "(%lld,%lld,%lld) block (%lld,%lld,%lld) smem %d, %zu params\n",
        function, (long long)clusterX, (long long)clusterY, (long long)clusterZ,
        (long long)gridX, (long long)gridY, (long long)gridZ, (long long)blockX,
        (long long)blockY, (long long)blockZ, smem, paramsCount);
  STL_CU_CHECK(cuLaunchKernelEx(&config, fn, params, extra));
}

} // extern "C"
