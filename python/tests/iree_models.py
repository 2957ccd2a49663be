"""Small PyTorch models for the IREE tests (test_iree.py): one of each kind
docs/Deployment.md lists (an MLP, multi-head attention, scaled dot-product
attention, a GPT block, a transformer encoder layer, STL layers)."""

import torch
import torch.nn.functional as F
from torch import nn


def integer_valued(model, low=-3, high=4, seed=0):
    """Sets every parameter to small integers: with an exact scheme a
    piecewise-linear model then computes the same floats in any order."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randint(low, high, p.shape, generator=g).float())
    return model


class MLP(nn.Module):
    def __init__(self, d=16, hidden=32, out=8):
        super().__init__()
        self.fc1 = nn.Linear(d, hidden)
        self.fc2 = nn.Linear(hidden, out)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class MultiHeadAttention(nn.Module):
    """Self-attention with nn.MultiheadAttention (its packed in-projection)."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)

    def forward(self, x):
        return self.attn(x, x, x, need_weights=False)[0]


class SDPAttention(nn.Module):
    """Causal attention through F.scaled_dot_product_attention."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=-1)
        shape = (b, t, self.heads, d // self.heads)
        q, k, v = (a.reshape(shape).transpose(1, 2) for a in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


class GPTBlock(nn.Module):
    """Pre-norm decoder block: x + attn(ln(x)), then x + mlp(ln(x))."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = SDPAttention(d, heads)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 4 * d)
        self.out = nn.Linear(4 * d, d)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


def encoder_layer(d=32, heads=4):
    return nn.TransformerEncoderLayer(d, heads, dim_feedforward=2 * d,
                                      dropout=0.0, batch_first=True)
