//===- TensorMapApi.cpp - TMA descriptors ---------------------------------===//
//
// nvgpu.tma.create.descriptor lowers to mgpuTensorMapEncodeTiledMemref. The
// generated kernels take the CUtensorMap by value (a 64-byte-aligned kernel
// parameter, CUDA's __grid_constant__), so it returns a host pointer to the
// encoded bytes, which the launch copies with the other parameters: no
// device copy exists whose transfer could still be in flight when a kernel
// on a non-blocking stream reads it. The driver wants dimensions
// innermost-first and byte strides of all but the innermost dimension; MLIR
// passes the memref (outermost-first) and the box in memref order, so both are
// reversed here.
//
//===----------------------------------------------------------------------===//

#include "RuntimeInternal.h"
#include "stl/Runtime/StlRuntime.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>

using namespace stl::runtime;

namespace {

constexpr int kMaxTensorRank = 5;

/// Bytes per element of CUtensorMapDataType values 0..12; the packed sub-byte
/// types after them cannot be described by a memref of whole elements.
int elementSizeBytes(int64_t dataType) {
  static const int sizes[] = {1, 2, 4, 4, 8, 8, 2, 4, 8, 2, 4, 4, 4};
  if (dataType < 0 ||
      dataType >= static_cast<int64_t>(sizeof(sizes) / sizeof(sizes[0])))
    return 0;
  return sizes[dataType];
}

using TensorMapBits = std::array<uint64_t, sizeof(CUtensorMap) / 8>;

/// Encoded descriptors, keyed by their bytes, at stable 64-byte-aligned
/// addresses. Generated code encodes the same descriptor on every call of a
/// function and may read it after encoding the next one; interning keeps
/// every returned pointer valid without growing per call.
struct InternedTensorMaps {
  std::mutex mutex;
  std::map<TensorMapBits, std::unique_ptr<CUtensorMap>> maps;
};

InternedTensorMaps &internedTensorMaps() {
  static InternedTensorMaps *maps = new InternedTensorMaps(); // never freed
  return *maps;
}

std::string joinDims(const uint64_t *dims, int rank) {
  std::string out = "[";
  for (int i = 0; i < rank; ++i)
    out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + "]";
}

} // namespace

extern "C" {

void mgpuTensorMapEncodeTiled(
    void *tensorMap, int32_t dataType, uint32_t tensorRank, void *globalAddress,
    const uint64_t *globalDim, const uint64_t *globalStrides,
    const uint32_t *boxDim, const uint32_t *elementStrides, int32_t interleave,
    int32_t swizzle, int32_t l2Promotion, int32_t oobFill) {
  activateContext();
  CUresult result = cuTensorMapEncodeTiled(
      static_cast<CUtensorMap *>(tensorMap),
      static_cast<CUtensorMapDataType>(dataType), tensorRank, globalAddress,
      globalDim, globalStrides, boxDim, elementStrides,
      static_cast<CUtensorMapInterleave>(interleave),
      static_cast<CUtensorMapSwizzle>(swizzle),
      static_cast<CUtensorMapL2promotion>(l2Promotion),
      static_cast<CUtensorMapFloatOOBfill>(oobFill));
  if (result != CUDA_SUCCESS) {
    // The driver says only "invalid value"; print what it was given.
    uint64_t box[kMaxTensorRank] = {0};
    for (uint32_t i = 0; i < tensorRank && i < kMaxTensorRank; ++i)
      box[i] = boxDim[i];
    int rank = static_cast<int>(tensorRank);
    std::fprintf(
        stderr,
        "stl-runtime: cuTensorMapEncodeTiled(dtype %d, rank %u, address %p, "
        "dims %s, byte strides %s, box %s, interleave %d, swizzle %d, "
        "l2 %d, oob %d) rejected (addresses must be 16-byte aligned, "
        "strides multiples of 16 bytes, box dims <= 256, inner box bytes "
        "<= swizzle span)\n",
        dataType, tensorRank, globalAddress, joinDims(globalDim, rank).c_str(),
        joinDims(globalStrides, rank > 0 ? rank - 1 : 0).c_str(),
        joinDims(box, rank).c_str(), interleave, swizzle, l2Promotion, oobFill);
    STL_CU_CHECK(result);
  }
}

void *mgpuTensorMapEncodeTiledMemref(int64_t tensorRank,
                                     StlMemRefDescriptor *descriptor,
                                     int64_t dataType, int64_t interleave,
                                     int64_t swizzle, int64_t l2Promotion,
                                     int64_t oobFill, int64_t *inputBoxDims) {
  activateContext();
  if (tensorRank < 1 || tensorRank > kMaxTensorRank)
    fatal("TMA descriptor of rank " + std::to_string(tensorRank) +
          " (must be 1..5)");
  int elementSize = elementSizeBytes(dataType);
  if (!elementSize)
    fatal("TMA descriptor with unsupported CUtensorMapDataType " +
          std::to_string(dataType));
  int rank = static_cast<int>(tensorRank);
  const int64_t *sizes = descriptor->sizesAndStrides;
  const int64_t *strides = sizes + rank;
  if (strides[rank - 1] != 1)
    fatal("TMA descriptor of a memref whose innermost stride is " +
          std::to_string(strides[rank - 1]) + " (must be 1)");

  // Innermost-first, as the driver wants.
  uint64_t globalDim[kMaxTensorRank] = {0};
  uint64_t globalStrides[kMaxTensorRank] = {0};
  uint32_t boxDim[kMaxTensorRank] = {0};
  uint32_t elementStrides[kMaxTensorRank] = {0};
  for (int i = 0; i < rank; ++i) {
    int memrefDim = rank - 1 - i;
    globalDim[i] = static_cast<uint64_t>(sizes[memrefDim]);
    boxDim[i] = static_cast<uint32_t>(inputBoxDims[memrefDim]);
    elementStrides[i] = 1;
    // globalStrides[i] is the byte stride of dimension i + 1.
    if (i + 1 < rank)
      globalStrides[i] =
          static_cast<uint64_t>(strides[memrefDim - 1]) * elementSize;
  }
  // Upstream MLIR ignores the offset; a subview's TMA box must start at its
  // first element, so honour it (the driver checks the alignment).
  void *globalAddress = static_cast<char *>(descriptor->aligned) +
                        descriptor->offset * elementSize;

  alignas(64) CUtensorMap tensorMap;
  std::memset(&tensorMap, 0, sizeof(tensorMap));
  mgpuTensorMapEncodeTiled(
      &tensorMap, static_cast<int32_t>(dataType), static_cast<uint32_t>(rank),
      globalAddress, globalDim, globalStrides, boxDim, elementStrides,
      static_cast<int32_t>(interleave), static_cast<int32_t>(swizzle),
      static_cast<int32_t>(l2Promotion), static_cast<int32_t>(oobFill));

  TensorMapBits bits;
  std::memcpy(bits.data(), &tensorMap, sizeof(tensorMap));
  InternedTensorMaps &interned = internedTensorMaps();
  std::lock_guard<std::mutex> lock(interned.mutex);
  std::unique_ptr<CUtensorMap> &copy = interned.maps[bits];
  if (!copy) // CUtensorMap is declared alignas(64): new honours it (C++17).
    copy = std::make_unique<CUtensorMap>(tensorMap);
  return copy.get();
}

} // extern "C"
