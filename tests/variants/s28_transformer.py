"""An independent correct version of section 2.8 (written apart from solutions/)."""

import torch
import torch.nn.functional as F


def scaled_dot_product_attention(q, k, v, mask=None):
    logits = torch.einsum("...id,...jd->...ij", q * q.size(-1) ** -0.5, k)
    if mask is not None:
        logits = logits.masked_fill(mask.logical_not(), torch.finfo(logits.dtype).min)
    attn = logits.softmax(dim=-1)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return out, attn


def causal_mask(size, device=None):
    if size < 1:
        raise ValueError(f"causal_mask needs a positive size, not {size}")
    idx = torch.arange(size)
    allowed = idx[None, :] <= idx[:, None]
    return allowed if device is None else allowed.to(device)


def split_heads(x, num_heads):
    width = x.shape[-1]
    if num_heads < 1 or width % num_heads:
        raise ValueError(f"cannot split {width} features into {num_heads} heads")
    return torch.stack(x.chunk(num_heads, dim=-1), dim=1)


def merge_heads(x):
    return torch.cat(x.unbind(dim=1), dim=-1)


def sinusoidal_positional_encoding(length, d_model):
    for name, value in (("length", length), ("d_model", d_model)):
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    if d_model % 2:
        raise ValueError(f"d_model must be even, got {d_model}")
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    freq = 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float32) / d_model)
    angles = pos * freq
    return torch.stack((angles.sin(), angles.cos()), dim=-1).flatten(1)


QUIZ = {"q1": "c", "q2": "A, B", "q3": 1920.0, "q4": "B", "q5": ["E", "B", "A"]}
