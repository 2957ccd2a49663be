"""STL layers for PyTorch.

``STLLinear`` is a drop-in replacement for ``torch.nn.Linear`` that computes
Y = STL(X, W) + b with a ⟨m,k,n;r⟩ scheme (docs/Python.md):

    encode   X̂[l, I, J] = Σ_ab U[l, a·k+b] X[I·m+a, J·k+b]
    product  P[l] = X̂[l] @ Ŵ[l]                      (one batched matmul)
    decode   Y[I·m+a, L·n+c] = Σ_l D[a·n+c, l] P[l, I, L]

The lhs encoder U (``lhs_encoder``), the decoder D (``decoder``) and the
weights Ŵ (``weight_encoded``, stored pre-encoded as r × K/k × N/n) are
learnable parameters. Inputs whose row count or features the tile does not
divide are zero-padded; outputs are cut back. With an exact scheme the layer
computes x @ W.T + b (``from_linear``).

Note that an inexact scheme mixes the m rows of a tile: flattened leading
dimensions (batch, tokens) are grouped m at a time.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import _stl


def resolve_scheme(init):
    """A ``stl.Scheme`` from a library name, a JSON path, a ``FitResult`` or a
    Scheme (returned as is)."""
    if isinstance(init, _stl.Scheme):
        return init
    if hasattr(init, "scheme") and isinstance(init.scheme, _stl.Scheme):
        return init.scheme
    if isinstance(init, str):
        return _stl.lookup_scheme(init)
    raise TypeError(f"cannot make a scheme from {init!r}")


def random_scheme(tile, rank, generator=None):
    """Gaussian encoders and decoder scaled so that the fitted tensor has the
    norm of the exact product tensor (outputs start at the dense layer's
    scale)."""
    m, k, n = tile
    g = generator or torch.Generator().manual_seed(0)
    u = torch.randn(rank, m * k, generator=g, dtype=torch.float64)
    v = torch.randn(rank, k * n, generator=g, dtype=torch.float64)
    w = torch.randn(m * n, rank, generator=g, dtype=torch.float64)
    t_hat = torch.einsum("lx,ly,zl->xyz", u, v, w)
    scale = (math.sqrt(m * k * n) / t_hat.norm().item()) ** (1 / 3)
    return _stl.Scheme(f"random-{m}x{k}x{n}-r{rank}", tile,
                       (u * scale).numpy(), (v * scale).numpy(), (w * scale).numpy())


def encode_lhs(x, u, m, k):
    """(M, K) -> (r, M/m, K/k)."""
    rows, cols = x.shape
    tiles = x.reshape(rows // m, m, cols // k, k).transpose(1, 2)
    return (tiles.reshape(-1, m * k) @ u.T).T.reshape(-1, rows // m, cols // k)


def encode_rhs(w, v, k, n):
    """(K, N) -> (r, K/k, N/n)."""
    rows, cols = w.shape
    tiles = w.reshape(rows // k, k, cols // n, n).transpose(1, 2)
    return (tiles.reshape(-1, k * n) @ v.T).T.reshape(-1, rows // k, cols // n)


def decode(p, d, m, n):
    """(r, M/m, N/n) -> (M, N)."""
    r, tm, tn = p.shape
    tiles = (d @ p.reshape(r, -1)).reshape(m, n, tm, tn)
    return tiles.permute(2, 0, 3, 1).reshape(tm * m, tn * n)


def stl_matmul(x, u, w_encoded, d, m, k, n):
    """STL(X, Ŵ) for X (M, K) with M, K multiples of the tile."""
    return decode(torch.bmm(encode_lhs(x, u, m, k), w_encoded), d, m, n)


def stl_linear_product(x, u, v, w_encoded, d, m, k, n):
    """An ``STLLinear``'s product STL(X, Ŵ) with the layer's whole scheme
    (``v``, the rhs encoder, is not needed to compute it). ``torch.compile``
    keeps this call as one node of the graphs it traces (``allow_in_graph``;
    AOTAutograd, and so the default backend, still trace through it), so that
    the ``stl`` backend (``stl.dynamo``) finds the layer and compiles it as
    one ``stl.matmul`` with the learned scheme instead of rewriting its
    encode, product and decode again."""
    del v
    return stl_matmul(x, u, w_encoded, d, m, k, n)


torch.compiler.allow_in_graph(stl_linear_product)


def _ceil_to(value, multiple):
    return -(-value // multiple) * multiple


class STLLinear(nn.Module):
    """y = STL(x, W) + b, a drop-in for ``nn.Linear(in_features, out_features)``.

    ``init`` picks the starting scheme: a library name ("strassen",
    "strassen-4x4", "cp-als-4x4x4-r24", "naive-MxKxN", ...), a scheme JSON
    path, a ``stl.Scheme``, a ``stl.fit.FitResult``, or "random" (Gaussian
    encoders/decoder for ``tile`` and ``rank``). The weights start like
    ``nn.Linear``'s, encoded with the scheme's rhs encoder."""

    def __init__(self, in_features, out_features, bias=True, init="cp-als-4x4x4-r24",
                 tile=None, rank=None, seed=None, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        generator = torch.Generator().manual_seed(0 if seed is None else seed)
        if isinstance(init, str) and init == "random":
            if tile is None or rank is None:
                raise ValueError("init='random' needs tile and rank")
            scheme = random_scheme(tuple(tile), rank, generator)
        else:
            scheme = resolve_scheme(init)
            if tile is not None and tuple(tile) != tuple(scheme.tile):
                raise ValueError(f"scheme '{scheme.name}' has tile {scheme.tile}, not {tuple(tile)}")
            if rank is not None and rank != scheme.rank:
                raise ValueError(f"scheme '{scheme.name}' has rank {scheme.rank}, not {rank}")
        self.in_features, self.out_features = in_features, out_features
        self.m, self.k, self.n = scheme.tile
        self.rank = scheme.rank
        self.scheme_name = scheme.name
        self.padded_in = _ceil_to(in_features, self.k)
        self.padded_out = _ceil_to(out_features, self.n)
        dt = dtype or torch.get_default_dtype()
        self.lhs_encoder = nn.Parameter(torch.tensor(scheme.u, dtype=dt, device=device))
        self.decoder = nn.Parameter(torch.tensor(scheme.w, dtype=dt, device=device))
        # The rhs encoder only maps dense weights into the encoded space
        # (initialization, from_linear); training updates Ŵ directly.
        self.register_buffer("rhs_encoder", torch.tensor(scheme.v, dtype=dt, device=device))
        dense = torch.empty(out_features, in_features, **factory)
        bound = 1 / math.sqrt(in_features) if in_features > 0 else 0
        with torch.no_grad():
            dense.uniform_(-bound, bound, generator=generator) if dense.device.type == "cpu" \
                else dense.uniform_(-bound, bound)
        self.weight_encoded = nn.Parameter(self._encode_dense(dense))
        if bias:
            b = torch.empty(out_features, **factory)
            with torch.no_grad():
                b.uniform_(-bound, bound)
            self.bias = nn.Parameter(b)
        else:
            self.register_parameter("bias", None)
        # Set by stl.export while tracing: the rhs placeholder that becomes
        # stl.matmul's constant.
        self._export_rhs = None

    def _encode_dense(self, weight):
        """nn.Linear weight (out, in) -> Ŵ (r, K/k, N/n) with the rhs encoder."""
        w = weight.detach().T.to(self.rhs_encoder.dtype)
        w = F.pad(w, (0, self.padded_out - self.out_features, 0, self.padded_in - self.in_features))
        return encode_rhs(w, self.rhs_encoder, self.k, self.n).contiguous()

    @classmethod
    def from_linear(cls, linear, init="strassen", **kwargs):
        """An STLLinear computing what ``linear`` computes (exactly, up to
        floating-point rounding, when the scheme is exact)."""
        layer = cls(linear.in_features, linear.out_features, bias=linear.bias is not None,
                    init=init, device=linear.weight.device, dtype=linear.weight.dtype, **kwargs)
        with torch.no_grad():
            layer.weight_encoded.copy_(layer._encode_dense(linear.weight))
            if linear.bias is not None:
                layer.bias.copy_(linear.bias)
        return layer

    def scheme(self, name=None):
        """The current (learned) scheme as a ``stl.Scheme``."""
        as_np = lambda t: np.ascontiguousarray(t.detach().cpu().double().numpy())
        return _stl.Scheme(name or self.scheme_name, (self.m, self.k, self.n),
                           as_np(self.lhs_encoder), as_np(self.rhs_encoder), as_np(self.decoder))

    def multiplies(self, rows):
        """Multiplies of the batched product for ``rows`` input rows (the
        encode/decode cost is reported by ``encode_decode_multiplies``)."""
        tm = _ceil_to(rows, self.m) // self.m
        return self.rank * tm * (self.padded_in // self.k) * (self.padded_out // self.n)

    def encode_decode_multiplies(self, rows):
        padded_rows = _ceil_to(rows, self.m)
        tm = padded_rows // self.m
        encode = self.rank * self.m * self.k * tm * (self.padded_in // self.k)
        decode = self.m * self.n * self.rank * tm * (self.padded_out // self.n)
        return encode + decode

    def forward(self, x):
        lead = x.shape[:-1]
        x2 = x.reshape(-1, self.in_features)
        rows = x2.shape[0]
        padded_rows = _ceil_to(rows, self.m)
        x2 = F.pad(x2, (0, self.padded_in - self.in_features, 0, padded_rows - rows))
        if self._export_rhs is not None:
            y = x2 @ self._export_rhs
        else:
            y = stl_linear_product(x2, self.lhs_encoder, self.rhs_encoder,
                                   self.weight_encoded, self.decoder,
                                   self.m, self.k, self.n)
        y = y[:rows, :self.out_features]
        if self.bias is not None:
            y = y + self.bias
        return y.reshape(*lead, self.out_features)

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}, scheme='{self.scheme_name}' "
                f"<{self.m},{self.k},{self.n};{self.rank}>")


def convert_linear_layers(model, init="cp-als-4x4x4-r24", keep_weights=False,
                          filter=None, **kwargs):
    """Replaces every ``nn.Linear`` of ``model`` (in place; also returned) by
    an ``STLLinear``. ``keep_weights`` encodes the existing weights
    (``from_linear``); otherwise the layers start fresh. ``filter(name,
    module)`` picks which layers to convert."""
    for name, child in list(model.named_children()):
        if isinstance(child, nn.Linear) and (filter is None or filter(name, child)):
            if keep_weights:
                new = STLLinear.from_linear(child, init=init, **kwargs)
            else:
                new = STLLinear(child.in_features, child.out_features,
                                bias=child.bias is not None, init=init,
                                device=child.weight.device, dtype=child.weight.dtype,
                                **kwargs)
            setattr(model, name, new)
        else:
            convert_linear_layers(child, init, keep_weights, filter, **kwargs)
    return model


def linear_multiplies(model, rows):
    """Multiplies of every linear layer of ``model`` for ``rows`` input rows:
    in_features·out_features·rows for ``nn.Linear``, the batched product for
    ``STLLinear`` (``STLLinear.encode_decode_multiplies`` gives the rest)."""
    total = 0
    for module in model.modules():
        if isinstance(module, STLLinear):
            total += module.multiplies(rows)
        elif isinstance(module, nn.Linear):
            total += module.in_features * module.out_features * rows
    return total


# torch.compile(model, backend="stl") is there wherever STL layers are.
from . import dynamo as _dynamo  # noqa: E402,F401
