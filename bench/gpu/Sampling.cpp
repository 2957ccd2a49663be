//===- Sampling.cpp - Copy sampled rows/columns off the device ------------===//

#include "Sampling.h"

#include <cuda_runtime.h>

namespace stl {
namespace bench {

namespace {

bool check(cudaError_t e, const char *what, std::string &error) {
  if (e == cudaSuccess)
    return true;
  error = std::string(what) + ": " + cudaGetErrorString(e);
  return false;
}

} // namespace

bool fetchInputs(Sample &s, const void *x, const void *w, ElementType type,
                 std::string &error) {
  size_t es = byteSize(type);
  const char *xBytes = static_cast<const char *>(x);
  const char *wBytes = static_cast<const char *>(w);
  // Row blocks of X are contiguous: blockRows x K elements each.
  std::vector<char> raw(static_cast<size_t>(s.blockRows * s.K) * es);
  s.x.assign(static_cast<size_t>(s.rows() * s.K), 0.0f);
  for (size_t b = 0; b < s.rowBlocks.size(); ++b) {
    size_t offset =
        static_cast<size_t>(s.rowBlocks[b] * s.blockRows * s.K) * es;
    if (!check(cudaMemcpy(raw.data(), xBytes + offset, raw.size(),
                          cudaMemcpyDeviceToHost),
               "cudaMemcpy (sampled rows of X)", error))
      return false;
    for (size_t i = 0; i < static_cast<size_t>(s.blockRows * s.K); ++i)
      s.x[b * s.blockRows * s.K + i] = loadElement(raw.data(), i, type);
  }
  // Column blocks of W: K rows of blockCols elements, pitch N.
  int64_t cols = s.cols();
  std::vector<char> block(static_cast<size_t>(s.K * s.blockCols) * es);
  s.w.assign(static_cast<size_t>(s.K * cols), 0.0f);
  for (size_t b = 0; b < s.colBlocks.size(); ++b) {
    size_t offset = static_cast<size_t>(s.colBlocks[b] * s.blockCols) * es;
    if (!check(cudaMemcpy2D(block.data(), s.blockCols * es, wBytes + offset,
                            static_cast<size_t>(s.N) * es, s.blockCols * es,
                            static_cast<size_t>(s.K), cudaMemcpyDeviceToHost),
               "cudaMemcpy2D (sampled columns of W)", error))
      return false;
    for (int64_t r = 0; r < s.K; ++r)
      for (int c = 0; c < s.blockCols; ++c)
        s.w[static_cast<size_t>(r * cols + b * s.blockCols + c)] = loadElement(
            block.data(), static_cast<size_t>(r * s.blockCols + c), type);
  }
  return true;
}

bool fetchOutput(const Sample &s, const void *y, ElementType type,
                 std::vector<float> &out, std::string &error) {
  size_t es = byteSize(type);
  const char *yBytes = static_cast<const char *>(y);
  int64_t rows = s.rows(), cols = s.cols();
  out.assign(static_cast<size_t>(rows * cols), 0.0f);
  std::vector<char> row(static_cast<size_t>(s.N) * es);
  for (int64_t r = 0; r < rows; ++r) {
    size_t offset = static_cast<size_t>(s.rowIndex(r) * s.N) * es;
    if (!check(cudaMemcpy(row.data(), yBytes + offset, row.size(),
                          cudaMemcpyDeviceToHost),
               "cudaMemcpy (sampled rows of Y)", error))
      return false;
    for (int64_t c = 0; c < cols; ++c)
      out[static_cast<size_t>(r * cols + c)] =
          loadElement(row.data(), static_cast<size_t>(s.colIndex(c)), type);
  }
  return true;
}

} // namespace bench
} // namespace stl
