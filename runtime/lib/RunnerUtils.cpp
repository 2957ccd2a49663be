//===- RunnerUtils.cpp - Printing functions of MLIR's runner utils --------===//
//
// libstl_runner_utils.so: the printing entry points of MLIR's
// libmlir_runner_utils / libmlir_c_runner_utils that test programs call
// (printMemrefF32, printF32, printNewline, ...), with the same output format,
// so a program compiled by stl-opt on a machine with MLIR can be linked and
// run on a GPU machine without MLIR, and its output compared line by line
// with the CPU path's (only the "base@ = 0x..." address differs).
//
// The layout follows MLIR's printer: nested brackets, ", " between elements
// followed by (rank - dim + 1) spaces of indentation, a newline after each
// row of rank >= 2, values through std::ostream's default formatting.
//
//===----------------------------------------------------------------------===//

#include "stl/Runtime/HalfFloat.h"
#include "stl/Runtime/StlRuntime.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace {

/// MLIR's unranked memref: the rank and a pointer to a ranked descriptor.
struct UnrankedMemRef {
  int64_t rank;
  void *descriptor;
};

/// Element printers: how MLIR's runner utils print each type.
struct PrintF32 {
  using T = float;
  static void print(std::ostream &os, T v) { os << v; }
};
struct PrintF64 {
  using T = double;
  static void print(std::ostream &os, T v) { os << v; }
};
struct PrintI32 {
  using T = int32_t;
  static void print(std::ostream &os, T v) { os << v; }
};
struct PrintI64 {
  using T = int64_t;
  static void print(std::ostream &os, T v) { os << v; }
};
struct PrintF16 {
  using T = uint16_t;
  static void print(std::ostream &os, T v) { os << stl::f16ToFloat(v); }
};
struct PrintBF16 {
  using T = uint16_t;
  static void print(std::ostream &os, T v) { os << stl::bf16ToFloat(v); }
};

void printSpaces(std::ostream &os, int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    os << ' ';
}

/// Prints dimension `dim` (counted from the innermost, 1-based) of a memref
/// of rank `rank` starting at element `offset`.
template <typename P>
void printData(std::ostream &os, const typename P::T *base, int64_t dim,
               int64_t rank, int64_t offset, const int64_t *sizes,
               const int64_t *strides) {
  if (dim == 0) {
    P::print(os, base[offset]);
    return;
  }
  auto printSub = [&](int64_t i) {
    printData<P>(os, base, dim - 1, rank, offset + i * strides[0], sizes + 1,
                 strides + 1);
  };
  os << "[";
  printSub(0);
  if (sizes[0] <= 1) {
    os << "]";
    return;
  }
  os << ", ";
  if (dim > 1)
    os << "\n";
  for (int64_t i = 1; i + 1 < sizes[0]; ++i) {
    printSpaces(os, rank - dim + 1);
    printSub(i);
    os << ", ";
    if (dim > 1)
      os << "\n";
  }
  printSpaces(os, rank - dim + 1);
  printSub(sizes[0] - 1);
  os << "]";
}

template <typename P> void printUnranked(int64_t rank, void *descriptor) {
  auto *d = static_cast<StlMemRefDescriptor *>(descriptor);
  const int64_t *sizes = d->sizesAndStrides;
  const int64_t *strides = sizes + rank;
  std::ostream &os = std::cout;
  os << "Unranked Memref base@ = " << d->aligned << " rank = " << rank
     << " offset = " << d->offset << " sizes = [";
  for (int64_t i = 0; i < rank; ++i)
    os << (i ? ", " : "") << sizes[i];
  os << "] strides = [";
  for (int64_t i = 0; i < rank; ++i)
    os << (i ? ", " : "") << strides[i];
  os << "] data = \n";
  const auto *base = static_cast<const typename P::T *>(d->aligned);
  bool empty = false;
  for (int64_t i = 0; i < rank; ++i)
    empty |= sizes[i] == 0;
  if (rank == 0) {
    os << "[";
    P::print(os, base[d->offset]);
    os << "]";
  } else if (empty) {
    os << "[]"; // MLIR reads out of bounds here; print nothing instead
  } else {
    printData<P>(os, base, rank, rank, d->offset, sizes, strides);
  }
  os << std::endl;
}

} // namespace

#define STL_PRINT_MEMREF(suffix, printer)                                      \
  extern "C" STL_RUNTIME_EXPORT void printMemref##suffix(int64_t rank,         \
                                                         void *descriptor) {   \
    printUnranked<printer>(rank, descriptor);                                  \
  }                                                                            \
  extern "C" STL_RUNTIME_EXPORT void _mlir_ciface_printMemref##suffix(         \
      UnrankedMemRef *m) {                                                     \
    printUnranked<printer>(m->rank, m->descriptor);                            \
  }

STL_PRINT_MEMREF(F32, PrintF32)
STL_PRINT_MEMREF(F64, PrintF64)
STL_PRINT_MEMREF(I32, PrintI32)
STL_PRINT_MEMREF(I64, PrintI64)
STL_PRINT_MEMREF(Ind, PrintI64)
STL_PRINT_MEMREF(F16, PrintF16)
STL_PRINT_MEMREF(BF16, PrintBF16)

#undef STL_PRINT_MEMREF

// Scalars, as MLIR's C runner utils print them (printf, no newline).
extern "C" {
STL_RUNTIME_EXPORT void printF32(float f) { std::printf("%g", f); }
STL_RUNTIME_EXPORT void printF64(double d) { std::printf("%lg", d); }
STL_RUNTIME_EXPORT void printI64(int64_t i) { std::printf("%" PRId64, i); }
STL_RUNTIME_EXPORT void printU64(uint64_t u) { std::printf("%" PRIu64, u); }
STL_RUNTIME_EXPORT void printF16(uint16_t bits) {
  std::printf("%g", stl::f16ToFloat(bits));
}
STL_RUNTIME_EXPORT void printBF16(uint16_t bits) {
  std::printf("%g", stl::bf16ToFloat(bits));
}
STL_RUNTIME_EXPORT void printString(const char *s) { std::fputs(s, stdout); }
STL_RUNTIME_EXPORT void printOpen() { std::fputs("( ", stdout); }
STL_RUNTIME_EXPORT void printClose() { std::fputs(" )", stdout); }
STL_RUNTIME_EXPORT void printComma() { std::fputs(", ", stdout); }
STL_RUNTIME_EXPORT void printNewline() {
  std::fputs("\n", stdout);
  std::fflush(stdout);
}
} // extern "C"
