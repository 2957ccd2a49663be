#!/usr/bin/env python3
"""Differential tester of --stl-rewrite-matmul on random programs.

Each program is a module of random matrix products in the forms front ends
emit (linalg.matmul with and without indexing maps, linalg.batch_matmul,
linalg.contract, the contraction linalg.generics torch-mlir emits, on tensors
or memrefs, static, odd, tiny and dynamic shapes, f32/f16/bf16/i32/i8,
constant weights behind transposes, broadcasts and casts, several and chained
products) and a main that prints every result. The program is lowered with
the default --stl-cpu-pipeline and run with mlir-runner (the reference), then
rewritten with a random option set and run again. On integer-valued data an
exact scheme must print the very same numbers; lossy encodings must stay
within a stated bound; approximate schemes must run and print the same
shapes. A rewrite may refuse cleanly (non-zero exit with an `error:`
diagnostic); a crash never passes.

Python 3 standard library only. Usage:

  fuzz/difftest.py --seed 1 --count 200 [--jobs 1] [--batch 16] [--keep-failures DIR]

--batch K puts K programs into one module (each command then runs once per
batch, several times faster; the batch shares its option sets); a failing
batch is split until every verdict is about one program.
Everything about program i follows from (--seed, i), its option sets from
(--seed, --batch, i): a failure reported as `seed 1 program 17` comes back
with `--seed 1 --first 17 --count 1` (and the same --batch).
Exit status: 0 if nothing failed, 1 otherwise.
"""

import argparse
import collections
import concurrent.futures
import copy
import glob
import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What a crash looks like on stderr (MLIR built without assertions still
# prints these for fatal errors and signals); a crash is never a refusal.
CRASH_MARKERS = ("LLVM ERROR", "PLEASE submit a bug report", "Assertion",
                 "Stack dump", "Segmentation fault", "AddressSanitizer",
                 "UndefinedBehaviorSanitizer", "runtime error:")

# Sizes: tiny, odd and prime, multiples of every tile (2, 3, 4, 5, 6), and a
# few larger ones that give whole vector strips.
SIZES_SMALL = [1, 2, 3, 4, 5, 6, 7, 8]
SIZES_ODD = [5, 7, 9, 11, 13, 17, 19, 23]
SIZES_TILE = [4, 6, 8, 12, 16, 20, 24, 30, 32, 36, 48, 60]
SIZES_LARGE = [64, 72, 96, 100]

# (input type, output type): the output is the accumulator.
TYPE_PAIRS = [("f32", "f32")] * 4 + [
    ("f16", "f32"), ("bf16", "f32"), ("f16", "f16"), ("bf16", "bf16"),
    ("i32", "i32"), ("i32", "i32"), ("i8", "i32"), ("i8", "i32"),
    ("i8", "i8")]

FLOATS = ("f16", "bf16", "f32", "f64")

# --skip-type IN:OUT: type pairs left out (a known finding that would
# otherwise fail every program that draws it).
SKIPPED_TYPES = set()

# Largest integer each accumulator holds exactly: results of the reference
# (which accumulates in the output type) are exact only below it.
EXACT_LIMIT = {"f32": 1 << 24, "f16": 2048, "bf16": 256, "i32": 1 << 30,
               "i8": None}  # i8 wraps in both programs alike: ring arithmetic


def is_float(t):
    return t in FLOATS


# --------------------------------------------------------------------------
# Program model
# --------------------------------------------------------------------------

class Product:
    """One contraction C[batch.., M, N] (+)= A * B.

    kind: matmul, matmul_ta, matmul_tb (linalg.matmul with indexing maps),
    batch, batch_tb (linalg.batch_matmul), contract (linalg.contract),
    generic (torch-mlir's contraction generic, any layout), generic_bcast
    (a batched lhs against an unbatched rhs: not a matrix product for the
    rewrite, which must leave it alone).
    """

    def __init__(self, **kw):
        self.kind = "matmul"
        self.batch = []          # batch extents
        self.m = self.n = self.k = 1
        self.a_layout = "mk"     # mk or km
        self.b_layout = "kn"     # kn or nk
        self.in_t = "f32"
        self.out_t = "f32"
        self.unsigned = False    # i8 inputs widened with extui
        self.init = "arg"        # arg, zero, const
        self.weight = "arg"      # arg, const, const_t, const_bcast, const_cast
        self.dyn = set()         # dynamic dims among b0.., m, n, k
        self.chained = False     # lhs is the previous product's result
        self.commuted = False    # generic body adds acc on the right
        self.__dict__.update(kw)

    def to_json(self):
        d = dict(self.__dict__)
        d["dyn"] = sorted(self.dyn)
        return d

    @staticmethod
    def from_json(d):
        p = Product(**d)
        p.dyn = set(d["dyn"])
        return p


class Program:
    def __init__(self, units, memref=False):
        self.units = units       # list of lists of Product (one func each)
        self.memref = memref

    def to_json(self):
        return {"memref": self.memref,
                "units": [[p.to_json() for p in u] for u in self.units]}

    @staticmethod
    def from_json(d):
        return Program([[Product.from_json(p) for p in u] for u in d["units"]],
                       d["memref"])

    def products(self):
        return [p for u in self.units for p in u]


def pick_size(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(SIZES_SMALL)
    if r < 0.6:
        return rng.choice(SIZES_ODD)
    if r < 0.93:
        return rng.choice(SIZES_TILE)
    return rng.choice(SIZES_LARGE)


def random_product(rng, prev=None, memref=False):
    p = Product()
    if prev is not None:
        # A chain: the previous result (canonical layout, same batch) is the
        # lhs; no casts, so the types agree.
        p.chained = True
        # linalg.batch_matmul has exactly one batch dimension; other batch
        # counts chain through a generic.
        p.kind = {0: "matmul", 1: "batch"}.get(len(prev.batch), "generic")
        p.batch = list(prev.batch)
        p.m, p.k = prev.m, prev.n
        p.n = pick_size(rng)
        p.in_t = p.out_t = prev.out_t
        p.b_layout = "kn" if p.kind in ("matmul", "batch") else rng.choice(
            ["kn", "nk"])
        p.init = rng.choice(["arg", "zero"])
        p.dyn = set(d for d in prev.dyn if d.startswith("b") or d == "m")
        if rng.random() < 0.3:
            p.dyn.add(rng.choice(["n", "k"]))
        return p
    p.kind = rng.choice(["matmul", "matmul", "matmul_ta", "matmul_tb", "batch",
                         "batch", "batch_tb", "contract", "generic", "generic",
                         "generic", "generic_bcast"])
    if memref and p.kind in ("contract", "generic_bcast"):
        p.kind = "generic"
    p.m, p.n, p.k = pick_size(rng), pick_size(rng), pick_size(rng)
    if rng.random() < 0.01:
        setattr(p, rng.choice("mnk"), 0)     # an empty product
    if p.kind in ("batch", "batch_tb", "generic_bcast"):
        p.batch = [rng.choice([1, 2, 3])]
    elif p.kind == "generic" and rng.random() < 0.4:
        p.batch = [rng.choice([1, 2, 3]) for _ in range(rng.choice([1, 1, 2]))]
    if p.kind in ("matmul_ta",):
        p.a_layout = "km"
    if p.kind in ("matmul_tb", "batch_tb"):
        p.b_layout = "nk"
    if p.kind in ("generic", "contract"):
        p.a_layout = rng.choice(["mk", "mk", "km"])
        p.b_layout = rng.choice(["kn", "nk"])
    p.in_t, p.out_t = rng.choice([t for t in TYPE_PAIRS if t not in SKIPPED_TYPES])
    if memref and p.out_t not in ("f32", "i32"):
        p.in_t, p.out_t = rng.choice([("f32", "f32"), ("i32", "i32"),
                                      ("f16", "f32"), ("i8", "i32")])
    p.unsigned = p.in_t == "i8" and p.out_t == "i32" and rng.random() < 0.4
    p.init = "arg" if memref else rng.choice(["arg", "zero", "zero", "const"])
    if not memref and rng.random() < 0.35:
        choices = ["const", "const_t", "const_cast"]
        if p.batch and p.kind != "generic_bcast":
            choices.append("const_bcast")
        p.weight = rng.choice(choices)
    dims = ["b%d" % i for i in range(len(p.batch))] + ["m", "n", "k"]
    if rng.random() < 0.35:
        p.dyn = set(d for d in dims if rng.random() < 0.5)
    # Constant weights are static by construction: K and N (and the batch of
    # a broadcast) come from the constant.
    p.commuted = rng.random() < 0.2
    fit_values(p)
    return p


def fit_values(p):
    """Narrows K so that the reference's own accumulation stays exact."""
    limit = EXACT_LIMIT[p.out_t]
    if limit is None or p.chained:
        return
    r = value_range(p)
    while p.k > 1 and p.k * r * r * (255 if p.unsigned else 1) + r > limit:
        p.k = max(1, p.k // 2)


def value_range(p):
    if p.out_t == "bf16":
        return 1
    if p.out_t == "f16":
        return 2
    return 3


def random_program(rng):
    memref = rng.random() < 0.12
    units = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        unit = [random_product(rng, memref=memref)]
        while not memref and rng.random() < 0.3 and len(unit) < 3:
            last = unit[-1]
            # Chains only where the values stay exact: f32 and i32 results.
            if (last.out_t in ("f32", "i32") and last.in_t == last.out_t
                    and not last.unsigned and 0 not in (last.m, last.n, last.k)
                    and rng.random() < 0.6):
                unit.append(random_product(rng, prev=last))
            else:
                unit.append(random_product(rng))
        units.append(unit)
    return Program(units, memref)


# --------------------------------------------------------------------------
# MLIR emission
# --------------------------------------------------------------------------

def shape_str(shape, elt):
    return "x".join([str(s) for s in shape] + [elt])


def ttype(shape, elt, dyn_mask=None, memref=False):
    dims = ["?" if dyn_mask and dyn_mask[i] else str(s)
            for i, s in enumerate(shape)]
    kind = "memref" if memref else "tensor"
    return "%s<%s>" % (kind, "x".join(dims + [elt]))


class Emitter:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.n = 0

    def fresh(self, base="v"):
        self.n += 1
        return "%%%s%d" % (base, self.n)

    def emit(self, line):
        self.lines.append("    " + line)


def dense(rng, shape, elt, r):
    """A dense literal of integers in [-r, r]."""
    count = 1
    for s in shape:
        count *= s
    vals = [rng.randint(-r, r) for _ in range(count)]
    if count == 0:
        return "dense<> : tensor<%s>" % shape_str(shape, elt)

    def nest(dim):
        if dim == len(shape):
            v = vals.pop()
            return ("%d.0" % v) if is_float(elt) else "%d" % v
        return "[" + ", ".join(nest(dim + 1) for _ in range(shape[dim])) + "]"
    return "dense<%s> : tensor<%s>" % (nest(0), shape_str(shape, elt))


LOOPS = "bcdefgh"


def operand_dims(p, which):
    """Loop-dim names of an operand, in its storage order."""
    bn = ["b%d" % i for i in range(len(p.batch))]
    if which == "a":
        return bn + (["m", "k"] if p.a_layout == "mk" else ["k", "m"])
    if which == "b":
        rest = ["k", "n"] if p.b_layout == "kn" else ["n", "k"]
        return rest if p.kind == "generic_bcast" else bn + rest
    return bn + ["m", "n"]


def extent(p, d):
    if d.startswith("b"):
        return p.batch[int(d[1:])]
    return getattr(p, d)


PRINT_DECLS = ["func.func private @printMemrefF32(tensor<*xf32>)",
               "func.func private @printMemrefI32(tensor<*xi32>)"]


def emit_program(prog, seed, prefix=None):
    """Returns the module's text; data follow from `seed`. With a `prefix`,
    the program's functions only (main and the units named prefix + name,
    no declarations), to be put into a batch module (batch_module)."""
    rng = random.Random(seed)
    out = []
    if prefix is None:
        out.append("// Generated by fuzz/difftest.py.")
        out.extend(PRINT_DECLS)
    pre = prefix or ""
    main = Emitter(rng)
    printed = 0
    for ui, unit in enumerate(prog.units):
        fn, arg_specs, results = emit_unit(ui, unit, prog.memref, pre)
        out.extend(fn)
        # main: constants for every argument, call, print each result.
        args = []
        for (shape, elt, dynmask, r, role) in arg_specs:
            cst = main.fresh("c")
            main.emit("%s = arith.constant %s" % (cst, dense(rng, shape, elt, r)))
            static_t = ttype(shape, elt)
            val = cst
            if prog.memref:
                buf = main.fresh("m")
                main.emit("%s = bufferization.to_buffer %s : %s to %s" % (
                    buf, cst, static_t, ttype(shape, elt, memref=True)))
                if role == "init":
                    # The output is written: give it a buffer of its own.
                    own = main.fresh("m")
                    main.emit("%s = memref.alloc() : %s" % (
                        own, ttype(shape, elt, memref=True)))
                    main.emit("memref.copy %s, %s : %s to %s" % (
                        buf, own, ttype(shape, elt, memref=True),
                        ttype(shape, elt, memref=True)))
                    buf = own
                val = buf
                if any(dynmask):
                    cast = main.fresh("m")
                    main.emit("%s = memref.cast %s : %s to %s" % (
                        cast, val, ttype(shape, elt, memref=True),
                        ttype(shape, elt, dynmask, memref=True)))
                    val = cast
                args.append((val, ttype(shape, elt, dynmask, memref=True),
                             shape, elt, role))
            else:
                if any(dynmask):
                    cast = main.fresh("c")
                    main.emit("%s = tensor.cast %s : %s to %s" % (
                        cast, cst, static_t, ttype(shape, elt, dynmask)))
                    val = cast
                args.append((val, ttype(shape, elt, dynmask), shape, elt, role))
        arg_list = ", ".join(a[0] for a in args)
        arg_types = ", ".join(a[1] for a in args)
        if prog.memref:
            main.emit("call @%sunit%d(%s) : (%s) -> ()" % (pre, ui, arg_list, arg_types))
            for (val, typ, shape, elt, role) in args:
                if role != "init":
                    continue
                static_m = ttype(shape, elt, memref=True)
                if typ != static_m:
                    s = main.fresh("m")
                    main.emit("%s = memref.cast %s : %s to %s" % (s, val, typ, static_m))
                    val = s
                t = main.fresh("t")
                main.emit("%s = bufferization.to_tensor %s restrict : %s to %s" % (
                    t, val, static_m, ttype(shape, elt)))
                emit_print(main, t, shape, elt)
                printed += 1
        else:
            res = [main.fresh("r") for _ in results]
            res_types = ", ".join(r[0] for r in results)
            main.emit("%s = call @%sunit%d(%s) : (%s) -> (%s)" % (
                ", ".join(res), pre, ui, arg_list, arg_types, res_types))
            for val, (typ, shape, elt, _) in zip(res, results):
                static_t = ttype(shape, elt)
                if typ != static_t:
                    s = main.fresh("s")
                    main.emit("%s = tensor.cast %s : %s to %s" % (s, val, typ, static_t))
                    val = s
                emit_print(main, val, shape, elt)
                printed += 1
    out.append("func.func @%smain() {" % pre)
    out.extend(main.lines)
    out.append("    return")
    out.append("}")
    return "\n".join(out) + "\n"


def emit_print(e, val, shape, elt):
    """Prints a static tensor, widened to f32 or i32 first."""
    if elt in ("f32", "i32"):
        wide, fn = val, "printMemrefF32" if elt == "f32" else "printMemrefI32"
        target = elt
    else:
        target = "f32" if is_float(elt) else "i32"
        fn = "printMemrefF32" if target == "f32" else "printMemrefI32"
        wide = emit_map(e, val, shape, elt, target,
                        "arith.extf" if target == "f32" else "arith.extsi")
    u = e.fresh("u")
    e.emit("%s = tensor.cast %s : %s to tensor<*x%s>" % (
        u, wide, ttype(shape, target), target))
    e.emit("call @%s(%s) : (tensor<*x%s>) -> ()" % (fn, u, target))


def emit_map(e, val, shape, elt, target, op, dyn_sizes=None):
    """An elementwise cast as the linalg.generic torch-mlir emits."""
    rank = len(shape)
    empty = e.fresh("e")
    if dyn_sizes:
        e.emit("%s = tensor.empty(%s) : %s" % (empty, ", ".join(dyn_sizes[1]),
                                                ttype(shape, target, dyn_sizes[0])))
        src_t, dst_t = ttype(shape, elt, dyn_sizes[0]), ttype(shape, target, dyn_sizes[0])
    else:
        e.emit("%s = tensor.empty() : %s" % (empty, ttype(shape, target)))
        src_t, dst_t = ttype(shape, elt), ttype(shape, target)
    ids = ", ".join("d%d" % i for i in range(rank))
    amap = "affine_map<(%s) -> (%s)>" % (ids, ids)
    res = e.fresh("w")
    e.emit("%s = linalg.generic {indexing_maps = [%s, %s], iterator_types = [%s]} "
           "ins(%s : %s) outs(%s : %s) {" % (
               res, amap, amap, ", ".join(['"parallel"'] * rank), val, src_t,
               empty, dst_t))
    e.emit("^bb0(%%in: %s, %%out: %s):" % (elt, target))
    e.emit("  %%x = %s %%in : %s to %s" % (op, elt, target))
    e.emit("  linalg.yield %x : " + target)
    e.emit("} -> " + dst_t)
    return res


def cast_op(src, dst):
    if is_float(src) and is_float(dst):
        widths = {"f16": 16, "bf16": 16, "f32": 32, "f64": 64}
        if src in ("f16", "bf16") and dst in ("f16", "bf16"):
            return None
        return "arith.extf" if widths[src] < widths[dst] else "arith.truncf"
    if not is_float(src) and not is_float(dst):
        return "arith.extsi" if int(src[1:]) < int(dst[1:]) else "arith.trunci"
    return None


def emit_unit(ui, unit, memref, prefix=""):
    """One function with the unit's products. Returns (lines, argument specs
    (shape, elt, dyn mask, value range, role), result (type, shape, elt))."""
    e = Emitter(None)
    params = []      # (name, type)
    arg_specs = []
    results = []
    prev_val = prev_type = None
    for pi, p in enumerate(unit):
        r = value_range(p)
        dims_a, dims_b, dims_c = (operand_dims(p, w) for w in "abc")
        shp = lambda dims: [extent(p, d) for d in dims]
        mask = lambda dims: [d in p.dyn for d in dims]
        # lhs
        if p.chained:
            a_val, a_t = prev_val, prev_type
        else:
            a_val = "%%a%d" % pi
            a_t = ttype(shp(dims_a), p.in_t, mask(dims_a), memref)
            params.append((a_val, a_t))
            arg_specs.append((shp(dims_a), p.in_t, mask(dims_a), r, "lhs"))
        # rhs
        if p.weight == "arg":
            b_val = "%%b%d" % pi
            b_t = ttype(shp(dims_b), p.in_t, mask(dims_b), memref)
            params.append((b_val, b_t))
            arg_specs.append((shp(dims_b), p.in_t, mask(dims_b), r, "rhs"))
        else:
            b_val, b_t = emit_weight(e, p, dims_b, r)
        # init
        c_shape, c_mask = shp(dims_c), mask(dims_c)
        c_t = ttype(c_shape, p.out_t, c_mask, memref)
        if p.init == "arg":
            c_val = "%%c%d" % pi
            params.append((c_val, c_t))
            arg_specs.append((c_shape, p.out_t, c_mask, r, "init"))
        else:
            sizes = []
            for d, dynamic in zip(dims_c, c_mask):
                if not dynamic:
                    continue
                src, src_dims = (a_val, dims_a) if d != "n" else (b_val, dims_b)
                if p.chained and d != "n":
                    src_dims = ["b%d" % i for i in range(len(p.batch))] + ["m", "k"]
                idx = e.fresh("i")
                e.emit("%s = arith.constant %d : index" % (idx, src_dims.index(d)))
                dv = e.fresh("d")
                e.emit("%s = tensor.dim %s, %s : %s" % (
                    dv, src, idx, a_t if src == a_val else b_t))
                sizes.append(dv)
            empty = e.fresh("e")
            e.emit("%s = tensor.empty(%s) : %s" % (empty, ", ".join(sizes), c_t))
            fill = e.fresh("f")
            cval = 0 if p.init == "zero" else 1
            z = e.fresh("z")
            e.emit("%s = arith.constant %s : %s" % (
                z, ("%d.0" % cval) if is_float(p.out_t) else str(cval), p.out_t))
            e.emit("%s = linalg.fill ins(%s : %s) outs(%s : %s) -> %s" % (
                fill, z, p.out_t, empty, c_t, c_t))
            c_val = fill
        res = emit_contraction(e, p, a_val, a_t, b_val, b_t, c_val, c_t,
                               dims_a, dims_b, dims_c, memref)
        if not memref:
            results.append((c_t, c_shape, p.out_t, res))
            prev_val, prev_type = res, c_t
    head = "func.func @%sunit%d(%s)" % (prefix, ui,
                                       ", ".join("%s: %s" % x for x in params))
    if memref:
        lines = [head + " {"] + e.lines + ["    return", "}"]
    else:
        lines = [head + " -> (%s) {" % ", ".join(r[0] for r in results)]
        lines += e.lines
        # Every product's result is returned, chained ones included.
        lines.append("    return %s : %s" % (", ".join(r[3] for r in results),
                                             ", ".join(r[0] for r in results)))
        lines.append("}")
    return lines, arg_specs, results


def emit_weight(e, p, dims_b, r):
    """A constant rhs, possibly behind a transpose, broadcast or cast."""
    rng = random.Random(hash_seed(json.dumps(p.to_json(), sort_keys=True)))
    shape = [extent(p, d) for d in dims_b]
    final_t = ttype(shape, p.in_t)
    if p.weight == "const":
        v = e.fresh("w")
        e.emit("%s = arith.constant %s" % (v, dense(rng, shape, p.in_t, r)))
        return v, final_t
    if p.weight == "const_t":
        # Stored transposed (torch's weight is N x K), made K x N (or the
        # layout the product wants) by linalg.transpose.
        rank = len(shape)
        perm = list(range(rank))
        perm[-1], perm[-2] = perm[-2], perm[-1]
        stored = [shape[i] for i in perm]
        v = e.fresh("w")
        e.emit("%s = arith.constant %s" % (v, dense(rng, stored, p.in_t, r)))
        empty = e.fresh("e")
        e.emit("%s = tensor.empty() : %s" % (empty, final_t))
        t = e.fresh("w")
        e.emit("%s = linalg.transpose ins(%s : %s) outs(%s : %s) permutation = [%s]" % (
            t, v, ttype(stored, p.in_t), empty, final_t, ", ".join(map(str, perm))))
        return t, final_t
    if p.weight == "const_bcast":
        nb = len(p.batch)
        inner = shape[nb:]
        v = e.fresh("w")
        e.emit("%s = arith.constant %s" % (v, dense(rng, inner, p.in_t, r)))
        empty = e.fresh("e")
        e.emit("%s = tensor.empty() : %s" % (empty, final_t))
        t = e.fresh("w")
        e.emit("%s = linalg.broadcast ins(%s : %s) outs(%s : %s) dimensions = [%s]" % (
            t, v, ttype(inner, p.in_t), empty, final_t,
            ", ".join(str(i) for i in range(nb))))
        return t, final_t
    # const_cast: stored in another type, converted elementwise.
    stored_t = {"f32": "f16", "f16": "f32", "bf16": "f32", "i32": "i8",
                "i8": "i32"}[p.in_t]
    v = e.fresh("w")
    e.emit("%s = arith.constant %s" % (v, dense(rng, shape, stored_t, r)))
    t = emit_map(e, v, shape, stored_t, p.in_t, cast_op(stored_t, p.in_t))
    return t, final_t


def emit_contraction(e, p, a, a_t, b, b_t, c, c_t, dims_a, dims_b, dims_c,
                     memref):
    loops = ["b%d" % i for i in range(len(p.batch))] + ["m", "n", "k"]
    names = ["d%d" % i for i in range(len(loops))]
    amap = lambda dims: "affine_map<(%s) -> (%s)>" % (
        ", ".join(names), ", ".join(names[loops.index(d)] for d in dims))
    maps = "[%s, %s, %s]" % (amap(dims_a), amap(dims_b), amap(dims_c))
    res = "" if memref else e.fresh("p") + " = "
    tail = "" if memref else " -> " + c_t
    ins = "ins(%s, %s : %s, %s) outs(%s : %s)" % (a, b, a_t, b_t, c, c_t)
    cast = ""
    if p.unsigned:
        cast = " {cast = #linalg.type_fn<cast_unsigned>}"
    if p.kind in ("matmul", "batch"):
        op = "linalg.matmul" if p.kind == "matmul" else "linalg.batch_matmul"
        e.emit("%s%s%s %s%s" % (res, op, cast, ins, tail))
    elif p.kind in ("matmul_ta", "matmul_tb", "batch_tb", "contract"):
        op = {"matmul_ta": "linalg.matmul", "matmul_tb": "linalg.matmul",
              "batch_tb": "linalg.batch_matmul", "contract": "linalg.contract"}[p.kind]
        e.emit("%s%s indexing_maps = %s%s %s%s" % (res, op, maps, cast, ins, tail))
    else:
        iters = ", ".join('"reduction"' if d == "k" else '"parallel"' for d in loops)
        e.emit("%slinalg.generic {indexing_maps = %s, iterator_types = [%s]} %s {"
               % (res, maps, iters, ins))
        e.emit("^bb0(%%x: %s, %%y: %s, %%acc: %s):" % (p.in_t, p.in_t, p.out_t))
        x, y = "%x", "%y"
        if p.in_t != p.out_t:
            op = ("arith.extui" if p.unsigned else
                  cast_op(p.in_t, p.out_t))
            e.emit("  %%xe = %s %%x : %s to %s" % (op, p.in_t, p.out_t))
            e.emit("  %%ye = %s %%y : %s to %s" % (op, p.in_t, p.out_t))
            x, y = "%xe", "%ye"
        mul, add = ("arith.mulf", "arith.addf") if is_float(p.out_t) else (
            "arith.muli", "arith.addi")
        e.emit("  %%prod = %s %s, %s : %s" % (mul, x, y, p.out_t))
        lhs, rhs = ("%prod", "%acc") if p.commuted else ("%acc", "%prod")
        e.emit("  %%sum = %s %s, %s : %s" % (add, lhs, rhs, p.out_t))
        e.emit("  linalg.yield %sum : " + p.out_t)
        e.emit("}" + tail)
    return None if memref else res.split(" = ")[0]


def hash_seed(text):
    return int(hashlib.sha256(text.encode()).hexdigest()[:16], 16)


# --------------------------------------------------------------------------
# Option sets
# --------------------------------------------------------------------------

class Schemes:
    """The library as `stl-scheme list` prints it, and JSON exports."""

    def __init__(self, stl_scheme, workdir, max_rank=1 << 30):
        text = run([stl_scheme, "list"], 60).stdout
        self.exact, self.approx, self.dyadic = [], [], set()
        self.rank = {}
        self.max_rank = max_rank
        for line in text.splitlines()[1:]:
            f = line.split()
            if len(f) < 9 or f[0] == "naive-MxKxN" or not f[1][0].isdigit():
                continue
            if int(f[2]) > max_rank:
                continue
            (self.exact if f[8] == "exact" else self.approx).append(f[0])
            self.rank[f[0]] = int(f[2])
            if f[4] != "integer":
                self.dyadic.add(f[0])
        # Scheme files: a few library schemes exported, and Kronecker
        # products (rectangular tiles) composed, read back by the rewrite.
        self.files = {}
        os.makedirs(workdir, exist_ok=True)
        jobs = [("strassen.json", ["export", "strassen"]),
                ("alphaevolve.json", ["export", "alphaevolve-2x4x5-r32"]),
                ("hk.json", ["export", "hopcroft-kerr"]),
                ("strassen-x-n121.json", ["compose", "strassen", "naive-1x2x1"]),
                ("n211-x-strassen.json", ["compose", "naive-2x1x1", "strassen"]),
                ("hk-x-n112.json", ["compose", "hopcroft-kerr", "naive-1x1x2"])]
        for name, argv in jobs:
            path = os.path.join(workdir, name)
            if run([stl_scheme] + argv + ["-o", path], 60).returncode == 0:
                self.files[path] = name
        # A wrong scheme (one coefficient of Strassen's decoder flipped): the
        # tester's own check, --broken-scheme, must report mismatches with it.
        strassen = os.path.join(workdir, "strassen.json")
        self.broken = os.path.join(workdir, "broken-strassen.json")
        if os.path.exists(strassen):
            with open(strassen) as f:
                d = json.load(f)
            d["name"] = "broken-strassen"
            d["w"][0][0] = -d["w"][0][0]
            with open(self.broken, "w") as f:
                json.dump(d, f)


def random_options(rng, schemes, prog, libs, broken=False):
    """A random option set: (passes before the pipeline, pipeline options,
    runner shared libraries, env, expectation)."""
    rw = {}
    expect = "exact"
    r = rng.random()
    if broken:
        rw["scheme"] = schemes.broken
        rw["allow-approximate"] = "true"
        rw["force"] = "true"
    elif r < 0.45:
        # Large schemes (rank > 49) take seconds to compile: rarer, not absent.
        small = [s for s in schemes.exact if schemes.rank[s] <= min(49, schemes.max_rank)]
        rw["scheme"] = rng.choice(small if small and rng.random() < 0.8
                                  else schemes.exact)
    elif r < 0.55:
        a, b = rng.randint(1, 4), rng.randint(1, 4)
        rw["scheme"] = "naive-%dx%dx%d" % (a, b, rng.randint(1, 4))
    elif r < 0.72:
        # auto also weighs Kronecker products (ranks up to 343, minutes to
        # compile); under --max-rank the list of allowed schemes stands in.
        rw["scheme"] = "auto" if schemes.max_rank >= 1 << 30 else ",".join(schemes.exact)
        if rng.random() < 0.5:
            rw["target"] = "cpu"
    elif r < 0.8:
        rw["scheme"] = ",".join(rng.sample(schemes.exact, rng.choice([2, 3])))
        if rng.random() < 0.4:
            rw["target"] = "cpu"
    elif r < 0.9 and schemes.files:
        rw["scheme"] = rng.choice(sorted(schemes.files))
    elif schemes.approx:
        rw["scheme"] = rng.choice(schemes.approx)
        rw["allow-approximate"] = "true"
        expect = "approximate"
    else:
        rw["scheme"] = "strassen"
    if rng.random() < 0.7 and not broken:
        rw["force"] = "true"
    if rng.random() < 0.25:
        rw["encoding-type"] = rng.choice(["f32", "f16", "bf16", "input"])
        if rw["encoding-type"] != "f32" and expect == "exact":
            expect = "lossy-" + rw["encoding-type"]
    if rng.random() < 0.15:
        rw["min-saving"] = str(rng.choice([0, 5, 10, 25]))
    if rng.random() < 0.15:
        rw["min-size"] = str(rng.choice([0, 1, 2, 4, 16]))
    passes = ["--stl-rewrite-matmul=%s" % " ".join(
        "%s=%s" % kv for kv in rw.items())]
    if rng.random() < 0.3:
        passes.append("--stl-decompose")
        if rng.random() < 0.6:
            passes.append("--stl-fold-constant-encodings")
    pipe = {}
    if rng.random() < 0.3:
        pipe["vectorize"] = rng.choice(["true", "false"])
    if rng.random() < 0.3:
        pipe["encoding-vector-width"] = str(rng.choice([0, 8, 16]))
    if rng.random() < 0.15:
        pipe["fold-constant-encodings"] = "true"
    shared, env = [], {}
    if libs.get("openblas") and rng.random() < 0.15:
        pipe["hadamard-backend"] = "blas"
        shared.append(libs["openblas"])
    if libs.get("libomp") and rng.random() < 0.15:
        pipe["parallel"] = "openmp"
        shared.append(libs["libomp"])
        env["OMP_NUM_THREADS"] = "2"
    return {"passes": passes, "pipeline": pipe, "shared": shared, "env": env,
            "expect": expect}


def pipeline_flag(pipe):
    if not pipe:
        return "--stl-cpu-pipeline"
    return "--stl-cpu-pipeline=%s" % " ".join("%s=%s" % kv for kv in pipe.items())


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

class Result:
    def __init__(self, rc, stdout, stderr, timed_out=False):
        self.returncode, self.stdout, self.stderr = rc, stdout, stderr
        self.timed_out = timed_out


def run(argv, timeout, env=None, stdin=None):
    full_env = None
    if env:
        full_env = dict(os.environ)
        full_env.update(env)
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                           env=full_env, input=stdin, errors="replace")
        return Result(p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired as ex:
        out = ex.stdout.decode(errors="replace") if isinstance(ex.stdout, bytes) else (ex.stdout or "")
        err = ex.stderr.decode(errors="replace") if isinstance(ex.stderr, bytes) else (ex.stderr or "")
        return Result(-999, out, err, timed_out=True)


def crashed(res):
    if res.timed_out:
        return "timeout"  # reported as its own status, see check_program
    if res.returncode < 0:
        return "signal %d" % -res.returncode
    # Without assertions, MLIR's crash handler exits with a status after
    # printing the stack; the markers say so whatever the status.
    for m in CRASH_MARKERS:
        if m in res.stderr:
            return m
    return None


def clip(text):
    """The start of a diagnostic says what went wrong, the end where."""
    return text if len(text) <= 4000 else text[:3000] + "\n...\n" + text[-1000:]


def signature(detail):
    """What identifies a failure's cause across programs: the first line of
    an LLVM error or diagnostic, numbers and names stripped."""
    for line in detail.splitlines():
        for marker in ("LLVM ERROR", "error:", "Assertion"):
            if marker in line:
                text = line[line.index(marker):]
                return re.sub(r"%\w+|\d+", "N", text)[:160]
    first = detail.splitlines()[0] if detail else ""
    return re.sub(r"\d+", "N", first)[:160]


NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)")


def parse_output(text):
    """[(shape, [numbers])] of every printMemref."""
    outs = []
    for line in text.splitlines():
        if line.startswith("Unranked Memref") or line.startswith("Memref"):
            m = re.search(r"sizes = (\[[^\]]*\])", line)
            outs.append((m.group(1) if m else "?", []))
            continue
        if outs:
            outs[-1][1].extend(float(v) for v in NUMBER.findall(line))
    # printMemref prints one (uninitialised) element per row of an empty
    # memref: only its shape is output.
    return [(shape, [] if re.search(r"\b0\b", shape) else values)
            for shape, values in outs]


class Tools:
    def __init__(self, args):
        self.stl_opt = args.stl_opt
        self.runner = args.mlir_runner
        self.utils = [args.runner_utils, args.c_runner_utils]
        self.timeout = args.timeout
        # One stl-opt per core already: MLIR's own worker threads only add
        # overhead (about 10%); --threading keeps them.
        self.opt_flags = [] if args.threading else ["--mlir-disable-threading"]

    def with_timeout(self, timeout):
        t = copy.copy(self)
        t.timeout = timeout
        return t

    def lower(self, src_path, passes, pipe, out_path):
        argv = [self.stl_opt, src_path] + passes + [pipeline_flag(pipe)] + \
            self.opt_flags + ["-o", out_path]
        return argv, run(argv, self.timeout)

    def rewrite(self, src_path, passes, out_path):
        argv = [self.stl_opt, src_path] + passes + self.opt_flags + ["-o", out_path]
        return argv, run(argv, self.timeout)

    def execute(self, llvm_path, shared, env):
        argv = [self.runner, llvm_path, "-e", "main", "-entry-point-result=void"]
        for lib in self.utils + shared:
            argv.append("-shared-libs=" + lib)
        return argv, run(argv, self.timeout, env=env)


def shell(argv, env=None):
    pre = "".join("%s=%s " % kv for kv in (env or {}).items())
    return pre + " ".join(_quote(a) for a in argv)


def _quote(a):
    return a if re.match(r"^[-\w./=,:+@%]+$", a) else "'" + a.replace("'", "'\\''") + "'"


def tolerance(expect, ref_values):
    """Bound on |rewritten - reference| for each expectation.

    Exact schemes on integer-valued data with exact (f32) encodings: 0.
    Lossy encodings round every encoded operand once to 16 bits (f16: 11
    significant bits, scaled; bf16: 8); on the small integers used here the
    encoded values are mostly representable, so the bound is a sanity bound
    (a relative 2^-5 resp. 2^-2 of the largest reference entry), not a
    precision claim (docs/Precision.md has the measured errors)."""
    scale = max([abs(v) for v in ref_values] + [1.0])
    if expect == "exact":
        return 0.0
    if expect in ("lossy-f16", "lossy-input"):
        return scale / 32
    if expect == "lossy-bf16":
        return scale / 4
    return None   # approximate: shapes and finiteness only


def check_program(tools, workdir, text, opts, ref=None):
    """Runs one (program, option set). Returns (status, detail, info) where
    status is pass, refused, mismatch, crash, invalid-ir, timeout, fail,
    ref-crash, ref-fail. A command that runs past --timeout is a finding of its own: a
    hang, or a compile time nobody would wait for."""
    status, detail, info = _check_program(tools, workdir, text, opts, ref)
    if status in ("crash", "ref-crash") and ": timeout" in detail.split("\n")[0]:
        status = "timeout"
    return status, detail, info


def _check_program(tools, workdir, text, opts, ref=None):
    src = os.path.join(workdir, "input.mlir")
    with open(src, "w") as f:
        f.write(text)
    info = {"commands": []}
    if ref is None:
        status, detail, ref = run_reference(tools, workdir, src, info)
        if status:
            return status, detail, info
    info["ref"] = ref
    status, detail = run_rewritten(tools, workdir, src, opts, info)
    if status:
        return status, detail, info
    return compare(ref, info["out"], opts["expect"]) + (info,)


def run_reference(tools, workdir, src, info):
    """Lowers `src` with the default pipeline and runs it. Returns (None,
    None, stdout) or (ref-crash or ref-fail, detail, None)."""
    ref_ll = os.path.join(workdir, "ref.llvm.mlir")
    argv, res = tools.lower(src, [], {}, ref_ll)
    info["commands"].append(shell(argv))
    c = crashed(res)
    if c:
        return "ref-crash", "reference lowering: %s\n%s" % (c, clip(res.stderr)), None
    if res.returncode != 0:
        return "ref-fail", "reference lowering failed\n" + clip(res.stderr), None
    argv, res = tools.execute(ref_ll, [], {})
    info["commands"].append(shell(argv) + " > ref.out")
    c = crashed(res)
    if c or res.returncode != 0:
        return "ref-fail" if not c else "ref-crash", \
            "reference run: %s\n%s" % (c or "exit %d" % res.returncode,
                                       clip(res.stderr)), None
    return None, None, res.stdout


def run_rewritten(tools, workdir, src, opts, info):
    """The rewrite alone (the input of the pipeline, kept for reproducers and
    to count what was rewritten), then the pipeline with its options, then
    the run. Returns (None, None) with info["out"] set, or (status, detail)."""
    rewritten = os.path.join(workdir, "rewritten.mlir")
    argv, res = tools.rewrite(src, opts["passes"], rewritten)
    info["commands"].append(shell(argv))
    c = crashed(res)
    if c:
        return "crash", "rewrite: %s\n%s" % (c, clip(res.stderr))
    if res.returncode != 0:
        return refusal_or_failure(res, src, "rewrite", info, tools, argv)[:2]
    with open(rewritten) as f:
        rtext = f.read()
    info["rewritten_text"] = rtext
    info["rewritten"] = len(STL_OP.findall(rtext))
    info["remarks"] = res.stderr.count("remark:")
    ll = os.path.join(workdir, "stl.llvm.mlir")
    argv, res = tools.lower(rewritten, [], opts["pipeline"], ll)
    info["commands"].append(shell(argv))
    c = crashed(res)
    if c:
        return "crash", "pipeline: %s\n%s" % (c, clip(res.stderr))
    if res.returncode != 0:
        return refusal_or_failure(res, rewritten, "pipeline", info, tools,
                                  argv)[:2]
    argv, res = tools.execute(ll, opts["shared"], opts["env"])
    info["commands"].append(shell(argv, opts["env"]) + " > stl.out")
    c = crashed(res)
    if c:
        return "crash", "run: %s\n%s" % (c, clip(res.stderr))
    if res.returncode != 0:
        return "fail", "run exited %d\n%s" % (res.returncode, clip(res.stderr))
    info["out"] = res.stdout
    return None, None


STL_OP = re.compile(r"\bstl\.(?:matmul|hadamard)\b")


CURRENT_OP = re.compile(r'see current operation: (?:%\S+(?:, %\S+)* = )?"([\w.]+)"')


def refusal_or_failure(res, input_path, stage, info, tools=None, argv=None):
    """A non-zero exit is a clean refusal only if it says `error:` about an
    op of its input. A verifier error about an op a pass created (the note
    "see current operation" names an op the input does not contain) is
    invalid IR left by a pass: a failure. So is one about an op of a kind
    the input also has that goes away, or changes, when the same command runs
    without the verifier between passes (--verify-each=false): a pass's own
    refusal does not depend on the verifier."""
    if "error:" not in res.stderr:
        return "fail", "%s exited %d without a diagnostic\n%s" % (
            stage, res.returncode, clip(res.stderr)), info
    message = res.stderr.split("error:", 1)[1].strip().splitlines()[0]
    m = CURRENT_OP.search(res.stderr)
    if m:
        with open(input_path) as f:
            text = f.read()
        name = m.group(1)
        if name not in text and name.split(".", 1)[-1] not in text:
            return "invalid-ir", "%s: '%s' left invalid: %s\n%s" % (
                stage, name, message, clip(res.stderr)), info
    if tools and argv and "-o" in argv:
        out = argv[argv.index("-o") + 1]
        again = argv[:argv.index("-o")] + ["--verify-each=false", "-o",
                                           out + ".unverified"]
        res2 = run(again, tools.timeout)
        if res2.returncode == 0 or message not in res2.stderr:
            info["commands"].append(shell(again))
            return "invalid-ir", ("%s: verifier error after a pass (not "
                                  "reported with --verify-each=false): %s\n%s"
                                  % (stage, message, clip(res.stderr))), info
    return "refused", message, info


def compare(ref_text, out_text, expect):
    ref, out = parse_output(ref_text), parse_output(out_text)
    if [s for s, _ in ref] != [s for s, _ in out] or \
            [len(v) for _, v in ref] != [len(v) for _, v in out] or not ref:
        return "mismatch", "printed shapes differ: %s vs %s" % (
            [s for s, _ in ref], [s for s, _ in out])
    for i, ((shape, rv), (_, ov)) in enumerate(zip(ref, out)):
        tol = tolerance(expect, rv)
        if tol is None:
            if any(math.isnan(v) or math.isinf(v) for v in ov):
                return "mismatch", "result %d: not finite (approximate scheme)" % i
            continue
        for j, (a, b) in enumerate(zip(rv, ov)):
            if not abs(a - b) <= tol:
                return "mismatch", "result %d %s, element %d: %g instead of %g (%s, tolerance %g)" % (
                    i, shape, j, b, a, expect, tol)
    return "pass", ""


# --------------------------------------------------------------------------
# Minimisation
# --------------------------------------------------------------------------

def shrink_candidates(prog):
    """Smaller programs, most promising first."""
    d = prog.to_json()
    units = d["units"]
    if len(units) > 1:
        for i in range(len(units)):
            yield dict(d, units=[units[i]])
    for ui, u in enumerate(units):
        if len(u) > 1:
            # Keep a prefix (a chained product needs its predecessor).
            for n in range(1, len(u)):
                yield dict(d, units=units[:ui] + [u[:n]] + units[ui + 1:])
            # Drop a leading independent product.
            if not u[1]["chained"]:
                yield dict(d, units=units[:ui] + [u[1:]] + units[ui + 1:])
    for ui, u in enumerate(units):
        for pi, p in enumerate(u):
            def variant(**kw):
                q = dict(p, **kw)
                nu = list(u)
                nu[pi] = q
                return dict(d, units=units[:ui] + [nu] + units[ui + 1:])
            if p["dyn"]:
                yield variant(dyn=[])
                for x in p["dyn"]:
                    yield variant(dyn=[y for y in p["dyn"] if y != x])
            for key in ("init", "weight"):
                if p[key] not in ("arg",) and not (key == "init" and d["memref"]):
                    yield variant(**{key: "arg"})
            if p["commuted"]:
                yield variant(commuted=False)
            if p["chained"] or (pi + 1 < len(u) and u[pi + 1]["chained"]):
                continue   # extents tied to the neighbour
            for dim in ("m", "n", "k"):
                v = p[dim]
                for c in sorted(set([1, 2, 3, v // 2, v - 1])):
                    if 0 < c < v:
                        yield variant(**{dim: c})
            for bi, b in enumerate(p["batch"]):
                if b > 1:
                    nb = list(p["batch"])
                    nb[bi] = 1
                    yield variant(batch=nb)


def shrink_options(opts):
    """Option sets with one flag fewer."""
    for i in range(1, len(opts["passes"])):
        yield dict(opts, passes=opts["passes"][:i])
    rw = opts["passes"][0]
    parts = rw.split("=", 1)[1].split(" ")
    for i, part in enumerate(parts):
        if part.startswith("scheme=") or part.startswith("allow-approximate"):
            continue
        yield dict(opts, passes=[parts_flag(parts[:i] + parts[i + 1:])] + opts["passes"][1:])
    for key in list(opts["pipeline"]):
        pipe = dict(opts["pipeline"])
        del pipe[key]
        shared, env = list(opts["shared"]), dict(opts["env"])
        if key == "hadamard-backend":
            shared = [s for s in shared if "openblas" not in s]
        if key == "parallel":
            shared = [s for s in shared if "libomp" not in s]
            env.pop("OMP_NUM_THREADS", None)
        yield dict(opts, pipeline=pipe, shared=shared, env=env)


def parts_flag(parts):
    return "--stl-rewrite-matmul=" + " ".join(parts)


def minimise(tools, workdir, prog, seed, opts, status, budget):
    """Greedy: accept any smaller program or option set that fails alike."""
    steps = 0
    changed = True
    while changed and steps < budget:
        changed = False
        for cand in list(shrink_candidates(prog)):
            if steps >= budget:
                break
            steps += 1
            p2 = Program.from_json(cand)
            for q in p2.products():
                fit_values(q)
            s, _, _ = check_program(tools, workdir, emit_program(p2, seed), opts)
            if s == status:
                prog, changed = p2, True
                break
        if changed:
            continue
        for o2 in list(shrink_options(opts)):
            if steps >= budget:
                break
            steps += 1
            s, _, _ = check_program(tools, workdir, emit_program(prog, seed), o2)
            if s == status:
                opts, changed = o2, True
                break
    return prog, opts, steps


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

MINIMISED = collections.Counter()   # failures minimised, by cause

FAILURES = ("mismatch", "crash", "invalid-ir", "timeout", "fail", "ref-crash",
            "ref-fail")


# --------------------------------------------------------------------------
# Batches: several programs in one module
# --------------------------------------------------------------------------
#
# Most of a program's time is compiling: stl-opt's lowering and mlir-runner's
# JIT, each started once per command. With --batch K, K programs go into one
# module (each program's functions renamed p<index>_..., one main calling
# each program's main in turn, a marker line printed before each), so every
# command runs once per batch: the reference once, each option set once.
# The output is split at the markers and each program is judged on its own
# part. A batched command that fails (a crash, a refusal, invalid IR, a
# timeout) is run again on halves of the batch, down to single programs, so
# that every verdict and every reproducer is about one program. A failure
# that only a batch shows (every program passes alone) is reported as a
# failure of its own, `batch-<status>`, with the batch as its reproducer.

MARKER = 7300000000   # printed before program i's output: MARKER + i


class Item:
    """One program of a batch."""

    def __init__(self, index, pseed, prog):
        self.index, self.pseed, self.prog = index, pseed, prog
        self.text = emit_program(prog, pseed)
        self.ref = None
        self.ref_failure = None    # (status, detail, info)


def prefix_of(index):
    return "p%d_" % index


def batch_module(items):
    out = ["// Generated by fuzz/difftest.py: programs %s in one module." %
           ", ".join(str(it.index) for it in items)]
    out.extend(PRINT_DECLS)
    out.append("func.func private @printI64(i64)")
    out.append("func.func private @printNewline()")
    main = ["func.func @main() {"]
    for n, it in enumerate(items + [None]):
        value = MARKER + it.index if it else MARKER - 1
        main.append("    %%marker%d = arith.constant %d : i64" % (n, value))
        main.append("    call @printI64(%%marker%d) : (i64) -> ()" % n)
        main.append("    call @printNewline() : () -> ()")
        if it:
            out.append(emit_program(it.prog, it.pseed, prefix_of(it.index)).rstrip("\n"))
            main.append("    call @%smain() : () -> ()" % prefix_of(it.index))
    main += ["    return", "}"]
    return "\n".join(out + main) + "\n"


def split_output(text, items):
    """{index: the program's output}, or None unless every marker came in
    order (the end marker last) with nothing outside them."""
    expected = [MARKER + it.index for it in items] + [MARKER - 1]
    parts, current, pos = {}, None, 0
    for line in (text or "").splitlines(keepends=True):
        stripped = line.strip()
        if pos < len(expected) and stripped == str(expected[pos]):
            current = expected[pos] - MARKER if pos + 1 < len(expected) else None
            if current is not None:
                parts[current] = []
            pos += 1
            continue
        if current is None:
            if stripped:
                return None
            continue
        parts[current].append(line)
    if pos != len(expected):
        return None
    return {i: "".join(v) for i, v in parts.items()}


FUNC_HEAD = re.compile(r"\s*func\.func (?:(?:private|public) )?@(\S+?)\(")


def count_by_program(rtext, items):
    """stl ops in each program's functions of a rewritten batch."""
    counts = dict((it.index, 0) for it in items)
    current = None
    for line in rtext.splitlines():
        m = FUNC_HEAD.match(line)
        if m:
            p = re.match(r"p(\d+)_", m.group(1))
            current = int(p.group(1)) if p else None
        if current in counts:
            counts[current] += len(STL_OP.findall(line))
    return counts


def timeout_status(status, detail):
    if status in ("crash", "ref-crash") and detail and \
            ": timeout" in detail.split("\n")[0]:
        return "timeout"
    return status


class Context:
    def __init__(self, args, tools, scratch, lock):
        self.args, self.tools, self.scratch, self.lock = args, tools, scratch, lock
        self.group_failures = []   # (items, opts, status, detail, text)

    def batch_tools(self, n):
        # A batch may take n times as long as one program; past that, or on
        # any failure, its programs run again in halves.
        return self.tools.with_timeout(self.args.timeout * max(1, n))

    def workdir(self, tag):
        return tempfile.mkdtemp(prefix=tag + "-", dir=self.scratch)


def write_input(workdir, text):
    src = os.path.join(workdir, "input.mlir")
    with open(src, "w") as f:
        f.write(text)
    return src


def resolve_reference(ctx, items):
    """Sets each item's ref (its reference output) or ref_failure."""
    if len(items) == 1:
        it = items[0]
        wd = ctx.workdir("p%d-ref" % it.index)
        info = {"commands": []}
        st, det, out = run_reference(ctx.tools, wd, write_input(wd, it.text), info)
        if st:
            it.ref_failure = (timeout_status(st, det), det, info)
        else:
            it.ref = out
        return
    wd = ctx.workdir("b%d-ref" % items[0].index)
    text = batch_module(items)
    info = {"commands": []}
    st, det, out = run_reference(ctx.batch_tools(len(items)), wd,
                                 write_input(wd, text), info)
    parts = None if st else split_output(out, items)
    if parts is not None:
        for it in items:
            it.ref = parts[it.index]
        return
    if not st:
        st, det = "ref-fail", "the batch's output lacks its markers\n" + clip(out)
    st = timeout_status(st, det)
    resolve_halves(ctx, items, lambda group: resolve_reference(ctx, group),
                   st == "timeout")
    if all(it.ref is not None for it in items):
        ctx.group_failures.append((items, None, st, det, text))


def resolve_halves(ctx, items, fn, singles):
    if singles:
        for it in items:
            fn([it])
    else:
        half = len(items) // 2
        fn(items[:half])
        fn(items[half:])


def resolve_variant(ctx, items, opts):
    """{index: (status, detail, info)} of each item under one option set."""
    if len(items) == 1:
        it = items[0]
        wd = ctx.workdir("p%d" % it.index)
        return {it.index: check_program(ctx.tools, wd, it.text, opts, it.ref)}
    wd = ctx.workdir("b%d" % items[0].index)
    text = batch_module(items)
    info = {"commands": []}
    st, det = run_rewritten(ctx.batch_tools(len(items)), wd, write_input(wd, text),
                            opts, info)
    parts = None
    if not st:
        parts = split_output(info["out"], items)
        if parts is None:
            st, det = "fail", "the batch's output lacks its markers\n" + clip(info["out"])
    if parts is not None:
        counts = count_by_program(info["rewritten_text"], items)
        res = {}
        for it in items:
            s, d = compare(it.ref, parts[it.index], opts["expect"])
            if s == "pass":
                res[it.index] = (s, d, {"rewritten": counts[it.index],
                                        "commands": info["commands"]})
                continue
            # A verdict about one program: the program alone.
            alone = resolve_variant(ctx, [it], opts)[it.index]
            if alone[0] == "pass":
                ctx.group_failures.append((items, opts, s, "in a batch only: " + d, text))
            res[it.index] = alone
        return res
    st = timeout_status(st, det)
    res = {}
    resolve_halves(ctx, items, lambda group: res.update(resolve_variant(ctx, group, opts)),
                   st == "timeout")
    if all(r[0] == "pass" for r in res.values()):
        ctx.group_failures.append((items, opts, st, det, text))
    return res


def group_status(ctx, items, opts):
    """The status of a batch as one run (for minimising batch-only failures)."""
    wd = ctx.workdir("g%d" % items[0].index)
    text = batch_module(items)
    src = write_input(wd, text)
    info = {"commands": [], "workdir": wd}
    tools = ctx.batch_tools(len(items))
    st, det, out = run_reference(tools, wd, src, info)
    if st or opts is None:
        if not st and split_output(out, items) is None:
            st = "ref-fail"
        return timeout_status(st, det) if st else "pass", info
    refs = split_output(out, items)
    if refs is None:
        return "ref-fail", info
    st, det = run_rewritten(tools, wd, src, opts, info)
    if st:
        return timeout_status(st, det), info
    parts = split_output(info["out"], items)
    if parts is None:
        return "fail", info
    for it in items:
        s, _ = compare(refs[it.index], parts[it.index], opts["expect"])
        if s != "pass":
            return s, info
    return "pass", info


def options_for(args, schemes, libs, index):
    """The option sets of program `index`: those drawn after the program of
    the first index of its batch (index rounded down to a multiple of
    --batch), so that a program's option sets follow from (--seed, --batch,
    index) wherever --first starts; with --batch 1 those drawn after the
    program itself."""
    first = index - index % max(1, args.batch)
    rng = random.Random(hash_seed("%d:%d" % (args.seed, first)))
    random_program(rng)
    variants = []
    for _ in range(args.variants):
        opts = random_options(rng, schemes, None, libs, args.broken_scheme)
        if args.broken_scheme:
            opts["expect"] = "exact"
        variants.append(opts)
    return variants


def program_item(args, index):
    pseed = hash_seed("%d:%d" % (args.seed, index))
    return Item(index, pseed, random_program(random.Random(pseed)))


def one_batch(args, tools, schemes, libs, indices, lock, stats, scratch):
    start = time.time()
    ctx = Context(args, tools, scratch, lock)
    items = [program_item(args, i) for i in indices]
    variants = options_for(args, schemes, libs, indices[0])
    resolve_reference(ctx, items)
    records = dict((it.index, []) for it in items)
    for it in items:
        if it.ref_failure:
            st, det, info = it.ref_failure
            records[it.index].append((st, det, variants[0], info))
    live = [it for it in items if it.ref is not None]
    for v, opts in enumerate(variants):
        if not live:
            break
        t0 = time.time()
        res = resolve_variant(ctx, live, opts)
        for it in live:
            status, detail, info = res[it.index]
            records[it.index].append((status, detail, opts, info))
            if args.verbose:
                with lock:
                    print("program %d variant %d: %s %s %s" % (
                        it.index, v, status, " ".join(opts["passes"]),
                        pipeline_flag(opts["pipeline"])), flush=True)
        if args.verbose:
            with lock:
                print("batch %d-%d variant %d: %.1fs" % (
                    indices[0], indices[-1], v, time.time() - t0), flush=True)
    failed = []
    for it in items:
        account(stats, lock, it.prog, records[it.index])
        for status, detail, opts, info in records[it.index]:
            if status in FAILURES:
                report(args, tools, scratch, it.index, it.pseed, it.prog, status,
                       detail, opts, info, lock)
                failed.append((it.index, status, detail))
    for group, opts, status, detail, text in ctx.group_failures:
        failed.append(report_group(ctx, group, opts, status, detail, text))
    with lock:
        stats["batch-seconds"] += time.time() - start
    return failed


def account(stats, lock, prog, records):
    with lock:
        stats["programs"] += 1
        for p in prog.products():
            stats["kind:" + p.kind] += 1
            stats["type:%s->%s" % (p.in_t, p.out_t)] += 1
            stats["weight:" + p.weight] += 1
            stats["init:" + p.init] += 1
            stats["dynamic" if p.dyn else "static"] += 1
            stats["products"] += 1
            if p.chained:
                stats["chained"] += 1
        if prog.memref:
            stats["memref-programs"] += 1
        for status, detail, opts, info in records:
            stats["variants"] += 1
            stats["status:" + status] += 1
            stats["rewritten-products"] += info.get("rewritten", 0)
            rw = opts["passes"][0]
            sch = re.search(r"scheme=(\S+)", rw).group(1)
            if sch == "auto":
                sch = "auto" + (" target=cpu" if "target=cpu" in rw else "")
            elif "," in sch:
                sch = "list"
            elif sch.endswith(".json"):
                sch = "json:" + os.path.basename(sch)
            elif sch.startswith("naive-") and sch != "naive":
                sch = "naive-MxKxN"
            stats["scheme:" + sch] += 1
            stats["expect:" + opts["expect"]] += 1
            for p in opts["passes"][1:]:
                stats["pass:" + p] += 1
            for k2, v2 in opts["pipeline"].items():
                stats["pipeline:%s=%s" % (k2, v2)] += 1
            if status == "refused":
                stats["refusal:" + detail[:100]] += 1


def report_group(ctx, items, opts, status, detail, text):
    """A failure that only a batch of programs shows."""
    args = ctx.args
    status = "batch-" + status
    name = "seed%d-b%d-%s" % (args.seed, items[0].index, status)
    with ctx.lock:
        print("FAIL %s (programs %s): %s" % (
            name, " ".join(str(it.index) for it in items),
            detail.splitlines()[0] if detail else ""), flush=True)
    if args.keep_failures:
        # Fewer programs that still fail alike, greedily.
        kept, steps = list(items), 0
        changed = True
        while changed and len(kept) > 2 and steps < args.minimise_steps:
            changed = False
            for k in range(len(kept)):
                steps += 1
                cand = kept[:k] + kept[k + 1:]
                if "batch-" + group_status(ctx, cand, opts)[0] == status:
                    kept, changed = cand, True
                    break
        d = os.path.join(args.keep_failures, name)
        os.makedirs(d, exist_ok=True)
        for tag, group in (("original", items), ("minimised", kept)):
            sub = os.path.join(d, tag)
            os.makedirs(sub, exist_ok=True)
            st, info = group_status(ctx, group, opts)
            wd = info["workdir"]
            with open(os.path.join(sub, "input.mlir"), "w") as f:
                f.write(batch_module(group))
            with open(os.path.join(sub, "commands.sh"), "w") as f:
                f.write("# status: %s\n" % st)
                f.write("\n".join(info["commands"]).replace(wd + "/", "") + "\n")
            with open(os.path.join(sub, "programs.json"), "w") as f:
                json.dump({"programs": [{"index": it.index, "seed": it.pseed,
                                         "program": it.prog.to_json()} for it in group],
                           "options": opts}, f, indent=1)
        with open(os.path.join(d, "README"), "w") as f:
            f.write("%s: %s\nprograms %s pass alone; rerun: fuzz/difftest.py --seed %d "
                    "--first %d --count %d --batch %d --variants %d\n" % (
                        status, detail, " ".join(str(it.index) for it in items),
                        args.seed, items[0].index, len(items), args.batch,
                        args.variants))
    return (items[0].index, status, detail)


def report(args, tools, scratch, index, pseed, prog, status, detail, opts, info, lock):
    name = "seed%d-p%d-%s" % (args.seed, index, status)
    with lock:
        print("FAIL %s: %s" % (name, detail.splitlines()[0] if detail else ""),
              flush=True)
    if not args.keep_failures:
        return
    d = os.path.join(args.keep_failures, name)
    os.makedirs(d, exist_ok=True)
    # A scheme file of the scratch directory goes with the reproducer.
    m = re.search(r"scheme=(\S+\.json)", opts["passes"][0])
    if m and os.path.exists(m.group(1)):
        kept = os.path.join(d, os.path.basename(m.group(1)))
        shutil.copy(m.group(1), kept)
        opts = dict(opts, passes=[opts["passes"][0].replace(m.group(1), kept)]
                    + opts["passes"][1:])
    min_prog, min_opts, steps = prog, opts, 0
    # Minimising takes tens of runs: a cause seen often (a known finding)
    # is minimised for its first few programs only.
    with lock:
        cause = "%s: %s" % (status, signature(detail))
        MINIMISED[cause] += 1
        again = MINIMISED[cause] > args.minimise_per_cause
    if args.minimise_steps and not again:
        mdir = tempfile.mkdtemp(prefix="min-", dir=scratch)
        min_prog, min_opts, steps = minimise(tools, mdir, prog, pseed, opts,
                                             status, args.minimise_steps)
        shutil.rmtree(mdir, ignore_errors=True)
    for tag, p, o in (("original", prog, opts), ("minimised", min_prog, min_opts)):
        sub = os.path.join(d, tag)
        os.makedirs(sub, exist_ok=True)
        s, det, inf = check_program(tools, sub, emit_program(p, pseed), o)
        with open(os.path.join(sub, "commands.sh"), "w") as f:
            f.write("# status: %s\n# %s\n" % (s, (det or "").replace("\n", "\n# ")))
            f.write("# expectation: %s; compare: python3 examples/compare_outputs.py "
                    "ref.out stl.out --tolerance 0\n" % o["expect"])
            f.write("\n".join(inf["commands"]) + "\n")
        for key, fname in (("ref", "ref.out"), ("out", "stl.out")):
            if key in inf:
                with open(os.path.join(sub, fname), "w") as f:
                    f.write(inf[key])
        with open(os.path.join(sub, "program.json"), "w") as f:
            json.dump({"program": p.to_json(), "options": o, "seed": pseed}, f, indent=1)
    with open(os.path.join(d, "README"), "w") as f:
        f.write("%s: %s\nminimised in %d steps; rerun: fuzz/difftest.py --seed %d "
                "--first %d --count 1 --variants %d%s\n" % (
                    status, detail, steps, args.seed, index, args.variants,
                    " --batch %d" % args.batch if args.batch > 1 else ""))


def find_libs(args):
    libs = {}
    if not args.no_blas:
        found = sorted(glob.glob("/usr/lib/*/libopenblas.so.0") +
                       glob.glob("/usr/lib/*/openblas-pthread/libopenblas.so.0"))
        if found:
            libs["openblas"] = found[0]
    if not args.no_openmp:
        found = sorted(glob.glob("/usr/lib/*/libomp.so.5") +
                       glob.glob("/usr/lib/llvm-*/lib/libomp.so.5"))
        if found:
            libs["libomp"] = found[0]
    return libs


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20, help="programs")
    ap.add_argument("--first", type=int, default=0, help="index of the first program")
    ap.add_argument("--variants", type=int, default=2,
                    help="random option sets per program (one reference run)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1, metavar="K",
                    help="K programs to a module, each command run once per batch "
                         "(they share the batch's option sets); failures are "
                         "narrowed down to single programs")
    ap.add_argument("--threading", action="store_true",
                    help="let stl-opt use MLIR's worker threads")
    ap.add_argument("--keep-failures", metavar="DIR",
                    help="write each failure's program, outputs and commands here")
    ap.add_argument("--minimise-steps", type=int, default=60,
                    help="runs spent minimising each failure (0: none)")
    ap.add_argument("--minimise-per-cause", type=int, default=3, metavar="N",
                    help="minimise only the first N failures of each cause (the "
                         "first line of its diagnostic, numbers left out)")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per command")
    ap.add_argument("--stl-opt", default=os.environ.get(
        "STL_OPT", _default_tool("stl-opt", os.path.join(ROOT, "build", "bin"))))
    ap.add_argument("--stl-scheme", default=os.environ.get(
        "STL_SCHEME", _default_tool("stl-scheme", os.path.join(ROOT, "build", "bin"))))
    ap.add_argument("--mlir-runner", default=_default_tool(
        "mlir-runner", "/usr/lib/llvm-22/bin"))
    ap.add_argument("--runner-utils", default="/usr/lib/llvm-22/lib/libmlir_runner_utils.so")
    ap.add_argument("--c-runner-utils", default="/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so")
    ap.add_argument("--max-rank", type=int, default=1 << 30,
                    help="leave out library schemes of a higher rank (they take "
                         "seconds to compile; scheme=auto may still pick large ones)")
    ap.add_argument("--skip-type", action="append", default=[], metavar="IN:OUT",
                    help="leave out products of this input:output type pair, e.g. "
                         "bf16:bf16 (repeatable)")
    ap.add_argument("--no-blas", action="store_true", help="never hadamard-backend=blas")
    ap.add_argument("--no-openmp", action="store_true", help="never parallel=openmp")
    ap.add_argument("--broken-scheme", action="store_true",
                    help="check the checker: rewrite with a wrong scheme and expect "
                         "exact results (must report mismatches)")
    ap.add_argument("--print-program", action="store_true",
                    help="print the programs (and option sets) instead of running them")
    ap.add_argument("--summary", metavar="FILE", help="write the counts as JSON")
    ap.add_argument("--keep-scratch", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="one line per program and option set")
    args = ap.parse_args()

    scratch = tempfile.mkdtemp(prefix="stl-difftest-")
    try:
        schemes = Schemes(args.stl_scheme, os.path.join(scratch, "schemes"),
                          args.max_rank)
        for pair in args.skip_type:
            SKIPPED_TYPES.add(tuple(pair.split(":")))
        libs = find_libs(args)
        if args.print_program:
            for i in range(args.first, args.first + args.count):
                it = program_item(args, i)
                print("// program %d" % i)
                for opts in options_for(args, schemes, libs, i):
                    print("// options: %s" % json.dumps(opts))
                print(it.text)
            return 0
        tools = Tools(args)
        lock = threading.Lock()
        stats = collections.Counter()
        failures = []
        args.batch = max(1, args.batch)
        batches = collections.OrderedDict()
        for i in range(args.first, args.first + args.count):
            batches.setdefault(i // args.batch, []).append(i)
        start = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futs = [pool.submit(one_batch, args, tools, schemes, libs, indices, lock,
                                stats, scratch) for indices in batches.values()]
            for done, fut in enumerate(futs, 1):
                failures.extend(fut.result())
                # A long campaign may be stopped at any time: its counts so
                # far are on disk.
                if args.summary and (args.batch > 1 or done % 10 == 0):
                    write_summary(args, stats, failures, lock, time.time() - start)
        print_summary(stats, failures, libs, time.time() - start)
        if args.summary:
            write_summary(args, stats, failures, lock, time.time() - start)
        return 1 if failures else 0
    finally:
        if not args.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def write_summary(args, stats, failures, lock, seconds):
    with lock:
        data = {"seed": args.seed, "first": args.first, "count": args.count,
                "variants": args.variants, "batch": args.batch,
                "max_rank": args.max_rank, "skip_type": args.skip_type,
                "seconds": round(seconds, 1), "counts": dict(stats),
                "failures": failures,
                "causes": dict(collections.Counter(
                    "%s: %s" % (st, signature(det)) for _, st, det in failures))}
    with open(args.summary + ".tmp", "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(args.summary + ".tmp", args.summary)


def _default_tool(name, directory):
    path = os.path.join(directory, name)
    if os.path.exists(path):
        return path
    return shutil.which(name) or name


def print_summary(stats, failures, libs, seconds):
    s = stats
    print("programs: %d (%d products, %d rewritten across variants), variants: %d" % (
        s["programs"], s["products"], s["rewritten-products"], s["variants"]))
    print("passed: %d, refused: %d, failed: %d (mismatch %d, crash %d, invalid IR %d, "
          "timeout %d, fail %d, reference %d, batch only %d)" % (
              s["status:pass"], s["status:refused"], len(failures),
              s["status:mismatch"], s["status:crash"], s["status:invalid-ir"],
              s["status:timeout"],
              s["status:fail"],
              s["status:ref-crash"] + s["status:ref-fail"],
              sum(1 for f in failures if f[1].startswith("batch-"))))
    if seconds > 0:
        print("%.0f s, %.1f programs a minute" % (seconds, 60.0 * s["programs"] / seconds))
    groups = collections.defaultdict(list)
    for key, v in sorted(s.items()):
        if ":" in key and not key.startswith("status:") and key != "batch-seconds":
            g, name = key.split(":", 1)
            groups[g].append("%s %d" % (name, v))
    for g in sorted(groups):
        print("  %s: %s" % (g, ", ".join(groups[g])))
    if not libs:
        print("  (no OpenBLAS / libomp found: those paths not covered)")
    causes = collections.Counter("%s: %s" % (st, signature(det)) for _, st, det in failures)
    for cause, n in causes.most_common():
        print("  failure x%d: %s" % (n, cause))


if __name__ == "__main__":
    sys.exit(main())
