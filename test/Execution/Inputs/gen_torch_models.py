#!/usr/bin/env python3
"""Regenerates the model execution tests test/Execution/torch-*.mlir.

Each model is exported with torch-mlir
(torch_mlir.fx.export_and_import(..., output_type="linalg-on-tensors")), so
the tests hold exactly the shapes and op mixes a PyTorch user hands to
stl-opt: dense_resource weights, nn.Linear's transposed weight, collapsed 3-D
activations, broadcast biases, dynamic dimensions with their asserts. A
@main with a fixed input and PyTorch's own output (as a reference file in
Inputs/) are added. The suite runs the generated files; it does not need
torch (this script does: scripts/setup-python.sh installs it in .venv).

    .venv/bin/python test/Execution/Inputs/gen_torch_models.py
"""
import math
import os
import re
import struct

import torch
from torch.export import Dim
from torch_mlir import fx

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)

MLIR_TYPE = {torch.float32: "f32", torch.float16: "f16", torch.bfloat16: "bf16"}


class MLP(torch.nn.Module):
    def __init__(self, d_in, d_hidden, d_out):
        super().__init__()
        self.fc1 = torch.nn.Linear(d_in, d_hidden)
        self.fc2 = torch.nn.Linear(d_hidden, d_out)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class Attention(torch.nn.Module):
    """One head: softmax(q k^T / sqrt(d)) v, then GELU and an output
    projection, as in a transformer block."""

    def __init__(self, d):
        super().__init__()
        self.q = torch.nn.Linear(d, d, bias=False)
        self.k = torch.nn.Linear(d, d, bias=False)
        self.v = torch.nn.Linear(d, d, bias=False)
        self.o = torch.nn.Linear(d, d)
        self.scale = 1.0 / math.sqrt(d)

    def forward(self, x):
        q, k, v = self.q(x), self.k(x), self.v(x)
        s = torch.matmul(q, k.transpose(-2, -1)) * self.scale
        p = torch.softmax(s, dim=-1)
        return self.o(torch.nn.functional.gelu(torch.matmul(p, v)))


def integer_init(model, seed, low=-2, high=2):
    """Integer weights and biases: products of integer inputs are exact in
    f32, so a rewritten product must print exactly the same numbers."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randint(low, high + 1, p.shape, generator=g))
    return model


def mlir_literal(t):
    """A dense<> literal of tensor `t` (printed as float)."""
    if t.dim() == 0:
        return repr(float(t))
    return "[" + ", ".join(mlir_literal(s) for s in t) + "]"


def memref_text(t):
    """`t` in the layout mlir-runner's printMemref uses (what
    examples/compare_outputs.py reads)."""
    sizes = ", ".join(str(d) for d in t.shape)
    values = " ".join(repr(float(v)) for v in t.flatten())
    return (f"Unranked Memref base@ = 0 rank = {t.dim()} offset = 0 "
            f"sizes = [{sizes}] strides = [] data = \n{values}\n")


def tensor_type(shape, dtype):
    dims = "x".join("?" if d is None else str(d) for d in shape)
    return f"tensor<{dims}x{MLIR_TYPE[dtype]}>"


def main_function(x, dtype, in_type, out_shape, out_static):
    """@main: calls @forward on the input `x` and prints the result in f32."""
    lines = ["func.func private @printMemrefF32(tensor<*xf32>)", "",
             "func.func @main() {"]
    static_in = tensor_type(x.shape, dtype)
    lines.append(f"  %x = arith.constant dense<{mlir_literal(x.float())}> : "
                 f"{static_in}")
    arg = "%x"
    if static_in != in_type:
        lines.append(f"  %xd = tensor.cast %x : {static_in} to {in_type}")
        arg = "%xd"
    out_type = tensor_type(out_shape, dtype)
    lines.append(f"  %y = call @forward({arg}) : ({in_type}) -> {out_type}")
    result, result_type = "%y", out_type
    if out_type != tensor_type(out_static, dtype):
        result_type = tensor_type(out_static, dtype)
        lines.append(f"  %ys = tensor.cast %y : {out_type} to {result_type}")
        result = "%ys"
    if dtype != torch.float32:
        f32_type = tensor_type(out_static, torch.float32)
        rank = len(out_static)
        dims = ", ".join(f"d{i}" for i in range(rank))
        iterators = ", ".join(['"parallel"'] * rank)
        lines += [
            f"  %e = tensor.empty() : {f32_type}",
            f"  %yf = linalg.generic {{indexing_maps = [affine_map<({dims}) -> ({dims})>, "
            f"affine_map<({dims}) -> ({dims})>], iterator_types = [{iterators}]}} "
            f"ins({result} : {result_type}) outs(%e : {f32_type}) {{",
            f"  ^bb0(%in: {MLIR_TYPE[dtype]}, %out: f32):",
            f"    %w = arith.extf %in : {MLIR_TYPE[dtype]} to f32",
            "    linalg.yield %w : f32",
            f"  }} -> {f32_type}",
        ]
        result, result_type = "%yf", f32_type
    lines += [f"  %u = tensor.cast {result} : {result_type} to tensor<*xf32>",
              "  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()",
              "  return", "}"]
    return "\n".join(lines)


def export(model, x, dynamic_shapes=None):
    module = fx.export_and_import(model, x, output_type="linalg-on-tensors",
                                  func_name="forward",
                                  dynamic_shapes=dynamic_shapes)
    return str(module)


def write_test(name, header, model, x, dtype, dynamic_dim=None):
    model = model.to(dtype)
    x = x.to(dtype)
    shapes = None
    in_shape = list(x.shape)
    if dynamic_dim is not None:
        shapes = {"x": {dynamic_dim: Dim("seq", min=2, max=64)}}
        in_shape[dynamic_dim] = None
    ir = export(model, x, shapes)
    with torch.no_grad():
        y = model(x)
    out_shape = list(y.shape)
    if dynamic_dim is not None:
        out_shape[dynamic_dim] = None
    body, sep, resources = ir.partition("{-#")
    # One module: the model's functions next to @main.
    body = body.strip()
    aliases = "\n".join(l for l in body.splitlines() if l.startswith("#"))
    inner = body[body.index("module {") + len("module {"):body.rindex("}")]
    main = main_function(x, dtype, tensor_type(in_shape, dtype), out_shape,
                         list(y.shape))
    text = (header.strip() + "\n\n" + aliases + "\n" + inner.rstrip() +
            "\n\n" + main + "\n\n" + sep + resources)
    with open(os.path.join(TESTS, name + ".mlir"), "w") as f:
        f.write(text)
    with open(os.path.join(HERE, name + ".torch"), "w") as f:
        f.write(memref_text(y.float()))
    print(f"wrote {name}.mlir and Inputs/{name}.torch, output {list(y.shape)}, "
          f"max |y| = {y.float().abs().max():g}")


HEADERS = {}
HEADERS["torch-mlp"] = open(os.path.join(HERE, "torch-mlp.header")).read()
HEADERS["torch-mlp-dynamic"] = open(
    os.path.join(HERE, "torch-mlp-dynamic.header")).read()
HEADERS["torch-attention-f16"] = open(
    os.path.join(HERE, "torch-attention-f16.header")).read()


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    # (a) nn.Linear + ReLU + nn.Linear in f32 on integer data.
    x = torch.randint(-3, 4, (2, 6, 16), generator=g).float()
    write_test("torch-mlp", HEADERS["torch-mlp"],
               integer_init(MLP(16, 32, 8), seed=2), x, torch.float32)
    # (c) The same MLP with a dynamic sequence length.
    x = torch.randint(-3, 4, (2, 10, 16), generator=g).float()
    write_test("torch-mlp-dynamic", HEADERS["torch-mlp-dynamic"],
               integer_init(MLP(16, 32, 8), seed=3), x, torch.float32,
               dynamic_dim=1)
    # (b) An attention head in f16 with PyTorch's default initialization
    # and a normally distributed input: 16-bit numerics, not integers. (A
    # bf16 export needs the ml_dtypes package, which python/requirements.txt
    # does not list; torch-attention-bf16.mlir is written by hand in the
    # shapes torch-mlir emits.)
    model = Attention(32)
    x = torch.randn(2, 16, 32, generator=g)
    write_test("torch-attention-f16", HEADERS["torch-attention-f16"], model,
               x, torch.float16)


if __name__ == "__main__":
    main()
