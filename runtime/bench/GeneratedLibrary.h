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

private:
  void *handle = nullptr;
  void (*overrideFn)(void *, int) = nullptr;
};

} // namespace bench
} // namespace stl

#endif // STL_BENCH_GENERATEDLIBRARY_H
