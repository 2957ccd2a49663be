#!/usr/bin/env python3
"""Trains a small MLP on scikit-learn's bundled digits (8x8 images, no
download) three ways -- nn.Linear, STL <4,4,4;24> layers initialized from a
scheme, STL layers initialized at random -- prints test accuracy and
linear-layer multiplies, then exports the scheme-initialized STL model to MLIR
(stl.matmul per layer), compiles it with stl-opt's CPU pipeline, runs it and
prints the max difference against PyTorch.

    .venv/bin/python examples/digits_stl.py [--epochs N] [--seed S]
                                            [--scheme NAME|FILE.json]
"""

import argparse
import time

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

import stl
from stl.export import export_model
from stl.torch import STLLinear, convert_linear_layers, linear_multiplies


def make_mlp():
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def train(model, data, epochs, seed, batch=64, lr=2e-3):
    x_train, y_train = data
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        perm = torch.randperm(len(x_train), generator=g)
        for i in range(0, len(perm) - batch + 1, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss_fn(model(x_train[idx]), y_train[idx]).backward()
            opt.step()
        sched.step()
    return model


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item() * 100


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scheme", default="truncated-4x4x4-r24",
                        help="scheme that initializes the STL layers")
    args = parser.parse_args()

    digits = load_digits()
    x = digits.data.astype(np.float32) / 16.0
    x_train, x_test, y_train, y_test = train_test_split(
        x, digits.target, test_size=360, random_state=0, stratify=digits.target)
    x_train, x_test = torch.tensor(x_train), torch.tensor(x_test)
    y_train, y_test = torch.tensor(y_train), torch.tensor(y_test)
    rows = len(x_test)
    print(f"digits: {len(x_train)} training and {rows} test images of 8x8 pixels")

    scheme = stl.lookup_scheme(args.scheme)
    print(f"scheme '{scheme.name}' <{','.join(map(str, scheme.tile))};{scheme.rank}>: "
          f"relative error {stl.check_brent(scheme).relative_error:.3f}")
    variants = {
        "nn.Linear": lambda: make_mlp(),
        f"STL init={scheme.name}": lambda: convert_linear_layers(make_mlp(), init=scheme),
        "STL init=random": lambda: convert_linear_layers(
            make_mlp(), init="random", tile=scheme.tile, rank=scheme.rank),
    }
    results = {}
    dense_mults = None
    print(f"{'model':<32} {'accuracy':>9} {'linear multiplies':>18} {'ratio':>6} {'train s':>8}")
    for name, build in variants.items():
        torch.manual_seed(args.seed)
        model = build()
        start = time.time()
        train(model, (x_train, y_train), args.epochs, args.seed)
        seconds = time.time() - start
        acc = accuracy(model, x_test, y_test)
        mults = linear_multiplies(model, rows)
        dense_mults = dense_mults or mults
        results[name] = model
        print(f"{name:<32} {acc:>8.2f}% {mults:>18,} {dense_mults / mults:>5.2f}x {seconds:>8.1f}")
    stl_model = results[f"STL init={scheme.name}"]
    extra = sum(m.encode_decode_multiplies(rows) for m in stl_model.modules()
                if isinstance(m, STLLinear))
    print(f"(STL multiplies count the batched products; encoding the activations "
          f"and decoding add {extra:,})")

    start = time.time()
    module = export_model(stl_model, x_test)
    report = stl.report(module)
    compiled = stl.run_on_cpu(module, [x_test.numpy()], (rows, 10))
    with torch.no_grad():
        reference = stl_model(x_test).numpy()
    diff = np.abs(compiled - reference).max()
    print(f"exported: {len(report['products'])} stl.matmul, multiplies "
          f"{report['multiplies_stl']:,} (report); stl-opt CPU run vs PyTorch: "
          f"max |diff| {diff:.3g} (max |y| {np.abs(reference).max():.3g}), "
          f"same predictions: {np.array_equal(compiled.argmax(1), reference.argmax(1))}, "
          f"{time.time() - start:.1f}s")


if __name__ == "__main__":
    main()
