"""The rank-24 <4,4,4> search script (scripts/fit-444-r24-search.py): its
Kronecker starts rest on the block identity <4,4,4> = <2,2,2> (x) <2,2,2> in
the script's index convention, checked here numerically."""

import importlib.util
import os

import torch

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts",
                      "fit-444-r24-search.py")


def load_search():
    spec = importlib.util.spec_from_file_location("fit_search", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_kronecker_square_of_a_fit_has_the_product_error():
    s = load_search()
    gen = torch.Generator().manual_seed(3)
    a, b, c = s.fit_222(5, 2, gen)
    # Against the dense <2,2,2> tensor (T[ij, jq, iq] = 1), not sq_err's
    # Gram form, so that both are checked.
    t = s.target("cpu", 2)
    err5 = (torch.einsum("xl,yl,zl->xyz", a[0].flatten(0, 1), b[0].flatten(0, 1),
                         c[0].flatten(0, 1)) - t).square().sum() / 8
    assert abs(err5 - s.sq_err(a, b, c)[0]) < 1e-12
    # The best rank-5 approximation of <2,2,2> has relative squared error 0.25.
    assert 0.25 <= err5 < 0.2503
    # A least-squares fit's residual is orthogonal to it, so the Kronecker
    # square errs by 1 - (1 - e)^2 exactly; a wrong block index would not.
    x, y, z = (s.kron(f[0], f[0])[None] for f in (a, b, c))
    err25 = s.sq_err(x, y, z)
    assert abs(err25.item() - (1 - (1 - err5.item()) ** 2)) < 1e-6


def test_kronecker_starts_have_rank_24_and_descend():
    s = load_search()
    gen = torch.Generator().manual_seed(1)
    a, b, c = s.kronecker_start(2, gen)
    assert a.shape == b.shape == c.shape == (2, 4, 4, 24)
    start = s.sq_err(a, b, c)
    a, b, c = s.lm(a, b, c, 10, 1e-7, log_every=0)
    assert (s.sq_err(a, b, c) < start).all()
