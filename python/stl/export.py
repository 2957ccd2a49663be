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
    def __init__(self, model, layers, num_inputs):
        super().__init__()
        self.model = model
        self.layers = layers
        self.num_inputs = num_inputs

    def forward(self, *args):
        inputs, placeholders = args[:self.num_inputs], args[self.num_inputs:]
        for layer, rhs in zip(self.layers, placeholders):
            layer._export_rhs = rhs
        try:
            return self.model(*inputs)
        finally:
            for layer in self.layers:
                layer._export_rhs = None


def export_model(model, example_input, func_name="main"):
    """Exports ``model(example_input)`` (static shapes, float32, eval mode) to
    an ``stl.Module`` in which every ``STLLinear`` is one ``stl.matmul``.
    ``example_input`` is a tensor or a tuple of tensors (one per argument of
    the model's forward)."""
    from torch_mlir import fx

    model = model.eval()
    layers = [m for m in model.modules() if isinstance(m, STLLinear)]
    placeholders = [torch.zeros(layer.padded_in, layer.padded_out) for layer in layers]
    inputs = tuple(example_input) if isinstance(example_input, (tuple, list)) \
        else (example_input,)
    wrapper = _WithPlaceholders(model, layers, len(inputs))
    with torch.no_grad():
        imported = fx.export_and_import(wrapper, *inputs, *placeholders,
                                        output_type="linalg-on-tensors",
                                        func_name=func_name)
    module = Module.parse(str(imported), "<torch-mlir>")
    # Highest argument first: removing it leaves the lower indices in place.
    for index in reversed(range(len(layers))):
        layer = layers[index]
        encoded = np.ascontiguousarray(
            layer.weight_encoded.detach().cpu().float().numpy())
        module.inline_encoded_weight(func_name, len(inputs) + index,
                                     layer.scheme(f"{layer.scheme_name}-learned"), encoded)
    return module
