//===- TestKernels.cu - Kernels the runtime test loads
//---------------------===//
//
// Compiled at build time to PTX (loaded with mgpuModuleLoadJIT and through
// mgpuModuleLoad's text detection) and to a cubin (mgpuModuleLoad). All
// kernels are extern "C" so the test finds them by their plain names.
//
//===----------------------------------------------------------------------===//

#include <cuda.h> // CUtensorMap

#include <cstdint>

extern "C" __global__ void stl_test_iota(float *out, int n, float scale) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    out[i] = static_cast<float>(i) * scale;
}

extern "C" __global__ void stl_test_axpy(float a, const float *x, float *y,
                                         int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] = a * x[i] + y[i];
}

/// One block reverses `n` floats through dynamic shared memory; with n large
/// enough the launch needs more than the default 48 KiB.
extern "C" __global__ void stl_test_smem_reverse(const float *in, float *out,
                                                 int n) {
  extern __shared__ float buffer[];
  for (int i = threadIdx.x; i < n; i += blockDim.x)
    buffer[i] = in[i];
  __syncthreads();
  for (int i = threadIdx.x; i < n; i += blockDim.x)
    out[i] = buffer[n - 1 - i];
}

/// Each block writes the size of its cluster and its rank in it.
extern "C" __global__ void stl_test_cluster_info(int *out) {
  unsigned rank = 0, size = 0;
  asm volatile("mov.u32 %0, %%cluster_ctarank;" : "=r"(rank));
  asm volatile("mov.u32 %0, %%cluster_nctarank;" : "=r"(size));
  if (threadIdx.x == 0) {
    out[2 * blockIdx.x] = static_cast<int>(size);
    out[2 * blockIdx.x + 1] = static_cast<int>(rank);
  }
}

namespace {

__device__ uint32_t sharedAddress(const void *p) {
  return static_cast<uint32_t>(__cvta_generic_to_shared(p));
}

} // namespace

/// Copies one box of a 2-D f32 tensor with the TMA unit, exactly as code from
/// the generated sm_90a kernels do: the CUtensorMap is a __grid_constant__
/// parameter (the bytes mgpuTensorMapEncodeTiledMemref returns a host
/// pointer to) read through its generic address, one thread issues the bulk
/// copy and an mbarrier tracks the transferred bytes.
constexpr int kBoxRows = 16;
constexpr int kBoxCols = 32;

extern "C" __global__ void
stl_test_tma_box(const __grid_constant__ CUtensorMap tensorMap, float *out,
                 int col0, int row0) {
  __shared__ alignas(128) float box[kBoxRows * kBoxCols];
  __shared__ alignas(8) uint64_t barrier;
  uint32_t barrierAddr = sharedAddress(&barrier);
  if (threadIdx.x == 0) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(barrierAddr));
    // Make the initialized barrier visible to the async (TMA) proxy.
    asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    uint32_t bytes = sizeof(box);
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(
                     barrierAddr),
                 "r"(bytes)
                 : "memory");
    asm volatile(
        "cp.async.bulk.tensor.2d.shared::cluster.global.tile."
        "mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];" ::"r"(
            sharedAddress(box)),
        "l"(reinterpret_cast<uint64_t>(&tensorMap)), "r"(col0), "r"(row0),
        "r"(barrierAddr)
        : "memory");
  }
  uint32_t done = 0;
  while (!done) {
    asm volatile("{\n"
                 ".reg .pred p;\n"
                 "mbarrier.try_wait.parity.shared::cta.b64 p, [%1], 0;\n"
                 "selp.u32 %0, 1, 0, p;\n"
                 "}\n"
                 : "=r"(done)
                 : "r"(barrierAddr)
                 : "memory");
  }
  for (int i = threadIdx.x; i < kBoxRows * kBoxCols; i += blockDim.x)
    out[i] = box[i];
}

/// Busy-waits for `cycles` clock cycles (one thread): keeps a stream busy
/// so a test can see whether a host call waited for it.
extern "C" __global__ void stl_test_spin(long long cycles) {
  long long start = clock64();
  while (clock64() - start < cycles) {
  }
}
