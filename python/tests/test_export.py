"""A model with STL layers, exported through torch-mlir, compiled with
stl-opt's CPU pipeline and run: the numbers match PyTorch's."""

import numpy as np
import pytest
import torch
from torch import nn

import stl
from stl.export import export_model
from stl.torch import STLLinear, convert_linear_layers


def mlp(init, seed):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(30, 20), nn.ReLU(), nn.Linear(20, 10))
    return convert_linear_layers(model, init=init)


@pytest.mark.parametrize("init", ["cp-als-4x4x4-r24", "strassen"])
def test_export_compile_run(init):
    model = mlp(init, seed=0)
    # Perturb the learnable scheme so the export must carry learned values.
    with torch.no_grad():
        for layer in model.modules():
            if isinstance(layer, STLLinear):
                layer.lhs_encoder.add_(0.01 * torch.randn_like(layer.lhs_encoder))
    x = torch.randn(6, 30)  # 6 rows: padded to the tile inside the model
    module = export_model(model, x)
    text = str(module)
    assert text.count("stl.matmul") == 2 and text.count("rhs_encoded") == 2
    assert "linalg.matmul" not in text
    assert "-learned\", tile = [" in text  # coefficients inline
    y = stl.run_on_cpu(module, [x.numpy()], (6, 10))
    ref = model(x).detach().numpy()
    # Stated tolerance: float32 rounding (different summation order).
    scale = np.abs(ref).max()
    assert np.abs(y - ref).max() <= 1e-5 * max(scale, 1.0)


def test_exact_scheme_export_is_bit_exact_on_integers():
    torch.manual_seed(1)
    linear = nn.Linear(8, 4)
    with torch.no_grad():
        linear.weight.copy_(torch.randint(-3, 4, linear.weight.shape))
        linear.bias.copy_(torch.randint(-3, 4, linear.bias.shape))
    model = nn.Sequential(STLLinear.from_linear(linear, init="strassen"))
    x = torch.randint(-3, 4, (4, 8)).float()
    y = stl.run_on_cpu(export_model(model, x), [x.numpy()], (4, 4))
    np.testing.assert_array_equal(y, linear(x).detach().numpy())


def test_exported_model_compiles_for_the_gpu():
    # Code generation only (no GPU needed): the GPU pipeline takes the whole
    # exported model, STL products and the torch-mlir rest.
    model = mlp("cp-als-4x4x4-r24", seed=2)
    module = export_model(model, torch.randn(8, 30))
    ptx = stl.compile_ptx(module, chip="sm_80")
    assert any(name.startswith("stl_kernels") for name in ptx)
    assert all(".target sm_80" in text for text in ptx.values())
