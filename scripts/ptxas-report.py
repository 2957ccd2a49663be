#!/usr/bin/env python3
"""Static checks of every GPU kernel configuration, without a GPU.

For each configuration below, builds a small module (a batched stl.hadamard,
or a whole STL product for the encode/decode kernels), compiles it with
`stl-opt --stl-gpu-pipeline` to PTX, assembles the PTX with `ptxas -v` for its
chip and records per kernel: registers, spill stores/loads, stack frame,
static and dynamic shared memory (the latter from the launch in the host
code), barriers, the block size (`/c2`: clusters of 2 blocks), and every
ptxas diagnostic code. With nvdisasm (CUDA toolkit, or the
`nvidia-cuda-nvdisasm` wheel in .venv/) it also counts the SASS instructions
per kernel (the instruction mix).

Fails (exit 1) if a kernel spills, uses a stack frame, or gets a C7519/C7517
diagnostic (ptxas serializing wgmma / inserting warpgroup waits), except where
a configuration lists the code as a known issue of today's kernel; a known
issue that no longer appears fails too, so the list cannot go stale.

Usage: scripts/ptxas-report.py [--build DIR] [--ptxas PATH] [--nvdisasm PATH|none]
           [--only NAME ...] [--json FILE] [--text FILE] [--work DIR] [--list]
           [--ptxas-option FLAG ...]
Exit status: 0 all checks passed, 1 a check failed, 2 usage or a tool failed.
"""

import argparse
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Diagnostics that mean the TensorCore pipeline was serialized by ptxas.
BAD_CODES = {"C7519", "C7517"}

# name, chip, module, extra pipeline options, known diagnostic codes.
# Modules: ("hadamard", batch, M, K, N) is one bf16 stl.hadamard with an f32
# result ("hadamard-bf16": a bf16 result); ("stl", scheme, M, K, N) is the benchmark's stl.matmul on
# pre-encoded bf16 weights (encode, GEMM, decode kernels).
CONFIGS = [
    # sm_90a (wgmma + TMA): what the selection picks, by problem size (the
    # persistent warp-specialized kernel).
    ("sm90a-auto-24x2048x2048x2048", "sm_90a", ("hadamard", 24, 2048, 2048, 2048), "", ()),
    ("sm90a-auto-7x4096x4096x4096", "sm_90a", ("hadamard", 7, 4096, 4096, 4096), "", ()),
    ("sm90a-auto-7x512x512x512", "sm_90a", ("hadamard", 7, 512, 512, 512), "", ()),
    ("sm90a-auto-24x64x2048x2048", "sm_90a", ("hadamard", 24, 64, 2048, 2048), "", ()),
    ("sm90a-auto-24x2048x64x2048", "sm_90a", ("hadamard", 24, 2048, 64, 2048), "", ()),
    # sm_90a persistent, pinned tiles.
    ("sm90a-persistent-128x128x64-2wg", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "block-tile=128,128,64 warp-layout=2,1", ()),
    ("sm90a-persistent-64x256x64-1wg", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "block-tile=64,256,64 warp-layout=1,1", ()),
    ("sm90a-persistent-128x256x64-bf16out", "sm_90a", ("hadamard-bf16", 24, 2048, 2048, 2048),
     "block-tile=128,256,64 warp-layout=2,1", ()),
    # Clusters of two blocks along M with the rhs multicast; 1984 rows are
    # 31 row-tiles of 64, an odd number (the guarded epilogue).
    ("sm90a-persistent-128x256x64-cluster2", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "cluster=2", ()),
    ("sm90a-persistent-64x128x64-cluster2-odd", "sm_90a", ("hadamard", 7, 1984, 512, 512),
     "block-tile=64,128,64 warp-layout=1,1 cluster=2", ()),
    # sm_90a data-parallel kernel (one block per tile), pinned tiles.
    ("sm90a-dp-auto-24x2048x2048x2048", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "schedule=data_parallel", ()),
    # One k-tile: the data-parallel kernel starts from zeroed accumulators and
    # ptxas inserts a warpgroup.arrive (docs/GPU.md, Limitations).
    ("sm90a-dp-auto-24x2048x64x2048", "sm_90a", ("hadamard", 24, 2048, 64, 2048),
     "schedule=data_parallel", ("C7519",)),
    ("sm90a-128x128x64-1wg-4st", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "schedule=data_parallel block-tile=128,128,64 warp-layout=1,1 stages=4", ()),
    ("sm90a-256x128x64-2wg-4st", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "schedule=data_parallel block-tile=256,128,64 warp-layout=2,1 stages=4", ()),
    ("sm90a-128x64x64-2wg-4st", "sm_90a", ("hadamard", 24, 2048, 2048, 2048),
     "schedule=data_parallel block-tile=128,64,64 warp-layout=2,1 stages=4", ()),
    # sm_80 / sm_90 (mma.sync).
    ("sm80-auto-24x2048x2048x2048", "sm_80", ("hadamard", 24, 2048, 2048, 2048), "", ()),
    ("sm80-128x256x32-2x4-3st", "sm_80", ("hadamard", 24, 2048, 2048, 2048),
     "block-tile=128,256,32 warp-layout=2,4 stages=3", ()),
    ("sm90-auto-24x2048x2048x2048", "sm_90", ("hadamard", 24, 2048, 2048, 2048), "", ()),
    # Whole STL products: the encode and decode kernels too.
    ("sm90a-stl-strassen-8192", "sm_90a", ("stl", "strassen", 8192, 8192, 8192), "", ()),
    ("sm90a-stl-r24-8192", "sm_90a", ("stl", "cp-als-4x4x4-r24", 8192, 8192, 8192), "", ()),
    ("sm80-stl-strassen-8192", "sm_80", ("stl", "strassen", 8192, 8192, 8192), "", ()),
]

SCHEME_SHAPES = {}  # scheme -> (m, k, n, rank), read from schemes/*.json


def scheme_shape(name):
    if name not in SCHEME_SHAPES:
        with open(os.path.join(ROOT, "schemes", name + ".json")) as f:
            s = json.load(f)
        SCHEME_SHAPES[name] = (s["m"], s["k"], s["n"], s["rank"])
    return SCHEME_SHAPES[name]


def module_text(module):
    kind = module[0]
    if kind in ("hadamard", "hadamard-bf16"):
        _, r, m, k, n = module
        a, b = "tensor<%dx%dx%dxbf16>" % (r, m, k), "tensor<%dx%dx%dxbf16>" % (r, k, n)
        c = "tensor<%dx%dx%dx%s>" % (r, m, n, "bf16" if kind == "hadamard-bf16" else "f32")
        return ("func.func @h(%%a: %s, %%b: %s) -> %s attributes {llvm.emit_c_interface} {\n"
                "  %%0 = stl.hadamard %%a, %%b : %s, %s -> %s\n"
                "  return %%0 : %s\n}\n") % (a, b, c, a, b, c, c)
    _, scheme, M, K, N = module
    m, k, n, r = scheme_shape(scheme)
    x, y = "tensor<%dx%dxbf16>" % (M, K), "tensor<%dx%dxbf16>" % (M, N)
    we = "tensor<%dx%dx%dxbf16>" % (r, K // k, N // n)
    return ("func.func @stl_matmul(%%x: %s, %%we: %s) -> %s attributes {llvm.emit_c_interface} {\n"
            "  %%0 = stl.matmul %%x, %%we acc(f32) rhs_encoded {scheme = #stl.scheme<\"%s\">}"
            " : %s, %s -> %s\n  return %%0 : %s\n}\n") % (x, we, y, scheme, x, we, y, y)


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s\n%s" % (what, p.returncode, " ".join(cmd),
                                                           p.stderr[-3000:]))
    return p


def kernel_configs(stl_opt, src, chip, options):
    """The #stl.kernel_config the selection attaches (or the pinned one)."""
    opts = "chip=%s %s" % (chip, options)
    p = run([stl_opt, src, "--stl-decompose", "--stl-select-kernel-config=%s" % opts.strip()],
            "stl-opt --stl-select-kernel-config")
    return sorted(set(re.findall(r"#stl\.kernel_config<[^>]*>", p.stdout)))


def launches(host_ir):
    """kernel -> {block, dynamic_smem} from the gpu.launch_func ops of the host
    code, resolving each llvm.mlir.constant within its llvm.func."""
    out = {}
    for body in re.split(r"\n\s*llvm\.func ", host_ir):
        consts = dict(re.findall(r"(%\w+) = llvm\.mlir\.constant\((-?\d+) : (?:i\d+|index)\)",
                                 body))
        for m in re.finditer(r"gpu\.launch_func .*?@\w+::@(\w+) (?:clusters in \(([^)]*)\) )?"
                             r"blocks in \(([^)]*)\) threads in "
                             r"\(([^)]*)\)[^\n]*?(?:dynamic_shared_memory_size (%\w+)|args)", body):
            name, cluster, threads, smem = m.group(1), m.group(2), m.group(4), m.group(5)
            dims = lambda text: [int(consts.get(v.strip(), -1)) for v in text.split(",")]
            out[name] = {"block": dims(threads),
                         "cluster": dims(cluster) if cluster else [1, 1, 1],
                         "dynamic_smem": int(consts.get(smem, -1)) if smem else 0}
    return out


PTXAS_FUNC = re.compile(r"Function properties for (\w+)\n\s*(\d+) bytes stack frame, (\d+) bytes "
                        r"spill stores, (\d+) bytes spill loads\n.*?Used (\d+) registers"
                        r"(?:, used (\d+) barriers)?(?:, (\d+) bytes smem)?", re.S)


def parse_ptxas(log):
    kernels = {}
    for m in PTXAS_FUNC.finditer(log):
        kernels[m.group(1)] = {
            "stack_frame": int(m.group(2)), "spill_stores": int(m.group(3)),
            "spill_loads": int(m.group(4)), "registers": int(m.group(5)),
            "barriers": int(m.group(6) or 0), "static_smem": int(m.group(7) or 0),
            "diagnostics": []}
    for line in log.splitlines():
        code = re.search(r"\((C\d{4})\)", line)
        if not code and "warning" not in line:
            continue
        fn = re.search(r"function '(\w+)'", line)
        target = kernels.get(fn.group(1)) if fn else None
        entry = {"code": code.group(1) if code else "warning", "text": line.strip()}
        if target is not None:
            target["diagnostics"].append(entry)
        else:
            for k in kernels.values():
                k["diagnostics"].append(entry)
    return kernels


def sass_mix(nvdisasm, cubin):
    """kernel -> Counter of SASS opcodes (with their width/type suffix for
    memory instructions, e.g. STG.E.128)."""
    p = run([nvdisasm, "-c", cubin], "nvdisasm")
    mixes, current = {}, None
    for line in p.stdout.splitlines():
        sec = re.match(r"\s*\.section\s+\.text\.(\w+),", line)
        if sec:
            current = mixes.setdefault(sec.group(1), collections.Counter())
            continue
        ins = re.match(r"\s*/\*[0-9a-f]+\*/\s+(?:@!?U?P[T0-9]+\s+)?([A-Z][A-Z0-9_.]*)", line)
        if ins and current is not None:
            op = ins.group(1)
            base = op.split(".")[0]
            # Memory instructions keep their width: the vectorization shows.
            if base in ("STG", "LDG", "STS", "LDS", "LDSM", "STSM"):
                width = [p for p in op.split(".")[1:] if p in ("64", "128", "U16", "U8")]
                op = base + ("." + width[0] if width else "")
            else:
                op = base
            current[op] += 1
    return mixes


def find_tool(explicit, name, extra_dirs):
    if explicit:
        return explicit
    cuda = os.environ.get("CUDA_HOME", "/usr/local/cuda")
    for d in [os.path.join(cuda, "bin")] + extra_dirs:
        path = os.path.join(d, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return shutil.which(name)


def venv_nvdisasm_dirs():
    dirs = []
    lib = os.path.join(ROOT, ".venv", "lib")
    if os.path.isdir(lib):
        for py in sorted(os.listdir(lib)):
            dirs.append(os.path.join(lib, py, "site-packages", "nvidia", "cu13", "bin"))
    return dirs


def tool_version(tool):
    p = subprocess.run([tool, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    return lines[-2].strip() + "; " + lines[-1].strip() if len(lines) >= 2 else p.stdout.strip()


def git_commit():
    p = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    commit = p.stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "-C", ROOT, "diff", "--quiet", "HEAD"]).returncode != 0
    return commit + (" (+ local changes)" if dirty else "")


KEY_OPS = ["HGMMA", "HMMA", "UTMALDG", "LDGSTS", "LDSM", "LDG", "LDG.64", "LDG.128", "STG",
           "STG.64", "STG.128", "STS", "STS.64", "STS.128", "LDS", "LDS.64", "LDS.128", "BAR",
           "SYNCS"]


def finish(report, text, args, work):
    """Prints the report, writes --text/--json, removes the scratch folder
    unless --work named it; the exit status (1 if any problem)."""
    sys.stdout.write(text)
    if args.text:
        with open(args.text, "w") as f:
            f.write(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if report["problems"] else 0


def format_text(report):
    lines = ["ptxas report: %s" % report["created_utc"],
             "commit: %s" % report["commit"],
             "command: %s" % report["command"],
             "ptxas: %s" % report["ptxas_version"],
             "nvdisasm: %s" % (report["nvdisasm_version"] or "not found (no SASS mix)"),
             ""]
    head = "%-30s %-24s %5s %7s %6s %8s %8s %-10s %s" % (
        "configuration", "kernel", "regs", "spill", "stack", "smem", "dynsmem", "block",
        "diagnostics")
    lines.append(head)
    for c in report["configurations"]:
        for k in c["kernels"]:
            diag = ",".join(sorted({d["code"] for d in k["diagnostics"]})) or "-"
            lines.append("%-30s %-24s %5d %7s %6d %8d %8s %-10s %s" % (
                c["name"], k["name"], k["registers"],
                "%d/%d" % (k["spill_stores"], k["spill_loads"]), k["stack_frame"],
                k["static_smem"], k.get("dynamic_smem", "-"),
                ("x".join(str(b) for b in k.get("block", [])) or "-") +
                ("/c%d" % k["cluster"][0] if k.get("cluster", [1])[0] > 1 else ""), diag))
    if report["nvdisasm_version"]:
        lines += ["", "SASS instruction mix (selected opcodes; all of them in the JSON):",
                  "%-30s %-24s %6s  %s" % ("configuration", "kernel", "total", " ".join(KEY_OPS))]
        for c in report["configurations"]:
            for k in c["kernels"]:
                mix = k.get("sass_mix", {})
                lines.append("%-30s %-24s %6d  %s" % (
                    c["name"], k["name"], k.get("sass_total", 0),
                    " ".join("%s=%d" % (op, mix[op]) for op in KEY_OPS if mix.get(op))))
    lines += ["", "kernel configurations:"]
    for c in report["configurations"]:
        lines.append("  %-30s %s" % (c["name"], " ".join(c["kernel_config"]) or "(no GEMM)"))
    lines += ["", "checks: %s" % ("passed" if not report["problems"] else "FAILED")]
    lines += ["  " + p for p in report["problems"]]
    lines += ["  known issue: " + p for p in report["known_issues"]]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--ptxas")
    ap.add_argument("--nvdisasm", help="path, or 'none' to skip the SASS mix")
    ap.add_argument("--only", nargs="*", help="configuration names")
    ap.add_argument("--json")
    ap.add_argument("--text")
    ap.add_argument("--work")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--ptxas-option", action="append", default=[],
                    help="extra ptxas flag (e.g. -maxrregcount=32 to see the spill check fail)")
    args = ap.parse_args()

    configs = CONFIGS
    if args.only:
        unknown = set(args.only) - {c[0] for c in CONFIGS}
        if unknown:
            print("ptxas-report: unknown configuration(s): %s" % " ".join(sorted(unknown)),
                  file=sys.stderr)
            return 2
        configs = [c for c in CONFIGS if c[0] in args.only]
    if args.list:
        for c in configs:
            print(c[0])
        return 0
    stl_opt = os.path.join(args.build, "bin", "stl-opt")
    ptxas = find_tool(args.ptxas, "ptxas", [])
    if not os.path.exists(stl_opt) or not ptxas:
        print("ptxas-report: need %s and ptxas (CUDA_HOME or PATH)" % stl_opt, file=sys.stderr)
        return 2
    nvdisasm = None
    if args.nvdisasm != "none":
        nvdisasm = find_tool(args.nvdisasm, "nvdisasm", venv_nvdisasm_dirs())

    work = args.work or tempfile.mkdtemp(prefix="ptxas-report.")
    os.makedirs(work, exist_ok=True)
    report = {
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git_commit(),
        # Paths of this machine are left out: tools by name, files relative.
        "command": "scripts/ptxas-report.py" + "".join(
            " " + (os.path.basename(a) if os.path.isabs(a) else a) for a in sys.argv[1:]),
        "ptxas_version": tool_version(ptxas),
        "nvdisasm_version": tool_version(nvdisasm) if nvdisasm else None,
        "configurations": [], "problems": [], "known_issues": []}
    try:
        for name, chip, module, options, known in configs:
            d = os.path.join(work, name)
            os.makedirs(d, exist_ok=True)
            src = os.path.join(d, "input.mlir")
            with open(src, "w") as f:
                f.write(module_text(module))
            pipeline = ("chip=%s format=isa dump-ptx=%s %s" % (chip, d, options)).strip()
            host = os.path.join(d, "host.mlir")
            run([stl_opt, src, "--stl-gpu-pipeline=%s" % pipeline, "-o", host],
                "stl-opt --stl-gpu-pipeline")
            ptx = os.path.join(d, "stl_kernels.%s.ptx" % chip)
            cubin = os.path.join(d, "stl_kernels.%s.cubin" % chip)
            log = run([ptxas, "-arch=%s" % chip, "-v"] + args.ptxas_option + [ptx, "-o", cubin],
                      "ptxas").stderr
            with open(os.path.join(d, "ptxas.log"), "w") as f:
                f.write(log)
            kernels = parse_ptxas(log)
            with open(host) as f:
                for kname, launch in launches(f.read()).items():
                    kernels.get(kname, {}).update(launch)
            mixes = sass_mix(nvdisasm, cubin) if nvdisasm else {}
            entry = {"name": name, "chip": chip, "module": list(module),
                     "pipeline_options": pipeline.replace(d, "<dir>"),
                     "kernel_config": kernel_configs(stl_opt, src, chip, options),
                     "known_codes": list(known), "kernels": []}
            seen = set()
            for kname in sorted(kernels):
                k = dict(kernels[kname], name=kname)
                if kname in mixes:
                    k["sass_total"] = sum(mixes[kname].values())
                    k["sass_mix"] = dict(mixes[kname].most_common())
                entry["kernels"].append(k)
                where = "%s: %s" % (name, kname)
                if k["spill_stores"] or k["spill_loads"]:
                    report["problems"].append("%s spills (%d bytes stored, %d loaded)" % (
                        where, k["spill_stores"], k["spill_loads"]))
                if k["stack_frame"]:
                    report["problems"].append("%s uses a %d-byte stack frame" % (
                        where, k["stack_frame"]))
                for diag in k["diagnostics"]:
                    seen.add(diag["code"])
                    if diag["code"] in known:
                        report["known_issues"].append("%s %s" % (where, diag["text"]))
                    elif diag["code"] in BAD_CODES or diag["code"] == "warning":
                        report["problems"].append("%s: %s" % (where, diag["text"]))
            if not kernels:
                report["problems"].append("%s: ptxas reported no kernels" % name)
            for code in known:
                if code not in seen:
                    report["problems"].append(
                        "%s: known %s no longer reported: remove it from the configuration "
                        "list in scripts/ptxas-report.py" % (name, code))
            report["configurations"].append(entry)
    except RuntimeError as e:
        print("ptxas-report: %s" % e, file=sys.stderr)
        return 2
    return finish(report, format_text(report), args, work)


if __name__ == "__main__":
    sys.exit(main())
