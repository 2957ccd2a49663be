"""From PyTorch to the compiler: a model with STL layers as MLIR.

The model goes through torch-mlir's FX importer (linalg-on-tensors). While it
is traced, every ``STLLinear`` computes ``x_padded @ placeholder`` with the
placeholder an extra input of the exported function; the importer turns that
into ``linalg.matmul(x, %argN)``. ``Module.inline_encoded_weight`` then
replaces each such matmul by ``stl.matmul ... rhs_encoded`` with the layer's
learned scheme (coefficients inline) and its encoded weights as a constant,
and removes the argument. Padding, bias and everything else of the model stay
as torch-mlir lowered them.
"""

import numpy as np
import torch
from torch import nn

from ._stl import Module
from .torch import STLLinear


class _WithPlaceholders(nn.Module):
    def __init__(self, model, layers):
        super().__init__()
        self.model = model
        self.layers = layers

    def forward(self, x, *placeholders):
        for layer, rhs in zip(self.layers, placeholders):
            layer._export_rhs = rhs
        try:
            return self.model(x)
        finally:
            for layer in self.layers:
                layer._export_rhs = None


def export_model(model, example_input, func_name="main"):
    """Exports ``model(example_input)`` (static shapes, float32, eval mode) to
    an ``stl.Module`` in which every ``STLLinear`` is one ``stl.matmul``."""
    from torch_mlir import fx

    model = model.eval()
    layers = [m for m in model.modules() if isinstance(m, STLLinear)]
    placeholders = [torch.zeros(layer.padded_in, layer.padded_out) for layer in layers]
    wrapper = _WithPlaceholders(model, layers)
    with torch.no_grad():
        imported = fx.export_and_import(wrapper, example_input, *placeholders,
                                        output_type="linalg-on-tensors",
                                        func_name=func_name)
    module = Module.parse(str(imported), "<torch-mlir>")
    # Highest argument first: removing it leaves the lower indices in place.
    for index in reversed(range(len(layers))):
        layer = layers[index]
        encoded = np.ascontiguousarray(
            layer.weight_encoded.detach().cpu().float().numpy())
        module.inline_encoded_weight(func_name, 1 + index,
                                     layer.scheme(f"{layer.scheme_name}-learned"), encoded)
    return module
