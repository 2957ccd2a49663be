"""Hostile input to every public entry point of the `stl` package.

Malformed IR, unknown schemes and options, bad scheme JSON, huge shapes
(2^40 extents and more), unusual element types and wrong Python argument
types must raise a Python exception whose message says what is wrong; they
must never crash the interpreter. Targeted cases run in this process (a crash
fails the whole run); the seeded mutation fuzzers run in a child process
that prints each case before trying it, so that a crash names its input.
Everything is deterministic: the fuzzers draw from fixed seeds.
"""

import json
import os
import random
import re
import string
import subprocess
import sys

import numpy as np
import pytest

import stl

G = 1 << 40


def tensor(shape, elt="f32"):
    return "tensor<%s>" % "x".join([str(d) for d in shape] + [elt])


def matmul(a, b, c, elt="f32", acc=None):
    acc = acc or elt
    ta, tb, tc = tensor(a, elt), tensor(b, elt), tensor(c, acc)
    return ("func.func @f(%%a: %s, %%b: %s, %%c: %s) -> %s {\n"
            "  %%0 = linalg.matmul ins(%%a, %%b : %s, %s) outs(%%c : %s) -> %s\n"
            "  return %%0 : %s\n}\n" % (ta, tb, tc, tc, ta, tb, tc, tc, tc))


MM = matmul((8, 8), (8, 8), (8, 8))

STL_MATMUL = """
func.func @g(%a: tensor<6x4xf32>, %b: tensor<4x6xf32>) -> tensor<6x6xf32> {
  %c = stl.matmul %a, %b {scheme = #stl.scheme<"strassen">} : tensor<6x4xf32>, tensor<4x6xf32> -> tensor<6x6xf32>
  return %c : tensor<6x6xf32>
}
"""

BATCH_GENERIC = """
func.func @h(%a: tensor<2x5x7xf16>, %b: tensor<7x3xf16>, %c: tensor<2x5x3xf32>) -> tensor<2x5x3xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%a, %b : tensor<2x5x7xf16>, tensor<7x3xf16>) outs(%c : tensor<2x5x3xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x5x3xf32>
  return %0 : tensor<2x5x3xf32>
}
"""

BATCH_MATMUL = """
func.func @k(%a: tensor<3x?x12xi8>, %b: tensor<3x12x9xi8>, %c: tensor<3x?x9xi32>) -> tensor<3x?x9xi32> {
  %0 = linalg.batch_matmul ins(%a, %b : tensor<3x?x12xi8>, tensor<3x12x9xi8>) outs(%c : tensor<3x?x9xi32>) -> tensor<3x?x9xi32>
  return %0 : tensor<3x?x9xi32>
}
"""

MEMREF = """
func.func @m(%a: memref<4x6xf32>, %b: memref<6x4xf32>, %c: memref<4x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x6xf32>, memref<6x4xf32>) outs(%c : memref<4x4xf32>)
  return
}
"""

CONST_WEIGHT = """
func.func @w(%a: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %b = arith.constant dense<2.0> : tensor<4x4xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
"""

REWRITE = "stl-rewrite-matmul{scheme=strassen force=true}"

# What a C++ exception looks like when it reaches Python untranslated: a
# type name or a library's internal complaint says nothing about the input.
UNREADABLE = ("std::", "max_size()", "basic_string", "vector::", "bad_alloc",
              "zero-size array", "empty sequence", "negative dimensions")


def readable(message):
    text = str(message)
    return (text.strip() != "" and text.isprintable() or "\n" in text) and \
        not any(marker in text for marker in UNREADABLE)


def raises(exc, fn, *args, match=None, **kwargs):
    """fn(*args) raises `exc` with a readable message (mentioning `match`)."""
    with pytest.raises(exc) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert readable(message), message
    if match:
        assert match in message, message
    return message


def run_child(code, timeout=120):
    """Runs `code` in a fresh interpreter that imports this file's helpers."""
    prelude = ("import sys; sys.path.insert(0, %r); "
               "import test_hostile_input as t\n" % os.path.dirname(__file__))
    return subprocess.run([sys.executable, "-c", prelude + code],
                          capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ))


# --------------------------------------------------------------------------
# Module.parse and the IR
# --------------------------------------------------------------------------

MALFORMED_IR = [
    "\x00\x01garbage",
    "func.func @f( {",
    "module { module {",
    "}}}}",
    "foo.bar",
    "func.func @f() {\n  foo.bar\n  return\n}",
    "func.func @f() -> tensor<99999999999999999999xf32>",
    "func.func @f() -> tensor<-1xf32>",
    "func.func @f() -> tensor<?x?xnotatype>",
    "func.func @f() { %0 = arith.constant dense<[1.0, 2.0]> : tensor<3xf32>\n return }",
    "func.func @f() { %0 = arith.constant dense<1> : tensor<4xf32>\n return }",
    MM.replace("tensor<8x8xf32>) -> tensor<8x8xf32>\n  return", "tensor<8x8xf32>) -> tensor<8x9xf32>\n  return"),
    MM.replace("linalg.matmul ins(%a, %b", "linalg.matmul ins(%a, %a, %b"),
    STL_MATMUL.replace('"strassen"', '"no-such-scheme"'),
    STL_MATMUL.replace('"strassen"', '"naive-0x0x0"'),
    STL_MATMUL.replace('"strassen"', '"naive-4294967296x4294967296x4294967296"'),
    STL_MATMUL.replace('#stl.scheme<"strassen">',
                       '#stl.scheme<"x", tile = [2, 2, 2], rank = 1, u = [1], v = [1], w = [1]>'),
    STL_MATMUL.replace('#stl.scheme<"strassen">',
                       '#stl.scheme<"x", tile = [1099511627776, 1, 1], rank = 1, u = [1], v = [1], w = [1]>'),
    STL_MATMUL.replace('#stl.scheme<"strassen">',
                       '#stl.scheme<"x", tile = [2, 2, 2], rank = 9223372036854775807, u = [], v = [], w = []>'),
    STL_MATMUL.replace('#stl.scheme<"strassen">', '#stl.scheme<>'),
    STL_MATMUL.replace('#stl.scheme<"strassen">', '#stl.scheme<"strassen", tile = [2, 2, 2]>'),
    "[" * 100000,
    "{" * 100000,
    "(" * 100000,
    "func.func @f() {" * 5000,
    "\"" * 100001,
    "// " + "x" * 1000000 + "\nfoo.bar",
    "func.func @f() attributes {a = " + "[" * 3000 + "]" * 3000 + "} { return }",
]


@pytest.mark.parametrize("text", MALFORMED_IR, ids=range(len(MALFORMED_IR)))
def test_malformed_ir_raises_mlir_error(text):
    raises(stl.MLIRError, stl.parse, text, "hostile.mlir")


def test_truncated_ir_never_crashes():
    # Every prefix of valid modules: parses (then runs the rewrite) or says
    # why not.
    for sample in (MM, STL_MATMUL, BATCH_GENERIC):
        for cut in range(0, len(sample), 7):
            try:
                m = stl.parse(sample[:cut])
            except stl.MLIRError as e:
                assert readable(e), e
                continue
            m.run(REWRITE)


# Element types the custom parsers of linalg's named products cannot cast
# (test/Regression/parse-linalg-named-op-element-types.mlir).
NAMED_OP_CRASHES = [
    matmul((2, 4, 8), (2, 8, 4), (2, 4, 4), "vector<4xf32>").replace("linalg.matmul",
                                                                   "linalg.batch_matmul"),
    matmul((2, 4, 8), (2, 8, 4), (2, 4, 4), "f32", "vector<4xf32>").replace(
        "linalg.matmul", "linalg.batch_matmul"),
    matmul((4, 8), (8, 4), (4, 4), "i8", "complex<i32>"),
    matmul((2, 4, 8), (2, 8, 4), (2, 4, 4), "i8", "complex<i32>").replace(
        "linalg.matmul", "linalg.batch_matmul"),
]


def test_named_op_element_types_do_not_crash_the_parser():
    for text in NAMED_OP_CRASHES:
        assert known_parser_crash(text)
        child = run_child(
            "import stl\n"
            "try:\n"
            "    stl.parse(%r)\n"
            "except stl.MLIRError as e:\n"
            "    assert t.readable(e), e\n"
            "    print('raised')\n" % text, timeout=60)
        assert child.returncode == 0 and "raised" in child.stdout, (
            text, child.returncode, child.stderr[-2000:])


@pytest.mark.parametrize("bad", [None, 123, b"module {}", ["module {}"], 1.5])
def test_parse_wrong_argument_types(bad):
    raises(TypeError, stl.parse, bad)
    raises(TypeError, stl.parse, "module {}", bad if bad is not None else 7)


def test_parse_rejects_unencodable_text():
    # A lone surrogate cannot become the UTF-8 the parser reads.
    with pytest.raises((TypeError, UnicodeError)):
        stl.parse("\ud800")


# --------------------------------------------------------------------------
# Pass pipelines, scheme names and options
# --------------------------------------------------------------------------

BAD_PIPELINES = [
    ("builtin.module(", "unbalanced"),
    ("builtin.module(canonicalize", "unbalanced"),
    ("no-such-pass", "no-such-pass"),
    ("stl-rewrite-matmul{bogus=1}", "bogus"),
    ("stl-rewrite-matmul{scheme=strassen encoding-type=f7}", "encoding-type"),
    ("stl-rewrite-matmul{target=tpu}", "target=tpu"),
    ("stl-rewrite-matmul{scheme=nonexistent}", "nonexistent"),
    ("stl-rewrite-matmul{scheme=/nonexistent/scheme.json}", "nonexistent"),
    ("stl-rewrite-matmul{scheme=/dev/null}", "invalid JSON"),
    ("stl-rewrite-matmul{scheme=naive-0x0x0 force=true}", "naive-0x0x0"),
    ("stl-rewrite-matmul{scheme=naive-4294967296x4294967296x4294967296 force=true}", "too large"),
    ("stl-rewrite-matmul{scheme=naive-99999999999999999999x1x1}", "too large"),
    ("stl-rewrite-matmul{scheme=naive-axbxc}", "naive-axbxc"),
    ("stl-rewrite-matmul{scheme=" + "a" * 100000 + "}", "unknown scheme"),
    ("stl-rewrite-matmul{scheme=\"strassen force=true}", "strassen"),
    ("stl-cpu-pipeline{hadamard-backend=nope}", "hadamard-backend"),
    ("stl-cpu-pipeline{parallel=nope}", "parallel"),
    ("stl-gpu-pipeline{chip=sm_0}", "sm_0"),
    ("stl-gpu-pipeline{chip=sm_90a tile-m=0}", "tile-m"),
    ("stl-report{format=xml}", "format=xml"),
    ("stl-report{format=json output=/nonexistent/dir/x.json}", "cannot open"),
    ("func.func(stl-rewrite-matmul{scheme=nonexistent})", "nonexistent"),
    ("stl-rewrite-matmul{scheme=strassen}), (", "unbalanced"),
]


@pytest.mark.parametrize("pipeline,match", BAD_PIPELINES,
                         ids=range(len(BAD_PIPELINES)))
def test_bad_pipelines_raise_and_leave_the_module(pipeline, match):
    m = stl.parse(MM)
    before = str(m)
    raises(stl.MLIRError, m.run, pipeline, match=match)
    assert str(m) == before
    m.verify()


def test_bad_scheme_files(tmp_path):
    good = json.loads(stl.lookup_scheme("strassen").to_json())
    cases = {
        "empty.json": "",
        "not-json.json": "{{{",
        "list.json": "[1, 2, 3]",
        "deep.json": "[" * 100000 + "]" * 100000,
        "missing.json": json.dumps({k: v for k, v in good.items() if k != "w"}),
        "wrong-rank.json": json.dumps(dict(good, rank=8)),
        "huge-tile.json": json.dumps(dict(good, m=G)),
        "float-tile.json": json.dumps(dict(good, m=2.5)),
        "string-coef.json": json.dumps(dict(good, u=[["a"] * 4] * 7)),
        "nan.json": json.dumps(good).replace("[1, 0, 0, 1]", "[NaN, 0, 0, 1]", 1),
        "overflow.json": json.dumps(good).replace("[1, 0, 0, 1]", "[1e400, 0, 0, 1]", 1),
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        raises(ValueError, stl.load_scheme, str(path))
        raises(ValueError, stl.lookup_scheme, str(path))
        raises(stl.MLIRError, stl.parse(MM).run,
               "stl-rewrite-matmul{scheme=%s force=true}" % path, match=name)
    raises(ValueError, stl.load_scheme, str(tmp_path))        # a directory
    raises(ValueError, stl.load_scheme, str(tmp_path / "absent.json"))


def test_odd_but_valid_options_do_not_crash():
    for pipeline in [
            "",
            "stl-rewrite-matmul{scheme=strassen min-size=-5}",
            "stl-rewrite-matmul{scheme=strassen min-saving=1e999}",
            "stl-rewrite-matmul{scheme=, force=true}",
            "stl-rewrite-matmul{scheme=strassen,,, force=true}",
            "stl-rewrite-matmul{scheme=" + ",".join(["strassen"] * 2000) + " force=true}",
            "stl-rewrite-matmul{scheme={strassen} force=true}",
            "stl-cpu-pipeline{encoding-vector-width=0}",
            "func.func(stl-rewrite-matmul{scheme=strassen})"]:
        try:
            stl.parse(MM).run(pipeline)
        except stl.MLIRError as e:
            assert readable(e), e


@pytest.mark.parametrize("bad", [None, 5, b"canonicalize"])
def test_run_wrong_argument_types(bad):
    raises(TypeError, stl.parse(MM).run, bad)


# --------------------------------------------------------------------------
# Huge shapes and unusual element types through the rewrite and pipelines
# --------------------------------------------------------------------------

HUGE_PROGRAMS = {
    "all-2^40": matmul((G, G), (G, G), (G, G)),
    "k-small": matmul((G, 4), (4, G), (G, G)),
    "int64-max": matmul((2 ** 63 - 1, 2), (2, 2), (2 ** 63 - 1, 2)),
    "one-huge": matmul((8, G), (G, 8), (8, 8)),
    "stl-op": STL_MATMUL.replace("6x4", "%dx%d" % (G, G)).replace("4x6", "%dx%d" % (G, G))
    .replace("6x6", "%dx%d" % (G, G)),
    "constant": CONST_WEIGHT.replace("4x4xf32>, %c", "4x%dxf32>, %%c" % G)
    .replace("dense<2.0> : tensor<4x4xf32>", "dense<2.0> : tensor<%dx4xf32>" % G)
    .replace("tensor<4x4xf32>, tensor<4x4xf32>)", "tensor<4x%dxf32>, tensor<%dx4xf32>)" % (G, G))
    .replace("ins(%a, %b : tensor<4x4xf32>", "ins(%%a, %%b : tensor<4x%dxf32>" % G),
}


@pytest.mark.parametrize("name", sorted(HUGE_PROGRAMS))
def test_huge_shapes(name):
    text = HUGE_PROGRAMS[name]
    m = stl.parse(text)
    for pipeline in (REWRITE, "stl-rewrite-matmul{scheme=auto}",
                     "stl-rewrite-matmul{scheme=perminov-5x5x5-r93 force=true},"
                     "stl-decompose,stl-fold-constant-encodings",
                     REWRITE + ",stl-cpu-pipeline",
                     REWRITE + ",stl-cpu-pipeline{vectorize=false fold-constant-encodings=true}"):
        try:
            m.clone().run(pipeline)
        except stl.MLIRError as e:
            assert readable(e), e
    report = stl.report(m, REWRITE)
    assert isinstance(report["products"], list)
    try:
        stl.compile_ptx(m, chip="sm_90a")
    except stl.MLIRError as e:
        assert readable(e), e


ELEMENT_TYPES = [("f32", None), ("f64", None), ("f16", None), ("bf16", None),
                 ("bf16", "f32"), ("i1", None), ("i4", None), ("i8", "i32"),
                 ("i8", "f32"), ("i64", None), ("ui8", None), ("si8", None),
                 ("complex<f32>", None), ("f8E4M3FN", None), ("f8E5M2", "f32"),
                 ("tf32", None), ("f80", None), ("f128", None)]


@pytest.mark.parametrize("elt,acc", ELEMENT_TYPES,
                         ids=["%s-%s" % t for t in ELEMENT_TYPES])
def test_element_types(elt, acc):
    try:
        m = stl.parse(matmul((6, 4), (4, 6), (6, 6), elt, acc))
    except stl.MLIRError as e:
        assert readable(e), e
        return
    for pipeline in (REWRITE, REWRITE + ",stl-cpu-pipeline",
                     REWRITE + ",stl-cpu-pipeline{vectorize=false}",
                     "stl-rewrite-matmul{scheme=strassen force=true encoding-type=bf16}"):
        try:
            m.clone().run(pipeline)
        except stl.MLIRError as e:
            assert readable(e), e


# --------------------------------------------------------------------------
# inline_encoded_weight
# --------------------------------------------------------------------------

def test_inline_encoded_weight_bad_arguments():
    strassen = stl.lookup_scheme("strassen")
    w = np.zeros((7, 4, 4), np.float32)
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "nope", 1, strassen, w)
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "", 1, strassen, w)
    raises(stl.MLIRError, stl.parse("module {}").inline_encoded_weight, "f", 0, strassen, w)
    raises(stl.MLIRError, stl.parse("func.func private @f(%a: tensor<8x8xf32>)")
           .inline_encoded_weight, "f", 0, strassen, w)
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "f", 3, strassen, w)
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "f", 0, strassen, w)
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "f", 1, strassen,
           np.zeros((0, 0, 0), np.float32))
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "f", 1, strassen,
           np.zeros((7, 4, 5), np.float32))
    raises(stl.MLIRError, stl.parse(MM).inline_encoded_weight, "f", 1,
           stl.lookup_scheme("perminov-5x5x5-r93"), np.zeros((93, 1, 1), np.float32))
    raises(stl.MLIRError, stl.parse(STL_MATMUL).inline_encoded_weight, "g", 1, strassen, w)
    raises(stl.MLIRError, stl.parse(BATCH_MATMUL).inline_encoded_weight, "k", 1, strassen, w)
    for index in (G, -1, 2 ** 32, 1.0, None):
        raises(TypeError, stl.parse(MM).inline_encoded_weight, "f", index, strassen, w)
    for weights in (np.zeros((7, 4), np.float32), np.zeros((7, 4, 4, 1), np.float32),
                    [[[0.0]]], None, "w", np.zeros((7, 4, 4), np.complex64)):
        raises(TypeError, stl.parse(MM).inline_encoded_weight, "f", 1, strassen, weights)
    raises(TypeError, stl.parse(MM).inline_encoded_weight, "f", 1, None, w)
    raises(TypeError, stl.parse(MM).inline_encoded_weight, "f", 1, "strassen", w)
    # float64 and non-contiguous arrays are converted (copied) by the binding.
    stl.parse(MM).inline_encoded_weight("f", 1, strassen, np.zeros((7, 4, 4)))
    stl.parse(MM).inline_encoded_weight("f", 1, strassen,
                                        np.zeros((7, 8, 4), np.float32)[:, ::2])
    m = stl.parse(MM)
    m.inline_encoded_weight("f", 1, strassen, w)
    m.verify()
    raises(stl.MLIRError, m.inline_encoded_weight, "f", 1, strassen, w)


def test_module_methods_wrong_types():
    m = stl.parse(MM)
    raises(TypeError, m.to_string, generic="yes")
    raises(TypeError, m.to_string, locations=[])
    raises(TypeError, stl.Module.parse)
    raises(TypeError, stl.Module)


# --------------------------------------------------------------------------
# Schemes
# --------------------------------------------------------------------------

def zeros(m, k, n, r):
    return np.zeros((r, m * k)), np.zeros((r, k * n)), np.zeros((m * n, r))


def test_scheme_constructor_rejects_bad_tiles_and_arrays():
    raises(ValueError, stl.Scheme, "x", (0, 2, 2), np.zeros((1, 0)), np.zeros((1, 4)),
           np.zeros((0, 1)))
    raises(ValueError, stl.Scheme, "x", (-2, 2, 2), *zeros(2, 2, 2, 7))
    raises(ValueError, stl.Scheme, "x", (2 ** 32, 2 ** 32, 2 ** 32), np.zeros((1, 0)),
           np.zeros((1, 0)), np.zeros((0, 1)))
    raises(ValueError, stl.Scheme, "x", (1024, 1024, 1024), *zeros(1024, 1024, 1, 1)[:1],
           np.zeros((1, 1024 * 1024)), np.zeros((1024 * 1024, 1)))
    raises(ValueError, stl.Scheme, "x", (2, 2, 2), *zeros(2, 2, 2, 0))
    raises(ValueError, stl.Scheme, "x", (2, 2, 2), np.zeros((7, 5)), np.zeros((7, 4)),
           np.zeros((4, 7)))
    raises(ValueError, stl.Scheme, "x", (2, 2, 2), np.zeros((7, 4)), np.zeros((6, 4)),
           np.zeros((4, 7)))
    raises(ValueError, stl.Scheme, "x", (2, 2, 2), np.zeros((7, 4, 1)), np.zeros((7, 4)),
           np.zeros((4, 7)))
    raises(ValueError, stl.Scheme, "x", (2, 2, 2), np.zeros(7), np.zeros((7, 4)),
           np.zeros((4, 7)))
    for bad in (np.nan, np.inf, -np.inf):
        u = np.zeros((7, 4))
        u[3, 2] = bad
        raises(ValueError, stl.Scheme, "x", (2, 2, 2), u, np.zeros((7, 4)), np.zeros((4, 7)))
    for tile in ((2, 2), (2, 2, 2, 2), None, (2.5, 2, 2), (2 ** 70, 1, 1), ("a", 2, 2)):
        raises(TypeError, stl.Scheme, "x", tile, *zeros(2, 2, 2, 7))
    for bad in (None, "abc", [[1.0] * 4] * 7, 3):
        raises(TypeError, stl.Scheme, "x", (2, 2, 2), bad, np.zeros((7, 4)), np.zeros((4, 7)))
    raises(TypeError, stl.Scheme, None, (2, 2, 2), *zeros(2, 2, 2, 7))
    # Integer arrays convert; the result is a valid (if useless) scheme.
    s = stl.Scheme("ints", (2, 2, 2), np.zeros((7, 4), np.int32), np.zeros((7, 4)),
                   np.zeros((4, 7)))
    assert s.rank == 7
    assert not stl.check_brent(s).exact
    assert "ints" in s.to_mlir()
    assert stl.scheme_from_json(s.to_json()).rank == 7


def test_lookup_scheme_bad_names():
    for name, match in [("", "unknown scheme"), ("no-such", "no-such"),
                        ("naive-0x0x0", "naive-0x0x0"), ("naive--1x2x2", "naive--1x2x2"),
                        ("naive-100000x100000x100000", "too large"),
                        ("naive-4294967296x4294967296x4294967296", "too large"),
                        ("naive-99999999999999999999x1x1", "too large"),
                        ("naive-axbxc", "naive-axbxc"),
                        ("/nonexistent.json", "nonexistent"), ("/dev/null", "invalid JSON"),
                        ("x" * 100000, "unknown scheme")]:
        raises(ValueError, stl.lookup_scheme, name, match=match)
    for bad in (None, 1, b"strassen"):
        raises(TypeError, stl.lookup_scheme, bad)


BAD_JSON = [
    "", "{}", "null", "[]", "1", "\"strassen\"", "{{{", "[" * 100000,
    "[" * 1000000 + "]" * 1000000, "{\"name\": " * 10000,
    '{"name": "x", "m": 2, "k": 2, "n": 2, "rank": 1, "u": [[1, 1, 1]], "v": [[1, 1, 1, 1]], "w": [[1], [1], [1], [1]]}',
    '{"name": "x", "m": 2, "k": 2, "n": 2, "rank": 1, "u": [[1, 1, 1, 1]], "v": [[1, 1, 1, 1]], "w": [[1, 1, 1, 1]]}',
    '{"name": 5, "m": 2, "k": 2, "n": 2, "rank": 1, "u": [[1, 1, 1, 1]], "v": [[1, 1, 1, 1]], "w": [[1], [1], [1], [1]]}',
]


@pytest.mark.parametrize("text", BAD_JSON, ids=range(len(BAD_JSON)))
def test_scheme_from_json_rejects(text):
    raises(ValueError, stl.scheme_from_json, text, "hostile.json")


def test_scheme_from_json_field_values():
    good = json.loads(stl.lookup_scheme("strassen").to_json())
    for field in ("m", "k", "n", "rank"):
        for value in (0, -2, G, 2 ** 63 - 1, 2 ** 64, 2.5, "2", None, [2], True):
            raises(ValueError, stl.scheme_from_json, json.dumps(dict(good, **{field: value})),
                   match=field)
    for field in ("u", "v", "w"):
        for value in ([], [[]], None, "x", [[1] * 4] * 100, [["1"] * 4] * 7, 5):
            raises(ValueError, stl.scheme_from_json, json.dumps(dict(good, **{field: value})))
    for field in good:
        raises(ValueError, stl.scheme_from_json,
               json.dumps({k: v for k, v in good.items() if k != field}), match=field)
    raises(ValueError, stl.scheme_from_json,
           json.dumps(good).replace("[1, 0, 0, 1]", "[1e400, 0, 0, 1]", 1))
    for bad in (None, 1, b"{}"):
        raises(TypeError, stl.scheme_from_json, bad)


def test_scheme_functions_bad_arguments():
    strassen = stl.lookup_scheme("strassen")
    for tol in (float("nan"), -1.0, float("inf"), 0.0):
        report = stl.check_brent(strassen, tol)     # a report, whatever it says
        assert isinstance(report.exact, bool)
    raises(TypeError, stl.check_brent, None)
    raises(TypeError, stl.check_brent, strassen, "tight")
    raises(TypeError, stl.compose, strassen, None)
    raises(TypeError, stl.compose, "strassen", strassen)
    assert stl.compose(strassen, strassen).rank == 49
    for args in [(0, 2, 2, 7), (2, 2, 2, 0), (2, 2, 2, -1), (2 ** 20, 2 ** 20, 2 ** 20, 7, 1),
                 (2, 2, 2, G, 1), (17, 2, 2, 7, 1)]:
        raises(ValueError, stl.fit_als, *args)
    for args in [(2, 2, 2, 7, -1), (2, 2, 2, 7, G), (2, 2, 2, 7, 1, -1), (2.0, 2, 2, 7),
                 (None, 2, 2, 7)]:
        raises(TypeError, stl.fit_als, *args)


def test_naive_scheme_bad_extents():
    for args in [(0, 0, 0), (0, 2, 2), (-1, 2, 2), (1, 1, -5)]:
        raises(ValueError, stl.naive_scheme, *args, match="naive")


def test_naive_scheme_huge_extents_do_not_crash():
    for args in [(2 ** 20, 2 ** 20, 2 ** 20), (2 ** 62, 2, 2), (2 ** 32, 2 ** 32, 2 ** 32)]:
        child = run_child(
            "import stl\n"
            "try:\n"
            "    stl.naive_scheme(*%r)\n"
            "except (ValueError, MemoryError) as e:\n"
            "    assert t.readable(e), e\n"
            "    print('raised', type(e).__name__)\n" % (args,), timeout=60)
        assert child.returncode == 0, (args, child.returncode, child.stderr[-2000:])
        assert "raised" in child.stdout, (args, child.stdout)


def test_scheme_constructor_checks_shapes():
    raises(ValueError, stl.Scheme, "x", (2, 2, 2), np.zeros((7, 4)), np.zeros((7, 4)),
           np.zeros((7, 4)), match="w")


def test_compose_too_large_is_named():
    big = stl.naive_scheme(16, 16, 16)
    raises(ValueError, stl.compose, big, big, match="65536")


def test_naive_scheme_wrong_types():
    for args in [(2 ** 70, 2, 2), (2.5, 2, 2), (None, 2, 2), ([2], 2, 2)]:
        raises(TypeError, stl.naive_scheme, *args)


# --------------------------------------------------------------------------
# The Python layer: report, compile_ptx, run_on_cpu, fit_scheme
# --------------------------------------------------------------------------

def test_report_and_compile_ptx_bad_input():
    raises(stl.MLIRError, stl.report, "garbage")
    raises(stl.MLIRError, stl.report, MM, pipeline="nope")
    raises(stl.MLIRError, stl.report, MM, pipeline="stl-rewrite-matmul{scheme=strassen}), (")
    raises(stl.MLIRError, stl.compile_ptx, MM, chip="bogus")
    raises(stl.MLIRError, stl.compile_ptx, MM, chip="sm_90a", bogus_opt="1")
    raises(stl.MLIRError, stl.compile_ptx, MM, chip="sm_90a}, func.func(canonicalize")


def test_run_on_cpu_bad_input():
    module = str(stl.parse(MM))
    ones = [np.ones((8, 8))] * 3
    raises(ValueError, stl.run_on_cpu, MM, ones, (8, 8), func="f")  # not a printed module
    raises(ValueError, stl.run_on_cpu, "garbage", [], (1,))
    raises(stl.MLIRError, stl.run_on_cpu, module, ones[:2], (8, 8), func="f")
    raises(stl.MLIRError, stl.run_on_cpu, module, ones, (-1, 8), func="f")
    raises(stl.MLIRError, stl.run_on_cpu, module, ones, (8, 8), func="nope")
    raises(stl.MLIRError, stl.run_on_cpu, module, ones, (8, 8), func="f}")
    raises(stl.MLIRError, stl.run_on_cpu, module, [np.ones((7, 8))] + ones[1:], (8, 8),
           func="f")
    raises(ValueError, stl.run_on_cpu, module, ["a", "b", "c"], (8, 8), func="f")
    assert stl.run_on_cpu(module, ones, (8, 8), func="f")[0, 0] == 9.0


def test_fit_scheme_bad_arguments_raise():
    for args in [(2, 2, 2, 0, 1, 0, 1), (-1, 2, 2, 7, 1, 0, 1), (2, 2, 2, 7, 0, 0, 1)]:
        with pytest.raises((ValueError, TypeError)):
            stl.fit_scheme(*args, progress=False)


def test_fit_scheme_bad_arguments_are_named():
    for args in [(2, 2, 2, 0, 1, 0, 1), (-1, 2, 2, 7, 1, 0, 1), (2, 2, 2, 7, 0, 0, 1)]:
        raises(ValueError, stl.fit_scheme, *args, progress=False)


# --------------------------------------------------------------------------
# Seeded mutation fuzzers (in a child process: a crash names its input)
# --------------------------------------------------------------------------

HOSTILE_NUMBERS = ["0", "1", "-1", "?", "3", "1024", "65536", str(2 ** 31), str(G),
                   str(2 ** 62), str(2 ** 63 - 1), str(2 ** 64), "99999999999999999999"]
HOSTILE_TYPES = ["f32", "f16", "bf16", "f64", "i1", "i8", "i32", "i64", "index",
                 "complex<f32>", "f8E4M3FN", "tf32", "vector<4xf32>", "none",
                 "!foo.bar", "tensor<2xf32>", "memref<2xf32>"]
HOSTILE_SCHEMES = ['"strassen"', '"naive-3x1x2"', '"naive-0x1x1"', '"perminov-5x5x5-r93"',
                   '"nope"', '""', '"x", tile = [2, 2, 2], rank = 1, u = [1, 1, 1, 1], '
                   'v = [1, 1, 1, 1], w = [1, 1, 1, 1]']


EXTENT = re.compile(r"(?<=[<x])(\d+|\?)(?=x)")


def mutate(rng, text):
    """One random mutation of `text`, biased toward the tokens that matter
    and toward mutants that still parse: an extent or an element type
    replaced everywhere it occurs, a scheme, an indexing map; then
    structural damage (deletions, duplications, characters, truncation)."""
    r = rng.random()
    extents = sorted(set(EXTENT.findall(text)))
    if r < 0.3 and extents:                    # an extent, everywhere
        old = rng.choice(extents)
        new = rng.choice(HOSTILE_NUMBERS)
        if rng.random() < 0.5:
            return EXTENT.sub(lambda m: new if m.group(0) == old else m.group(0), text)
        spots = [m.start() for m in EXTENT.finditer(text) if m.group(0) == old]
        i = rng.choice(spots)                  # or just once
        return text[:i] + new + text[i + len(old):]
    if r < 0.5:                                # an element type, everywhere
        present = [t for t in ("f32", "f16", "i8", "i32") if t in text]
        if present:
            return text.replace(rng.choice(present), rng.choice(HOSTILE_TYPES))
    if r < 0.6 and "#stl.scheme<" in text:     # a scheme
        i = text.index("#stl.scheme<") + len("#stl.scheme<")
        j = text.find(">", i)
        return text[:i] + rng.choice(HOSTILE_SCHEMES) + text[j if j >= 0 else i:]
    if r < 0.7 and "d1" in text:               # an indexing map
        return text.replace("d1", rng.choice(["d0", "d2", "d3", "d1 + d0", "0"]), 1)
    op = rng.randrange(4)
    if op == 0 and text:                       # delete a span
        i = rng.randrange(len(text))
        return text[:i] + text[i + rng.randint(1, 20):]
    if op == 1 and text:                       # duplicate a span
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randint(1, 40))
        return text[:j] + text[i:j] + text[j:]
    if op == 2 and text:                       # a random character
        i = rng.randrange(len(text))
        return text[:i] + rng.choice(string.printable) + text[i + 1:]
    return text[:rng.randrange(len(text) + 1)]  # truncate


SAMPLES = [MM, STL_MATMUL, BATCH_GENERIC, BATCH_MATMUL, MEMREF, CONST_WEIGHT]

FUZZ_PIPELINES = [REWRITE,
                  "stl-rewrite-matmul{scheme=auto}",
                  "stl-rewrite-matmul{scheme=naive-3x2x1,strassen force=true encoding-type=bf16}",
                  REWRITE + ",stl-decompose,stl-fold-constant-encodings",
                  REWRITE + ",stl-cpu-pipeline",
                  REWRITE + ",stl-cpu-pipeline{vectorize=false}",
                  "stl-report"]


NAMED_OP = re.compile(r"linalg\.(?:batch_)?(?:reduce_)?matmul\b[^\n]*")
ELEMENT = re.compile(r"(?:tensor|memref)<(?:[^<>]*?x)?((?:vector|complex)<[^<>]*>|[a-z]\w*)>")


def known_parser_crash(text):
    """MLIR 22's parser itself (mlir-opt too) crashes with SIGSEGV on a
    linalg.batch_matmul, batch_reduce_matmul or matmul whose element types
    its body builder cannot cast: index results, vector elements, complex
    mixed with integers (test/Regression/parse-linalg-named-op-element-types.mlir,
    test_named_op_element_types_do_not_crash_the_parser). The input guard
    refuses them; the fuzzer counts the mutants that reach that guard."""
    for line in NAMED_OP.findall(text):
        types = set(ELEMENT.findall(line))
        if any(t == "index" or t.startswith("vector<") for t in types):
            return True
        if any(t.startswith("complex<") for t in types) and len(types) > 1:
            return True
    return False


def fuzz_ir(seed, count, first=0):
    """Mutants of the samples: parse, then (if they parse) a pipeline; each
    case is printed first so that a crash names it. Case i follows from
    (seed, i) alone."""
    outcomes = {"parsed": 0, "rejected": 0, "ran": 0, "refused": 0, "guarded": 0}
    for case in range(first, first + count):
        rng = random.Random("%d:%d" % (seed, case))
        text = rng.choice(SAMPLES)
        for _ in range(rng.choice([1, 1, 2, 3])):
            text = mutate(rng, text)
        if known_parser_crash(text):
            outcomes["guarded"] += 1
        pipeline = FUZZ_PIPELINES[case % len(FUZZ_PIPELINES)]
        print("CASE %d %s\n%s\nEND" % (case, json.dumps(pipeline), text), flush=True)
        try:
            m = stl.parse(text, "fuzz.mlir")
        except stl.MLIRError as e:
            assert readable(e), e
            outcomes["rejected"] += 1
            continue
        outcomes["parsed"] += 1
        try:
            m.run(pipeline)
            outcomes["ran"] += 1
        except stl.MLIRError as e:
            assert readable(e), e
            outcomes["refused"] += 1
    print("OUTCOMES %s" % json.dumps(outcomes), flush=True)


def fuzz_json(seed, count, first=0):
    """Mutants of library schemes' JSON through scheme_from_json, and every
    scheme that comes back through check_brent, to_mlir and the CPU
    pipeline. Case i follows from (seed, i) alone."""
    texts = [stl.lookup_scheme(n).to_json() for n in ("strassen", "laderman",
                                                      "alphaevolve-2x4x5-r32")]
    outcomes = {"accepted": 0, "rejected": 0}
    for case in range(first, first + count):
        rng = random.Random("%d:%d" % (seed, case))
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            text = mutate(rng, text)
        print("CASE %d\n%s\nEND" % (case, text), flush=True)
        try:
            s = stl.scheme_from_json(text, "fuzz.json")
        except ValueError as e:
            assert readable(e), e
            outcomes["rejected"] += 1
            continue
        outcomes["accepted"] += 1
        stl.check_brent(s)
        if outcomes["accepted"] % 8:
            continue     # the CPU pipeline for every 8th scheme: the time goes there
        m, k, n = s.tile
        a, b, c = tensor((2 * m, 2 * k)), tensor((2 * k, 2 * n)), tensor((2 * m, 2 * n))
        try:
            module = stl.parse(
                "func.func @f(%%a: %s, %%b: %s, %%c: %s) -> %s {\n"
                "  %%0 = stl.matmul %%a, %%b into %%c {scheme = %s} : %s, %s, %s -> %s\n"
                "  return %%0 : %s\n}\n" % (a, b, c, c, s.to_mlir(), a, b, c, c, c))
            module.run("stl-cpu-pipeline")
        except (stl.MLIRError, ValueError) as e:
            assert readable(e), e
    print("OUTCOMES %s" % json.dumps(outcomes), flush=True)


def check_fuzz_child(call):
    child = run_child(call, timeout=300)
    if child.returncode != 0:
        cases = child.stdout.rsplit("CASE ", 1)
        last = "CASE " + cases[1] if len(cases) > 1 else child.stdout[-2000:]
        pytest.fail("the fuzzer died (exit %d) on\n%s\n%s" % (
            child.returncode, last[:4000], child.stderr[-3000:]))
    assert "OUTCOMES" in child.stdout
    return json.loads(child.stdout.rsplit("OUTCOMES ", 1)[1].splitlines()[0])


def test_fuzz_ir_mutants():
    outcomes = check_fuzz_child("t.fuzz_ir(20261207, 700)")
    # The mutants reach past the parser, and some fail further on.
    assert outcomes["ran"] > 50 and outcomes["rejected"] > 50, outcomes


def test_fuzz_scheme_json_mutants():
    outcomes = check_fuzz_child("t.fuzz_json(20261207, 1200)")
    assert outcomes["rejected"] > 100, outcomes
