"""Scheme fitting recovers exact schemes where they exist."""

import numpy as np

import stl
from stl.fit import fit_scheme, matmul_tensor


def test_recovers_strassen_rank():
    result = fit_scheme(2, 2, 2, 7, restarts=4, seed=0)
    assert result.max_residual <= 1e-10
    report = stl.check_brent(result.scheme, tolerance=1e-10)
    assert report.exact and result.scheme.rank == 7
    assert len(result.errors) == 4


def test_deterministic_and_honest_error():
    a = fit_scheme(2, 2, 2, 5, restarts=2, seed=3, iterations=200, lm_iterations=10)
    b = fit_scheme(2, 2, 2, 5, restarts=2, seed=3, iterations=200, lm_iterations=10)
    np.testing.assert_array_equal(a.scheme.u, b.scheme.u)
    # Rank 5 < 7: no exact scheme; the reported error is the tensor's.
    t = matmul_tensor(2, 2, 2)
    s = a.scheme
    t_hat = np.einsum("lx,ly,zl->xyz", s.u, s.v, s.w)
    assert abs(np.sum((t - t_hat) ** 2) / np.sum(t * t) - a.relative_squared_error) < 1e-9
    assert a.relative_squared_error > 0.05


def test_progress_bar(capsys):
    import io
    stream = io.StringIO()
    fit_scheme(2, 2, 2, 7, restarts=2, seed=0, iterations=50, lm_iterations=0, progress=stream)
    assert "2/2 restarts" in stream.getvalue()


def test_library_als_binding():
    s = stl.fit_als(2, 2, 2, 8, iterations=50, seed=1)
    assert s.rank == 8 and s.u.shape == (8, 4)
