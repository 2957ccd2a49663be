#!/usr/bin/env python3
"""First-order model of fusing STL's encode into the GEMM's producer and its
decode into the GEMM's epilogue (docs/Fusion.md).

For each scheme and problem size it prints, per stage, the bytes that cross
HBM and the time they take at the device's bandwidth, the GEMM's time at a
given fraction of TensorCore peak, and what each fusion variant saves or
costs. Scheme facts (tile, rank, nonzeros of U and W) come from
`stl-scheme list` of the build, so the numbers follow the library.

  bench/fusion_model.py [--build build] [--size 8192] [--hbm-tbs 4.8]
                        [--peak-tflops 989] [--gemm-efficiency 0.7] [--json F]

Defaults: an NVIDIA H200 (4.8 TB/s HBM3e, 989 TFLOP/s dense bf16, 67 TFLOP/s
f32 on the CUDA cores; data-sheet figures, not measurements), bf16
operands and output, f32 products (the default accumulate type), the
weights pre-encoded (a constant layer: W-hat is read, never computed).
"""
import argparse
import json
import subprocess
import sys

SCHEMES = ["strassen", "cp-als-4x4x4-r24", "dps-4x4x4-r48", "strassen-4x4"]


def library(build):
    out = subprocess.run([f"{build}/bin/stl-scheme", "list"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    facts = {}
    for line in out[1:]:
        f = line.split()
        if len(f) < 9 or not f[2].isdigit():
            continue
        m, k, n = (int(x) for x in f[1].split("x"))
        facts[f[0]] = dict(m=m, k=k, n=n, r=int(f[2]), nnz_u=int(f[5]),
                           nnz_v=int(f[6]), nnz_w=int(f[7]))
    return facts


def model(s, size, hbm, peak, eff, fp32_tflops, in_bytes=2, prod_bytes=4,
          out_bytes=2):
    M = K = N = size
    m, k, n, r = s["m"], s["k"], s["n"], s["r"]
    bw = hbm * 1e12
    xhat = r * (M // m) * (K // k)          # encoded lhs elements
    prods = r * (M // m) * (N // n)         # products P
    flops = 2.0 * r * (M // m) * (K // k) * (N // n)
    t_gemm = flops / (peak * 1e12 * eff)
    t_dense = 2.0 * M * N * K / (peak * 1e12 * eff)
    enc_bytes = M * K * in_bytes + xhat * in_bytes       # read X, write X-hat
    dec_bytes = prods * prod_bytes + M * N * out_bytes   # read P, write Y
    # The GEMM's own reads and writes overlap with its math (compute bound at
    # these sizes) and are not counted.
    t_enc, t_dec = enc_bytes / bw, dec_bytes / bw
    unfused = t_enc + t_gemm + t_dec
    # Fused encode: the encode pass goes away (its HBM bytes), but the
    # producer warps compute every X-hat tile from the raw X tiles, nnz(U)/r
    # FMAs per element on the CUDA cores, and they do it again for every
    # column block of the output (N/n/BN CTAs share an X-hat row block):
    # with BN = 256 encoded columns.
    bn = 256
    recompute = max(1, (N // n) // bn)
    fma_rate = fp32_tflops * 1e12 / 2
    t_fused_enc = xhat * (s["nnz_u"] / r) * recompute / fma_rate
    # Fused decode: the decode pass goes away, but one CTA must then add every
    # P_l of its tile into the m*n output sub-tiles it touches, so it holds
    # m*n f32 accumulator tiles per P tile on chip (or issues nnz(W)/r f32
    # reductions to L2 per product element). The largest P tile whose m*n
    # accumulator tiles fit in 160 KiB of shared memory (the rest for operand
    # stages):
    budget = 160 * 1024
    max_tile = budget // (m * n * prod_bytes)
    return dict(
        scheme=s["name"], tile=f"{m}x{k}x{n}", rank=r, size=size,
        dense_ms=t_dense * 1e3, gemm_ms=t_gemm * 1e3,
        encode_ms=t_enc * 1e3, decode_ms=t_dec * 1e3,
        unfused_ms=unfused * 1e3, speedup_unfused=t_dense / unfused,
        encode_share=t_enc / unfused, decode_share=t_dec / unfused,
        fused_encode_fma_per_element=s["nnz_u"] / r,
        fused_encode_recompute=recompute,
        fused_encode_producer_ms=t_fused_enc * 1e3,
        fused_decode_reductions_per_product=s["nnz_w"] / r,
        fused_decode_accumulator_tiles=m * n,
        fused_decode_max_p_tile_elements=max_tile,
        ceiling=m * k * n / r)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--size", type=int, action="append")
    ap.add_argument("--hbm-tbs", type=float, default=4.8)
    ap.add_argument("--peak-tflops", type=float, default=989.0)
    ap.add_argument("--gemm-efficiency", type=float, default=0.7)
    ap.add_argument("--fp32-tflops", type=float, default=67.0,
                    help="CUDA-core f32 FMA rate (2 flops per FMA)")
    ap.add_argument("--json")
    a = ap.parse_args()
    facts = library(a.build)
    rows = []
    for size in a.size or [4096, 8192, 16384]:
        for name in SCHEMES:
            s = dict(facts[name], name=name)
            rows.append(model(s, size, a.hbm_tbs, a.peak_tflops,
                              a.gemm_efficiency, a.fp32_tflops))
    print("size  scheme               rank  dense  gemm   encode decode "
          "unfused vs-dense | fused encode: FMA/elem x recompute = ms | "
          "fused decode: acc tiles, max P tile")
    for r in rows:
        print(f"{r['size']:5d} {r['scheme']:20s} {r['rank']:4d} "
              f"{r['dense_ms']:6.3f} {r['gemm_ms']:6.3f} {r['encode_ms']:6.3f} "
              f"{r['decode_ms']:6.3f} {r['unfused_ms']:6.3f} "
              f"{r['speedup_unfused']:5.2f}x  | "
              f"{r['fused_encode_fma_per_element']:5.2f} x {r['fused_encode_recompute']:3d}"
              f" = {r['fused_encode_producer_ms']:6.3f} | "
              f"{r['fused_decode_accumulator_tiles']:3d}, "
              f"{r['fused_decode_max_p_tile_elements']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(model="bench/fusion_model.py", hbm_tbs=a.hbm_tbs,
                           peak_tflops=a.peak_tflops,
                           fp32_tflops=a.fp32_tflops,
                           gemm_efficiency=a.gemm_efficiency, rows=rows),
                      f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
