//===- Manifest.h - Cases compiled by stl-opt for stl-bench -----*- C++ -*-===//
//
// The manifest (written by scripts/prepare-gpu-artifacts.sh; schema in
// docs/Benchmarking.md) lists the benchmark cases the compiler produced: per
// case the kernel library, the problem and scheme, and the C-interface
// symbols of its stages. Relative paths are relative to the manifest's
// folder.
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_MANIFEST_H
#define STL_BENCH_MANIFEST_H

#include "ElementType.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stl {
namespace bench {

/// Symbols of `void _mlir_ciface_<fn>(memref descriptors...)`; empty if the
/// case does not provide that stage.
struct StageSymbols {
  std::string encodeLhs; // (X[M,K], Xhat[r,M/m,K/k])
  std::string encodeRhs; // (W[K,N], What[r,K/k,N/n])
  std::string hadamard;  // (Xhat, What, P[r,M/m,N/n])
  std::string decode;    // (P, Y[M,N])
  std::string matmul;    // (X, What, Y): the whole STL with encoded weights
};

struct ManifestCase {
  std::string name;
  std::string library;    // file name of libstlk_<name>.so
  std::string object;     // object it is linked from (informational)
  std::string scheme;     // scheme name
  std::string schemeFile; // resolved path of the scheme JSON
  int64_t M = 0, K = 0, N = 0;
  int m = 0, k = 0, n = 0, rank = 0;
  ElementType dtype = ElementType::BF16;        // X, W, Xhat, What
  ElementType outDtype = ElementType::BF16;     // Y
  ElementType hadamardDtype = ElementType::F32; // P
  StageSymbols symbols;
};

struct Manifest {
  std::string path;
  std::string folder; // where relative paths start
  std::string generatedBy;
  std::vector<ManifestCase> cases;
};

/// Reads and validates a manifest; errors name the file and the case.
bool readManifest(const std::string &path, Manifest &out, std::string &error);

/// `path` if absolute, else `folder`/`path`.
std::string resolvePath(const std::string &folder, const std::string &path);

} // namespace bench
} // namespace stl

#endif // STL_BENCH_MANIFEST_H
