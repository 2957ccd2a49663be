"""``torch.compile(model, backend="stl")``: PyTorch graphs through the STL
rewrite and IREE.

Importing this module (``stl.torch`` imports it) registers the backend.
Each graph TorchDynamo captures is compiled when it is first called, for the
shapes and weights of that call:

1. parameters and buffers become constants (so the rewrite pre-encodes the
   weights at compile time); ``STLLinear`` products (``stl_linear_product``
   nodes) become ``x @ placeholder``;
2. torch-mlir's FX importer makes linalg of it, and every placeholder product
   becomes an ``stl.matmul`` with the layer's learned scheme and its encoded
   weights (``Module.inline_encoded_weight``, as ``stl.export`` does);
3. ``stl.iree.compile``: the other products rewritten with ``scheme``, lowered
   to linalg, compiled and loaded with IREE.

The compiled module is checked once against the graph run eagerly on copies of
the same inputs. Whatever cannot be compiled, does not match, or changes its
inputs in place runs eagerly with a warning. So does a call that records
gradients (the IREE module computes no backward: compile under
``torch.no_grad()`` or ``torch.inference_mode()``).
A weight changed in place (``Tensor._version``) makes the graph compile again.

Options (``torch.compile(..., options={...})``): ``scheme`` (default
``"strassen"``; ``None`` compiles dense products, STL layers keep theirs),
``target`` (``"llvm-cpu"``), ``flags`` (iree-compile flags replacing
``stl.iree.CPU_FLAGS``), ``threads``, ``check`` (default True), ``tolerance``
(of the check, relative to the largest output magnitude; default 1e-3, at
least 4 ulps for 16-bit outputs), ``fold_constants``; any other key is an
option of ``--stl-rewrite-matmul`` (``allow_approximate``, ``min_saving``,
``force``, ``encoding_type``, ...). With ``allow_approximate`` the outputs
differ from the eager ones by design and the check is skipped.
"""

import re
import warnings

import torch
from torch import nn

_BACKEND_KEYS = {"scheme", "target", "flags", "threads", "check", "tolerance",
                 "fold_constants"}

# Dynamo names the graph inputs it lifts from modules after their source:
# L_self_modules_0_parameters_weight_, L_self_buffers_running_mean_, ...
_BUFFER_NAME = re.compile(r"(^|_)buffers_")


class _Fallback(Exception):
    """A graph (or a call) the backend leaves to eager PyTorch."""


def _split_options(options):
    options = dict(options or {})
    backend = {k: options.pop(k) for k in list(options) if k in _BACKEND_KEYS}
    backend.setdefault("scheme", "strassen")
    backend.setdefault("target", "llvm-cpu")
    backend.setdefault("check", True)
    backend.setdefault("tolerance", 1e-3)
    backend.setdefault("fold_constants", True)
    return backend, options


class _Frozen(nn.Module):
    """Calls the graph with its constant inputs as buffers of this module
    (torch-mlir inlines them as weights) and the rest as arguments; the
    trailing arguments are the STL placeholders."""

    def __init__(self, graph_module, args, constant):
        super().__init__()
        self.graph_module = graph_module
        self.slots = []
        for i, (arg, is_constant) in enumerate(zip(args, constant)):
            if not is_constant:
                self.slots.append(("input", None))
            elif isinstance(arg, torch.Tensor):
                self.register_buffer(f"c{i}", arg.detach().clone())
                self.slots.append(("buffer", f"c{i}"))
            else:
                self.slots.append(("value", arg))

    def forward(self, *args):
        it = iter(args)
        full = []
        for kind, value in self.slots:
            if kind == "input":
                full.append(next(it))
            elif kind == "buffer":
                full.append(getattr(self, value))
            else:
                full.append(value)
        return self.graph_module(*full, *it)


def _encoder_layer(src, embed_dim, num_heads, qkv_weight, qkv_bias,
                   proj_weight, proj_bias, use_gelu, norm_first, eps,
                   norm_weight_1, norm_bias_1, norm_weight_2, norm_bias_2,
                   ffn_weight_1, ffn_bias_1, ffn_weight_2, ffn_bias_2,
                   mask=None, mask_type=None):
    """``aten._transformer_encoder_layer_fwd`` (the fused kernel that
    ``nn.TransformerEncoderLayer`` calls without autograd, batch first) in
    plain ops, which torch-mlir lowers and the rewrite sees as products."""
    import torch.nn.functional as F

    if mask is not None:
        raise _Fallback("a masked fused encoder layer")
    b, t, d = src.shape
    head = embed_dim // num_heads

    def attention(x):
        q, k, v = F.linear(x, qkv_weight, qkv_bias).chunk(3, dim=-1)
        q, k, v = (a.reshape(b, t, num_heads, head).transpose(1, 2)
                   for a in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v)
        return F.linear(y.transpose(1, 2).reshape(b, t, d), proj_weight, proj_bias)

    def feed_forward(x):
        h = F.linear(x, ffn_weight_1, ffn_bias_1)
        h = F.gelu(h) if use_gelu else F.relu(h)
        return F.linear(h, ffn_weight_2, ffn_bias_2)

    def norm(x, weight, bias):
        return F.layer_norm(x, (d,), weight, bias, eps)

    if norm_first:
        x = src + attention(norm(src, norm_weight_1, norm_bias_1))
        return x + feed_forward(norm(x, norm_weight_2, norm_bias_2))
    x = norm(src + attention(src), norm_weight_1, norm_bias_1)
    return norm(x + feed_forward(x), norm_weight_2, norm_bias_2)


def _decompositions():
    """torch-mlir's decompositions plus the fused inference kernels that
    nn modules call when no gradient is recorded (always the case here)."""
    from torch_mlir.extras.fx_decomp_util import get_decomposition_table

    table = dict(get_decomposition_table())
    table[torch.ops.aten._transformer_encoder_layer_fwd.default] = _encoder_layer
    return table


def _with_placeholders(gm, args):
    """A copy of ``gm`` in which every ``stl_linear_product`` is
    ``x @ placeholder`` (new trailing inputs), and per product the
    (scheme, encoded weight, placeholder shape) taken from ``args``."""
    from . import _stl
    from .torch import stl_linear_product

    graph = torch.fx.Graph()
    env = {}
    out = graph.graph_copy(gm.graph, env)
    graph.output(out)
    placeholders = [n for n in graph.nodes if n.op == "placeholder"]
    index = {node.name: i for i, node in enumerate(placeholders)}

    def value(node):
        if not isinstance(node, torch.fx.Node):
            return node
        if node.op == "placeholder":
            return args[index[node.name]]
        if node.op == "get_attr":
            return getattr(gm, node.target)
        raise _Fallback(f"an STL layer's parameter is computed ({node.name})")

    layers = []
    last = placeholders[-1] if placeholders else None
    for node in list(graph.nodes):
        if node.op != "call_function" or node.target is not stl_linear_product:
            continue
        x, u, v, w_encoded, d, m, k, n = node.args
        u, v, w_encoded, d = (value(a).detach().cpu() for a in (u, v, w_encoded, d))
        scheme = _stl.Scheme("stl-linear-learned", (m, k, n),
                             u.double().numpy(), v.double().numpy(),
                             d.double().numpy())
        encoded = w_encoded.float().contiguous().numpy()
        shape = (encoded.shape[1] * k, encoded.shape[2] * n)
        if last is None:
            with graph.inserting_before(next(iter(graph.nodes))):
                last = graph.placeholder(f"stl_rhs_{len(layers)}")
        else:
            with graph.inserting_after(last):
                last = graph.placeholder(f"stl_rhs_{len(layers)}")
        with graph.inserting_before(node):
            product = graph.call_function(torch.matmul, (x, last))
        node.replace_all_uses_with(product)
        graph.erase_node(node)
        layers.append((scheme, encoded, shape))
    return torch.fx.GraphModule(gm, graph), layers


def _is_constant(node, arg):
    if not isinstance(arg, torch.Tensor):
        return True  # sizes and flags: specialized, part of the cache key
    return isinstance(arg, nn.Parameter) or bool(_BUFFER_NAME.search(node.name))


class _Entry:
    """One compiled form of a graph: for one set of input shapes and the
    weights' versions it was made from."""

    def __init__(self, module, runtime_slots, constants, outputs):
        self.module = module
        self.runtime_slots = runtime_slots
        self.constants = constants  # [(index, tensor, version)]
        self.outputs = outputs      # [(dtype, shape)] of the eager outputs

    def current(self, args):
        return all(args[i] is t and t._version == v for i, t, v in self.constants)

    def __call__(self, args):
        from .iree import to_torch

        results = self.module(*[args[i] for i in self.runtime_slots])
        if not isinstance(results, tuple):
            results = (results,)
        return [to_torch(r).to(dtype).reshape(shape)
                for r, (dtype, shape) in zip(results, self.outputs)]


class STLBackend:
    """The callable ``torch.compile`` gets for one graph: compiles on the
    first call per input signature, runs eagerly what it cannot compile."""

    def __init__(self, gm, options=None):
        self.gm = gm
        self.backend_options, self.rewrite_options = _split_options(options)
        self.placeholders = [n for n in gm.graph.nodes if n.op == "placeholder"]
        self.entries = {}
        self.eager_reasons = {}

    def _key(self, args):
        return tuple((tuple(a.shape), a.dtype, a.device.type)
                     if isinstance(a, torch.Tensor) else ("value", a) for a in args)

    def __call__(self, *args):
        if torch.is_grad_enabled() and any(
                isinstance(a, torch.Tensor) and a.requires_grad for a in args):
            self._warn("grad", "the call records gradients and the IREE module "
                       "computes no backward (use torch.no_grad())")
            return self.gm(*args)
        key = self._key(args)
        entry = self.entries.get(key)
        if entry is None or (entry is not False and not entry.current(args)):
            try:
                entry = self._build(args)
            except Exception as e:  # anything the chain rejects: run eagerly
                self._warn(key, f"{type(e).__name__}: {str(e).strip()[:2000]}")
                entry = False
            self.entries[key] = entry
        if entry is False:
            return self.gm(*args)
        return entry(args)

    def _warn(self, key, reason):
        if key not in self.eager_reasons:
            self.eager_reasons[key] = reason
            warnings.warn(f"stl backend: running the graph eagerly: {reason}",
                          RuntimeWarning, stacklevel=3)

    def _build(self, args):
        from torch_mlir import fx

        from . import iree
        from ._stl import Module

        for a in args:
            if isinstance(a, torch.Tensor) and a.device.type != "cpu":
                raise _Fallback(f"an input is on {a.device} (llvm-cpu compiles "
                                "for CPU tensors)")
        constant = [_is_constant(n, a) for n, a in zip(self.placeholders, args)]
        gm, layers = _with_placeholders(self.gm, args)
        frozen = _Frozen(gm, args, constant)
        runtime_slots = [i for i, c in enumerate(constant) if not c]
        runtime = [args[i].detach() for i in runtime_slots]
        rhs = [torch.zeros(shape) for _, _, shape in layers]
        # The reference run works on copies: a graph that changes its inputs
        # in place (which the compiled module would not do) is detected
        # without the caller's tensors being changed twice.
        copies = [a.detach().clone() if isinstance(a, torch.Tensor) else a
                  for a in args]
        versions = [a._version for a in copies if isinstance(a, torch.Tensor)]
        with torch.no_grad():
            eager = self.gm(*copies)
            if versions != [a._version for a in copies if isinstance(a, torch.Tensor)]:
                raise _Fallback("the graph changes its inputs in place")
            imported = fx.export_and_import(frozen, *runtime, *rhs,
                                            output_type="linalg-on-tensors",
                                            decomposition_table=_decompositions(),
                                            func_name="main")
        eager = list(eager) if isinstance(eager, (tuple, list)) else [eager]
        if not all(isinstance(t, torch.Tensor) for t in eager):
            raise _Fallback("the graph returns values that are not tensors")
        module = Module.parse(str(imported), "<torch-mlir>")
        for i in reversed(range(len(layers))):
            scheme, encoded, _ = layers[i]
            module.inline_encoded_weight("main", len(runtime) + i, scheme, encoded)
        opts = self.backend_options
        compiled = iree.compile(module, scheme=opts["scheme"],
                                options=self.rewrite_options or None,
                                target=opts["target"], flags=opts.get("flags"),
                                threads=opts.get("threads"),
                                fold_constants=opts["fold_constants"])
        compiled.load()  # load failures, too, leave the graph to eager
        entry = _Entry(compiled, runtime_slots,
                       [(i, a, a._version) for i, (a, c) in enumerate(zip(args, constant))
                        if c and isinstance(a, torch.Tensor)],
                       [(t.dtype, tuple(t.shape)) for t in eager])
        if opts["check"] and not self.rewrite_options.get("allow_approximate"):
            got = entry(args)
            if len(got) != len(eager):
                raise _Fallback(f"{len(got)} results, eager has {len(eager)}")
            for i, (g, e) in enumerate(zip(got, eager)):
                e = e.detach()
                if not e.is_floating_point():
                    ok = torch.equal(g, e)
                else:
                    # 16-bit results round differently when IREE keeps
                    # intermediates in f32: allow a few units in the last place.
                    tolerance = opts["tolerance"]
                    if torch.finfo(e.dtype).bits == 16:
                        tolerance = max(tolerance, 4 * torch.finfo(e.dtype).eps)
                    e, g = e.float(), g.float()
                    scale = e.abs().max().item() if e.numel() else 0.0
                    ok = bool(torch.all((g - e).abs() <= tolerance * max(scale, 1e-30)))
                if not ok:
                    raise _Fallback(f"result {i} differs from eager PyTorch "
                                    f"beyond the check's tolerance")
        return entry


def stl_backend(gm, example_inputs, options=None, **_):
    """The ``stl`` backend of ``torch.compile`` (see the module docstring)."""
    del example_inputs  # compiled at the first call, with real values
    return STLBackend(gm, options)


def _register():
    from torch._dynamo import register_backend
    try:
        register_backend(stl_backend, name="stl")
    except AssertionError:
        # Already registered (the module was loaded twice, e.g. from two
        # paths); list_backends() would say so too, but it imports every
        # backend torch ships.
        pass


_register()
