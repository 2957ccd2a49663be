"""The bindings: IR round trip, diagnostics as exceptions, passes, reports,
PTX and the scheme library as numpy arrays."""

import numpy as np
import pytest

import stl

MATMUL = """
func.func @main(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %c = stl.matmul %a, %b {scheme = #stl.scheme<"strassen">} : tensor<8x8xf32>, tensor<8x8xf32> -> tensor<8x8xf32>
  return %c : tensor<8x8xf32>
}
"""

LINALG = """
func.func @main(%a: tensor<16x16xf32>, %b: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x16xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<16x16xf32>) -> tensor<16x16xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<16x16xf32>, tensor<16x16xf32>) outs(%c : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}
"""


def test_round_trip():
    module = stl.parse(MATMUL)
    text = str(module)
    assert 'stl.matmul %arg0, %arg1 {scheme = #stl.scheme<"strassen">}' in text
    assert str(stl.parse(text)) == text
    generic = module.to_string(generic=True)
    assert '"stl.matmul"' in generic
    assert str(stl.parse(generic)) == text


def test_bad_ir_raises_with_diagnostic_text():
    with pytest.raises(stl.MLIRError, match=r"bad.mlir\":2:3\): error: Dialect `foo' not found"):
        stl.parse("func.func @f() {\n  foo.bar\n  return\n}", "bad.mlir")
    # A verifier error names the operand and location.
    bad = MATMUL.replace("tensor<8x8xf32>, tensor<8x8xf32> ->", "tensor<8x8xf32>, tensor<8x6xf32> ->", 1)
    bad = bad.replace("%b: tensor<8x8xf32>", "%b: tensor<8x6xf32>")
    with pytest.raises(stl.MLIRError) as info:
        stl.parse(bad, "bad.mlir")
    assert "bad.mlir" in str(info.value) and "error:" in str(info.value)


def test_pipeline_and_failures_leave_module_unchanged():
    module = stl.parse(LINALG)
    before = str(module)
    with pytest.raises(stl.MLIRError, match="does not refer to a registered pass"):
        module.run("no-such-pass")
    with pytest.raises(stl.MLIRError, match="is approximate"):
        module.run("stl-rewrite-matmul{scheme=cp-als-4x4x4-r24}")
    assert str(module) == before
    module.run("builtin.module(stl-rewrite-matmul{scheme=strassen})")
    assert "stl.matmul" in str(module) and "linalg.matmul" not in str(module)
    module.run("stl-decompose")
    text = str(module)
    assert "stl.encode" in text and "stl.hadamard" in text and "stl.decode" in text


def test_remarks_are_returned():
    # A product written as acc - (-a) * b is not recognized; the pass says why.
    module = stl.parse("""
func.func @main(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>, %c: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
    ins(%a, %b : tensor<8x8xf32>, tensor<8x8xf32>) outs(%c : tensor<8x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %nx = arith.negf %x : f32
    %p = arith.mulf %nx, %y : f32
    %s = arith.subf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}""")
    remarks = module.run("stl-rewrite-matmul{scheme=strassen}")
    assert any("remark: not rewritten to STL" in r for r in remarks), remarks


def test_report_as_python_objects():
    report = stl.report(LINALG, "stl-rewrite-matmul{scheme=strassen}")
    assert report["uncounted"] == 0
    (product,) = report["products"]
    assert product["scheme"] == "strassen" and product["tile"] == [2, 2, 2]
    assert product["multiplies_original"] == 16 ** 3
    assert product["multiplies_stl"] == 7 * 8 ** 3
    assert report["multiplies_stl"] == product["multiplies_stl"]


def test_ptx_without_gpu():
    module = stl.parse(LINALG.replace("16x16", "64x64"))
    module.run("stl-rewrite-matmul{scheme=strassen}")
    ptx = stl.compile_ptx(module, chip="sm_80")
    assert ptx, "no PTX written"
    text = "\n".join(ptx.values())
    assert ".target sm_80" in text and ".entry" in text


def test_cpu_execution_matches_numpy():
    rng = np.random.default_rng(0)
    a = rng.integers(-3, 4, size=(8, 8)).astype(np.float32)
    b = rng.integers(-3, 4, size=(8, 8)).astype(np.float32)
    y = stl.run_on_cpu(stl.parse(MATMUL), [a, b], (8, 8))
    # Integer data and an exact scheme: no rounding at all.
    np.testing.assert_array_equal(y, a @ b)


def test_schemes_as_numpy():
    names = [name for name, _ in stl.list_schemes()]
    assert {"strassen", "laderman", "strassen-4x4", "cp-als-4x4x4-r24"} <= set(names)
    s = stl.lookup_scheme("strassen")
    assert s.tile == (2, 2, 2) and s.rank == 7
    assert s.u.shape == (7, 4) and s.v.shape == (7, 4) and s.w.shape == (4, 7)
    assert stl.check_brent(s).exact
    s4 = stl.compose(s, s)
    assert s4.tile == (4, 4, 4) and s4.rank == 49 and stl.check_brent(s4).exact
    approx = stl.check_brent(stl.lookup_scheme("cp-als-4x4x4-r24"))
    assert not approx.exact and 0 < approx.relative_error < 1
    copy = stl.Scheme("mine", s.tile, s.u, s.v, s.w)
    assert stl.check_brent(copy).exact
    again = stl.scheme_from_json(copy.to_json())
    np.testing.assert_array_equal(again.w, s.w)
    assert copy.to_mlir().startswith('#stl.scheme<"mine", tile = [2, 2, 2], rank = 7')
    broken = s.u.copy()
    broken[0, 0] += 1
    assert not stl.check_brent(stl.Scheme("broken", s.tile, broken, s.v, s.w)).exact


def test_scheme_errors():
    with pytest.raises(ValueError, match="no-such-scheme"):
        stl.lookup_scheme("no-such-scheme")
    s = stl.lookup_scheme("strassen")
    with pytest.raises(ValueError, match=r"w must be 4 x 7 \(m\*n x rank\), got 3 x 7"):
        stl.Scheme("bad", (2, 2, 2), s.u, s.v, s.w[:3])
    with pytest.raises(ValueError):
        stl.scheme_from_json("{not json")


def test_input_that_crashes_mlirs_linalg_parser_is_refused():
    # MLIR 22 dereferences a null attribute on a malformed list here.
    with pytest.raises(stl.MLIRError, match=r"expected an integer list"):
        stl.parse("linalg.transpose permutation=")
