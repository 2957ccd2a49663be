//===- DeviceKernels.cu - stl-bench's own CUDA kernels --------------------===//

#include "DeviceKernels.h"

#include "RefCoefficients.h"
#include "StlTileOps.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>

namespace stl {
namespace bench {

namespace {

constexpr int kThreads = 256;

/// Element conversions for StlTileOps.h and the fill kernel.
template <typename T> struct Conv;
template <> struct Conv<__nv_bfloat16> {
  static __device__ __forceinline__ float load(__nv_bfloat16 x) {
    return __bfloat162float(x);
  }
  static __device__ __forceinline__ __nv_bfloat16 store(float x) {
    return __float2bfloat16_rn(x);
  }
};
template <> struct Conv<__half> {
  static __device__ __forceinline__ float load(__half x) {
    return __half2float(x);
  }
  static __device__ __forceinline__ __half store(float x) {
    return __float2half_rn(x);
  }
};
template <> struct Conv<float> {
  static __device__ __forceinline__ float load(float x) { return x; }
  static __device__ __forceinline__ float store(float x) { return x; }
};

__device__ __forceinline__ uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

template <typename T>
__global__ void fillNormalKernel(T *out, size_t count, uint64_t seed) {
  size_t stride = static_cast<size_t>(gridDim.x) * blockDim.x;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
       i < count; i += stride) {
    uint64_t h = mix64(seed + 0x9E3779B97F4A7C15ull * (i + 1));
    // Two 24-bit uniforms in (0, 1) for Box-Muller.
    float u1 = (static_cast<float>(h >> 40) + 0.5f) * (1.0f / 16777216.0f);
    float u2 = (static_cast<float>((h >> 16) & 0xFFFFFF) + 0.5f) *
               (1.0f / 16777216.0f);
    float z = sqrtf(-2.0f * logf(u1)) * cospif(2.0f * u2);
    out[i] = Conv<T>::store(z);
  }
}

/// Copies the coefficients to shared memory once per block; the blocks then
/// loop over tiles (grid-stride), so the copy is amortized.
__device__ __forceinline__ const float *
stageCoefficients(const float *coef, int rank, float *shared) {
  for (int i = threadIdx.x; i < rank * kPaddedTile; i += blockDim.x)
    shared[i] = coef[i];
  __syncthreads();
  return shared;
}

template <typename T>
__global__ void encodeLhsKernel(const T *__restrict__ x, T *__restrict__ xhat,
                                int64_t tilesI, int64_t tilesJ, int64_t K,
                                int m, int k, int rank,
                                const float *__restrict__ coef) {
  extern __shared__ float4 sharedStorage[];
  const float *c =
      stageCoefficients(coef, rank, reinterpret_cast<float *>(sharedStorage));
  int64_t tiles = tilesI * tilesJ;
  int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t t = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       t < tiles; t += stride) {
    encodeLhsAt<Conv<T>>(t, x, xhat, tilesI, tilesJ, K, m, k, rank, c);
  }
}

template <typename T>
__global__ void encodeRhsKernel(const T *__restrict__ w, T *__restrict__ what,
                                int64_t tilesJ, int64_t tilesL, int64_t N,
                                int k, int n, int rank,
                                const float *__restrict__ coef) {
  extern __shared__ float4 sharedStorage[];
  const float *c =
      stageCoefficients(coef, rank, reinterpret_cast<float *>(sharedStorage));
  int64_t tiles = tilesJ * tilesL;
  int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t t = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       t < tiles; t += stride) {
    encodeRhsAt<Conv<T>>(t, w, what, tilesJ, tilesL, N, k, n, rank, c);
  }
}

template <typename TOut>
__global__ void decodeKernel(const float *__restrict__ p, TOut *__restrict__ y,
                             int64_t tilesI, int64_t tilesL, int64_t N, int m,
                             int n, int rank, const float *__restrict__ coef) {
  extern __shared__ float4 sharedStorage[];
  const float *c =
      stageCoefficients(coef, rank, reinterpret_cast<float *>(sharedStorage));
  int64_t tiles = tilesI * tilesL;
  int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t t = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       t < tiles; t += stride) {
    decodeAt<Conv<TOut>>(t, p, y, tilesI, tilesL, N, m, n, rank, c);
  }
}

/// Enough blocks to fill the GPU a few times over, not one per tile.
int gridFor(int64_t work) {
  static int sms = [] {
    int device = 0, count = 0;
    cudaGetDevice(&device);
    cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, device);
    return count > 0 ? count : 132;
  }();
  int64_t blocks = (work + kThreads - 1) / kThreads;
  return static_cast<int>(std::max<int64_t>(
      1, std::min<int64_t>(blocks, static_cast<int64_t>(sms) * 16)));
}

size_t coefficientBytes(const DeviceScheme &s) {
  return static_cast<size_t>(s.rank) * kPaddedTile * sizeof(float);
}

} // namespace

cudaError_t fillNormal(void *dst, ElementType type, size_t count, uint64_t seed,
                       cudaStream_t stream) {
  int grid = gridFor(static_cast<int64_t>(count));
  switch (type) {
  case ElementType::BF16:
    fillNormalKernel<<<grid, kThreads, 0, stream>>>(
        static_cast<__nv_bfloat16 *>(dst), count, seed);
    break;
  case ElementType::F16:
    fillNormalKernel<<<grid, kThreads, 0, stream>>>(static_cast<__half *>(dst),
                                                    count, seed);
    break;
  case ElementType::F32:
    fillNormalKernel<<<grid, kThreads, 0, stream>>>(static_cast<float *>(dst),
                                                    count, seed);
    break;
  }
  return cudaGetLastError();
}

bool uploadScheme(const Scheme &s, DeviceScheme &out, std::string &error) {
  RefCoefficients c = packReferenceCoefficients(s);
  out.m = s.m;
  out.k = s.k;
  out.n = s.n;
  out.rank = s.rank;
  size_t bytes = c.u.size() * sizeof(float);
  if (!out.u.allocate(bytes, "U", error) ||
      !out.v.allocate(bytes, "V", error) || !out.d.allocate(bytes, "D", error))
    return false;
  cudaError_t e;
  if ((e = cudaMemcpy(out.u.get(), c.u.data(), bytes,
                      cudaMemcpyHostToDevice)) != cudaSuccess ||
      (e = cudaMemcpy(out.v.get(), c.v.data(), bytes,
                      cudaMemcpyHostToDevice)) != cudaSuccess ||
      (e = cudaMemcpy(out.d.get(), c.d.data(), bytes,
                      cudaMemcpyHostToDevice)) != cudaSuccess) {
    error = std::string("uploading coefficients: ") + cudaGetErrorString(e);
    return false;
  }
  return true;
}

cudaError_t encodeLhs(const DeviceScheme &s, const void *x, void *xhat,
                      ElementType type, int64_t M, int64_t K,
                      cudaStream_t stream) {
  int64_t tilesI = M / s.m, tilesJ = K / s.k;
  int grid = gridFor(tilesI * tilesJ);
  size_t smem = coefficientBytes(s);
  if (type == ElementType::BF16)
    encodeLhsKernel<<<grid, kThreads, smem, stream>>>(
        static_cast<const __nv_bfloat16 *>(x),
        static_cast<__nv_bfloat16 *>(xhat), tilesI, tilesJ, K, s.m, s.k, s.rank,
        s.u.as<float>());
  else if (type == ElementType::F16)
    encodeLhsKernel<<<grid, kThreads, smem, stream>>>(
        static_cast<const __half *>(x), static_cast<__half *>(xhat), tilesI,
        tilesJ, K, s.m, s.k, s.rank, s.u.as<float>());
  else
    return cudaErrorInvalidValue;
  return cudaGetLastError();
}

cudaError_t encodeRhs(const DeviceScheme &s, const void *w, void *what,
                      ElementType type, int64_t K, int64_t N,
                      cudaStream_t stream) {
  int64_t tilesJ = K / s.k, tilesL = N / s.n;
  int grid = gridFor(tilesJ * tilesL);
  size_t smem = coefficientBytes(s);
  if (type == ElementType::BF16)
    encodeRhsKernel<<<grid, kThreads, smem, stream>>>(
        static_cast<const __nv_bfloat16 *>(w),
        static_cast<__nv_bfloat16 *>(what), tilesJ, tilesL, N, s.k, s.n, s.rank,
        s.v.as<float>());
  else if (type == ElementType::F16)
    encodeRhsKernel<<<grid, kThreads, smem, stream>>>(
        static_cast<const __half *>(w), static_cast<__half *>(what), tilesJ,
        tilesL, N, s.k, s.n, s.rank, s.v.as<float>());
  else
    return cudaErrorInvalidValue;
  return cudaGetLastError();
}

cudaError_t decode(const DeviceScheme &s, const float *p, void *y,
                   ElementType outType, int64_t M, int64_t N,
                   cudaStream_t stream) {
  int64_t tilesI = M / s.m, tilesL = N / s.n;
  int grid = gridFor(tilesI * tilesL);
  size_t smem = coefficientBytes(s);
  switch (outType) {
  case ElementType::BF16:
    decodeKernel<<<grid, kThreads, smem, stream>>>(
        p, static_cast<__nv_bfloat16 *>(y), tilesI, tilesL, N, s.m, s.n, s.rank,
        s.d.as<float>());
    break;
  case ElementType::F16:
    decodeKernel<<<grid, kThreads, smem, stream>>>(p, static_cast<__half *>(y),
                                                   tilesI, tilesL, N, s.m, s.n,
                                                   s.rank, s.d.as<float>());
    break;
  case ElementType::F32:
    decodeKernel<<<grid, kThreads, smem, stream>>>(p, static_cast<float *>(y),
                                                   tilesI, tilesL, N, s.m, s.n,
                                                   s.rank, s.d.as<float>());
    break;
  }
  return cudaGetLastError();
}

} // namespace bench
} // namespace stl
