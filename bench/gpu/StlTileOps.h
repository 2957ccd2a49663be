//===- StlTileOps.h - Per-tile math of the reference STL kernels -*- C++
//-*-===//
//
// The hand-written reference ("stl-ref") encode and decode kernels call these
// functions once per tile; the host unit test calls the very same functions
// over every tile and compares with the fp64 definition, so the index math of
// the kernels is tested without a GPU.
//
// Tiles are at most 4 x 4 and loops are unrolled to 4 with guards, so the 16
// tile values live in registers whatever the runtime m, k, n. Coefficients
// are padded to 16 per product l: coefficient (row i, column j) of product l
// is coef[l * 16 + i * 4 + j] for U (a,b), V (b,c) and the transposed
// decoder D^T (a,c).
//
//===----------------------------------------------------------------------===//

#ifndef STL_BENCH_STLTILEOPS_H
#define STL_BENCH_STLTILEOPS_H

#include <cmath>

#if defined(__CUDACC__)
#define STL_HD __host__ __device__ __forceinline__
#define STL_UNROLL _Pragma("unroll")
#else
#define STL_HD inline
#define STL_UNROLL
#endif

namespace stl {
namespace bench {

constexpr int kMaxRefTileDim = 4;
constexpr int kPaddedTile = kMaxRefTileDim * kMaxRefTileDim;
constexpr int kMaxRefRank = 256;

/// Encodes one tile of `rows` x `cols` values: out_l = sum_ij coef_l[i][j] *
/// tile[i][j] for l < rank. `load(i, j)` reads a tile value as float,
/// `store(l, value)` writes encoded value l.
template <typename LoadFn, typename StoreFn>
STL_HD void encodeTile(int rows, int cols, int rank, const float *coef,
                       LoadFn load, StoreFn store) {
  float x[kPaddedTile];
  STL_UNROLL
  for (int i = 0; i < kMaxRefTileDim; ++i)
    STL_UNROLL
  for (int j = 0; j < kMaxRefTileDim; ++j)
    x[i * kMaxRefTileDim + j] = (i < rows && j < cols) ? load(i, j) : 0.0f;
  for (int l = 0; l < rank; ++l) {
    const float *c = coef + l * kPaddedTile;
    float acc = 0.0f;
    STL_UNROLL
    for (int e = 0; e < kPaddedTile; ++e)
      acc = fmaf(c[e], x[e], acc);
    store(l, acc);
  }
}

/// Decodes one output tile: y[a][c] = sum_l coef_l[a][c] * p_l. `loadP(l)`
/// reads product l of this tile, `store(a, c, value)` writes an output.
template <typename LoadFn, typename StoreFn>
STL_HD void decodeTile(int rows, int cols, int rank, const float *coef,
                       LoadFn loadP, StoreFn store) {
  float acc[kPaddedTile];
  STL_UNROLL
  for (int e = 0; e < kPaddedTile; ++e)
    acc[e] = 0.0f;
  for (int l = 0; l < rank; ++l) {
    float p = loadP(l);
    const float *c = coef + l * kPaddedTile;
    STL_UNROLL
    for (int e = 0; e < kPaddedTile; ++e)
      acc[e] = fmaf(c[e], p, acc[e]);
  }
  STL_UNROLL
  for (int a = 0; a < kMaxRefTileDim; ++a)
    STL_UNROLL
  for (int c = 0; c < kMaxRefTileDim; ++c)
    if (a < rows && c < cols)
      store(a, c, acc[a * kMaxRefTileDim + c]);
}

//===----------------------------------------------------------------------===//
// One thread's work in each reference kernel: tile `t` of a stage. `Conv`
// provides `static float load(T)` and `static T store(float)`.
//===----------------------------------------------------------------------===//

/// Xhat[l, I, J] for tile t = I * tilesJ + J of X[M, K].
#if defined(__CUDACC__)
#pragma nv_exec_check_disable
#endif
template <typename Conv, typename T>
STL_HD void encodeLhsAt(long long t, const T *x, T *xhat, long long tilesI,
                        long long tilesJ, long long K, int m, int k, int rank,
                        const float *coef) {
  long long tiles = tilesI * tilesJ;
  long long I = t / tilesJ, J = t % tilesJ;
  const T *base = x + I * m * K + J * k;
  encodeTile(
      m, k, rank, coef,
      [&](int a, int b) { return Conv::load(base[a * K + b]); },
      [&](int l, float value) { xhat[l * tiles + t] = Conv::store(value); });
}

/// What[l, J, L] for tile t = J * tilesL + L of W[K, N].
#if defined(__CUDACC__)
#pragma nv_exec_check_disable
#endif
template <typename Conv, typename T>
STL_HD void encodeRhsAt(long long t, const T *w, T *what, long long tilesJ,
                        long long tilesL, long long N, int k, int n, int rank,
                        const float *coef) {
  long long tiles = tilesJ * tilesL;
  long long J = t / tilesL, L = t % tilesL;
  const T *base = w + J * k * N + L * n;
  encodeTile(
      k, n, rank, coef,
      [&](int b, int c) { return Conv::load(base[b * N + c]); },
      [&](int l, float value) { what[l * tiles + t] = Conv::store(value); });
}

/// Y[I m + a, L n + c] for tile t = I * tilesL + L from P[l, I, L] (f32).
#if defined(__CUDACC__)
#pragma nv_exec_check_disable
#endif
template <typename Conv, typename TOut>
STL_HD void decodeAt(long long t, const float *p, TOut *y, long long tilesI,
                     long long tilesL, long long N, int m, int n, int rank,
                     const float *coef) {
  long long tiles = tilesI * tilesL;
  long long I = t / tilesL, L = t % tilesL;
  TOut *base = y + I * m * N + L * n;
  decodeTile(
      m, n, rank, coef, [&](int l) { return p[l * tiles + t]; },
      [&](int a, int c, float value) { base[a * N + c] = Conv::store(value); });
}

} // namespace bench
} // namespace stl

#endif // STL_BENCH_STLTILEOPS_H
