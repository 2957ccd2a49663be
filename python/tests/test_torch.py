"""STLLinear: exactness with exact schemes, gradients, padding, conversion."""

import pytest
import torch
from torch import nn

from stl.fit import fit_scheme
from stl.torch import STLLinear, convert_linear_layers, linear_multiplies

EXACT = ["strassen", "winograd", "hopcroft-kerr", "laderman", "strassen-4x4", "naive-3x2x4"]


def integer_linear(in_features, out_features, seed):
    g = torch.Generator().manual_seed(seed)
    linear = nn.Linear(in_features, out_features)
    with torch.no_grad():
        linear.weight.copy_(torch.randint(-4, 5, linear.weight.shape, generator=g))
        linear.bias.copy_(torch.randint(-4, 5, linear.bias.shape, generator=g))
    return linear


@pytest.mark.parametrize("scheme", EXACT)
def test_from_linear_is_exact_on_integer_data(scheme):
    # 10 -> 7 features and 5 rows: no tile divides them, so padding is used.
    linear = integer_linear(10, 7, seed=1)
    layer = STLLinear.from_linear(linear, init=scheme)
    x = torch.randint(-4, 5, (5, 10), generator=torch.Generator().manual_seed(2)).float()
    # Integer-valued data with integer-coefficient schemes: every intermediate
    # is an integer below 2^24, so the result equals nn.Linear exactly.
    assert torch.equal(layer(x), linear(x))


@pytest.mark.parametrize("scheme", EXACT)
def test_from_linear_matches_on_random_data(scheme):
    torch.manual_seed(0)
    linear = nn.Linear(33, 18)
    layer = STLLinear.from_linear(linear, init=scheme)
    x = torch.randn(4, 3, 33)
    y, ref = layer(x), linear(x)
    assert y.shape == ref.shape
    # Stated tolerance: float32 rounding of the reassociated sums.
    torch.testing.assert_close(y, ref, rtol=1e-5, atol=1e-5)


def test_from_linear_with_a_fitted_scheme():
    fitted = fit_scheme(2, 2, 2, 7, restarts=3, seed=0)
    linear = nn.Linear(8, 6)
    layer = STLLinear.from_linear(linear, init=fitted)
    x = torch.randn(6, 8)
    torch.testing.assert_close(layer(x), linear(x), rtol=1e-5, atol=1e-5)


def test_shapes_and_storage():
    layer = STLLinear(30, 10, init="cp-als-4x4x4-r24")
    assert layer.weight_encoded.shape == (24, 8, 3)  # r x K/k x N/n, padded
    assert layer.lhs_encoder.shape == (24, 16) and layer.decoder.shape == (16, 24)
    random = STLLinear(30, 10, init="random", tile=(4, 4, 4), rank=24, seed=3)
    assert random.weight_encoded.shape == (24, 8, 3)
    with pytest.raises(ValueError, match="needs tile and rank"):
        STLLinear(30, 10, init="random")
    with pytest.raises(ValueError, match="has rank 7"):
        STLLinear(30, 10, init="strassen", rank=24)
    with pytest.raises(ValueError):
        STLLinear(30, 10, init="no-such-scheme")


@pytest.mark.parametrize("init", ["cp-als-4x4x4-r24", "random"])
def test_gradients_reach_every_parameter(init):
    torch.manual_seed(0)
    layer = STLLinear(10, 6, init=init, tile=(4, 4, 4), rank=24)
    layer(torch.randn(3, 5, 10)).square().sum().backward()
    for name, p in layer.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_gradients_are_correct():
    layer = STLLinear(6, 5, init="strassen", dtype=torch.float64)
    x = torch.randn(3, 6, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda x, u, w, d, b: torch.func.functional_call(
            layer, {"lhs_encoder": u, "weight_encoded": w, "decoder": d, "bias": b}, (x,)),
        (x, layer.lhs_encoder.detach().clone().requires_grad_(),
         layer.weight_encoded.detach().clone().requires_grad_(),
         layer.decoder.detach().clone().requires_grad_(),
         layer.bias.detach().clone().requires_grad_()))


def test_convert_and_compile():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 12), nn.ReLU(), nn.Linear(12, 4))
    x = torch.randn(8, 16)
    dense = model(x)
    dense_mults = linear_multiplies(model, 8)
    convert_linear_layers(model, init="strassen", keep_weights=True)
    assert all(isinstance(model[i], STLLinear) for i in (0, 2))
    torch.testing.assert_close(model(x), dense, rtol=1e-5, atol=1e-5)
    assert linear_multiplies(model, 8) == 7 * (4 * 8 * 6 + 4 * 6 * 2)
    assert dense_mults == 8 * 16 * 12 + 8 * 12 * 4
    # One graph for dynamo (no breaks), forward and backward through AOTAutograd.
    compiled = torch.compile(model, fullgraph=True, backend="aot_eager")
    y = compiled(x)
    torch.testing.assert_close(y, model(x))
    y.sum().backward()
    assert model[0].lhs_encoder.grad is not None
