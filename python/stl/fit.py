"""Fitting schemes: rank-r approximations of the <m,k,n> matrix-product tensor.

``fit_scheme`` runs, from several pseudo-random starting points drawn from one
seed, alternating least squares with two improvements over plain CP-ALS:

* proximal regularization (each factor update is pulled towards the previous
  factor with weight ``lam``; it does not move the fixed points, but keeps ALS
  out of the degenerate "swamps" where factors grow without bound), and
* line search by extrapolation (after each sweep, try going ``s`` times as far
  along the last step; keep it when the error drops, grow or shrink ``s``),

then polishes the best starting points with Levenberg-Marquardt on all
coefficients at once (quadratic convergence: an exact scheme reaches a Brent
residual near machine precision). The tensor is T[a*k+b, b*n+c, a*n+c] = 1; the
error is the relative squared error ||T - T_hat||^2 / ||T||^2.
"""

import dataclasses
import sys
import time

import numpy as np

from ._stl import Scheme, check_brent


def matmul_tensor(m, k, n):
    """The <m,k,n> matrix-multiplication tensor, (m*k) x (k*n) x (m*n)."""
    t = np.zeros((m * k, k * n, m * n))
    for a in range(m):
        for b in range(k):
            for c in range(n):
                t[a * k + b, b * n + c, a * n + c] = 1.0
    return t


def _sq_error(t, t_norm2, a, b, c):
    inner = np.einsum("xyz,xl,yl,zl->", t, a, b, c, optimize=True)
    model = np.sum((a.T @ a) * (b.T @ b) * (c.T @ c))
    return max(t_norm2 - 2.0 * inner + model, 0.0)


def _als_sweep(t, a, b, c, lam):
    r = a.shape[1]
    eye = np.eye(r)
    # Proximal ALS: argmin ||T - [A,B,C]||^2 + lam ||A - A_prev||^2.
    m = np.einsum("xyz,yl,zl->xl", t, b, c, optimize=True)
    a = np.linalg.solve(((b.T @ b) * (c.T @ c) + lam * eye).T, (m + lam * a).T).T
    m = np.einsum("xyz,xl,zl->yl", t, a, c, optimize=True)
    b = np.linalg.solve(((a.T @ a) * (c.T @ c) + lam * eye).T, (m + lam * b).T).T
    m = np.einsum("xyz,xl,yl->zl", t, a, b, optimize=True)
    c = np.linalg.solve(((a.T @ a) * (b.T @ b) + lam * eye).T, (m + lam * c).T).T
    return a, b, c


def _balance(a, b, c):
    """Rescales every rank-one term so its three factors have equal norms
    (the product is unchanged)."""
    na, nb, nc = (np.linalg.norm(f, axis=0) + 1e-300 for f in (a, b, c))
    g = np.cbrt(na * nb * nc)
    return a * (g / na), b * (g / nb), c * (g / nc)


def _als(t, t_norm2, a, b, c, iterations, lam, tol):
    err = _sq_error(t, t_norm2, a, b, c)
    step = 1.5
    for _ in range(iterations):
        a1, b1, c1 = _als_sweep(t, a, b, c, lam)
        e1 = _sq_error(t, t_norm2, a1, b1, c1)
        # Extrapolate along the sweep's direction.
        ae, be, ce = (x + step * (x1 - x) for x, x1 in ((a, a1), (b, b1), (c, c1)))
        ee = _sq_error(t, t_norm2, ae, be, ce)
        if ee < e1:
            a1, b1, c1, e1 = ae, be, ce, ee
            step = min(step * 1.2, 10.0)
        else:
            step = max(1.1, step / 2)
        improvement = err - e1
        a, b, c, err = *_balance(a1, b1, c1), e1
        if err / t_norm2 < tol or abs(improvement) < 1e-15 * t_norm2:
            break
    return a, b, c, err


def _levenberg_marquardt(t, t_norm2, a, b, c, iterations, tol):
    p, q, s = t.shape
    r = a.shape[1]
    ip, iq, is_ = np.eye(p), np.eye(q), np.eye(s)

    def residual(a, b, c):
        return (np.einsum("xl,yl,zl->xyz", a, b, c) - t).ravel()

    res = residual(a, b, c)
    err = res @ res
    mu = None
    for _ in range(iterations):
        if np.max(np.abs(res)) < tol:
            break
        ja = np.einsum("xX,yl,zl->xyzXl", ip, b, c).reshape(p * q * s, p * r)
        jb = np.einsum("yY,xl,zl->xyzYl", iq, a, c).reshape(p * q * s, q * r)
        jc = np.einsum("zZ,xl,yl->xyzZl", is_, a, b).reshape(p * q * s, s * r)
        j = np.hstack([ja, jb, jc])
        jtj = j.T @ j
        g = j.T @ res
        if mu is None:
            mu = 1e-3 * np.max(np.diag(jtj))
        accepted = False
        for _ in range(20):
            try:
                delta = np.linalg.solve(jtj + mu * np.eye(len(g)), -g)
            except np.linalg.LinAlgError:
                mu *= 4
                continue
            da, db, dc = np.split(delta, [p * r, (p + q) * r])
            a1, b1, c1 = a + da.reshape(p, r), b + db.reshape(q, r), c + dc.reshape(s, r)
            res1 = residual(a1, b1, c1)
            e1 = res1 @ res1
            if e1 < err:
                a, b, c, res, err = a1, b1, c1, res1, e1
                mu = max(mu / 3, 1e-15)
                accepted = True
                break
            mu *= 4
        if not accepted:
            break
    return a, b, c, err


@dataclasses.dataclass
class FitResult:
    """The best scheme found and how it was found."""
    scheme: Scheme
    relative_squared_error: float  # ||T - T_hat||^2 / ||T||^2
    max_residual: float  # max |T - T_hat| (the Brent residual)
    restart: int  # which starting point gave it
    errors: list  # relative squared error of every restart
    seconds: float


def _progress(done, total, best, start, stream):
    width = 24
    filled = int(width * done / total)
    stream.write(f"\rfit [{'#' * filled}{'.' * (width - filled)}] "
                 f"{done}/{total} restarts, best rel. sq. error {best:.6g}, "
                 f"{time.time() - start:.0f}s")
    if done == total:
        stream.write("\n")
    stream.flush()


def fit_scheme(m, k, n, rank, restarts=10, seed=0, iterations=1000,
               lam=1e-3, lm_iterations=100, lm_candidates=3, tol=1e-12,
               name=None, progress=False, init_scale=0.5):
    """Fits a rank-``rank`` scheme for the <m,k,n> tile product.

    ``restarts`` starting points are drawn from ``numpy.random.default_rng(seed)``
    (the same arguments give the same result); each runs ``iterations`` sweeps
    of regularized ALS with line search; the ``lm_candidates`` best are polished
    with up to ``lm_iterations`` Levenberg-Marquardt steps (stopping once the
    Brent residual is below ``tol``). ``progress`` draws a progress bar on
    stderr (or on the stream given). Returns a ``FitResult``."""
    for arg, value in (("m", m), ("k", k), ("n", n), ("rank", rank),
                       ("restarts", restarts), ("lm_candidates", lm_candidates)):
        if int(value) != value or value < 1:
            raise ValueError("fit_scheme: %s must be a positive integer, got %r"
                             % (arg, value))
    for arg, value in (("iterations", iterations), ("lm_iterations", lm_iterations)):
        if int(value) != value or value < 0:
            raise ValueError("fit_scheme: %s must be a non-negative integer, got %r"
                             % (arg, value))
    start = time.time()
    t = matmul_tensor(m, k, n)
    t_norm2 = float(np.sum(t * t))
    rng = np.random.default_rng(seed)
    stream = progress if hasattr(progress, "write") else sys.stderr
    candidates = []
    best = float("inf")
    for i in range(restarts):
        a, b, c = (rng.normal(scale=init_scale, size=(d, rank)) for d in t.shape)
        a, b, c, err = _als(t, t_norm2, a, b, c, iterations, lam, tol * tol)
        candidates.append((err, i, a, b, c))
        best = min(best, err / t_norm2)
        if progress:
            _progress(i + 1, restarts, best, start, stream)
    candidates.sort(key=lambda entry: entry[0])
    errors = [0.0] * restarts
    for err, i, *_ in candidates:
        errors[i] = float(err / t_norm2)
    polished = []
    for err, i, a, b, c in candidates[:lm_candidates]:
        if lm_iterations > 0:
            a, b, c, err = _levenberg_marquardt(t, t_norm2, a, b, c, lm_iterations, tol)
            errors[i] = float(err / t_norm2)
        polished.append((err, i, *_balance(a, b, c)))
    err, i, a, b, c = min(polished, key=lambda entry: entry[0])
    scheme = Scheme(name or f"fit-{m}x{k}x{n}-r{rank}-s{seed}", (m, k, n),
                    np.ascontiguousarray(a.T), np.ascontiguousarray(b.T),
                    np.ascontiguousarray(c))
    return FitResult(scheme=scheme, relative_squared_error=float(err / t_norm2),
                     max_residual=float(check_brent(scheme).max_residual),
                     restart=i, errors=errors, seconds=time.time() - start)
