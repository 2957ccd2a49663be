//===- GeneratedLibrary.h - Kernel libraries compiled by stl-opt -*- C++
//-*-===//
//
// A case's libstlk_<case>.so exports `void _mlir_ciface_<fn>(...)` functions
// (llvm.emit_c_interface) taking one pointer to a ranked memref descriptor
// per operand, outputs last (destination-passing style), all in device
// memory. Loading the library runs its global constructors, which load the
// embedded GPU binary through libstl_runtime's mgpuModuleLoad.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_GENERATEDLIBRARY_H
#define STL_BENCH_GENERATEDLIBRARY_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace stl {
namespace bench {

/// MLIR's ranked memref descriptor (StridedMemRefType<T, Rank>).
template <int Rank> struct MemRefDescriptor {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = 0;
  int64_t sizes[Rank] = {};
  int64_t strides[Rank] = {};
};

/// Descriptor of a dense row-major buffer.
template <int Rank>
MemRefDescriptor<Rank> rowMajor(void *data, const int64_t (&sizes)[Rank]) {
  MemRefDescriptor<Rank> d;
  d.allocated = d.aligned = data;
  int64_t stride = 1;
  for (int i = Rank - 1; i >= 0; --i) {
    d.sizes[i] = sizes[i];
    d.strides[i] = stride;
    stride *= sizes[i];
  }
  return d;
}

class GeneratedLibrary {
public:
  using Fn2 = void (*)(void *, void *);
  using Fn3 = void (*)(void *, void *, void *);

  GeneratedLibrary() = default;
  GeneratedLibrary(const GeneratedLibrary &) = delete;
  GeneratedLibrary &operator=(const GeneratedLibrary &) = delete;
  ~GeneratedLibrary();

  bool open(const std::string &path, std::string &error);
  /// The symbol, or null (with a reason in `error`).
  void *symbol(const std::string &name, std::string &error) const;
  /// libstl_runtime's stream redirection, if the library links it.
  void setStreamOverride(void *stream, bool deferSync) const;
  bool hasStreamOverride() const { return overrideFn != nullptr; }

  /// libstl_runtime's other harness entry points (StlRuntime.h), null when
  /// the library's runtime predates them.
  struct RuntimeApi {
    int (*batchedGemm)(int64_t, int64_t, int64_t, int64_t, const void *,
                       int64_t, int64_t, const void *, int64_t, int64_t, void *,
                       int64_t, int64_t, int32_t, int32_t, void *) = nullptr;
    void *(*graphCapture)(void (*)(void *), void *, void *, char *,
                          size_t) = nullptr;
    int (*graphLaunch)(void *, void *) = nullptr;
    size_t (*graphNodeCount)(const void *) = nullptr;
    void (*graphDestroy)(void *) = nullptr;
    void (*setPoolAllocation)(int) = nullptr;
    bool hasGraphs() const {
      return graphCapture && graphLaunch && graphNodeCount && graphDestroy;
    }
  };
  const RuntimeApi &runtime() const { return api; }

private:
  void *handle = nullptr;
  void (*overrideFn)(void *, int) = nullptr;
  RuntimeApi api;
};

} // namespace bench
} // namespace stl

#endif // STL_BENCH_GENERATEDLIBRARY_H
