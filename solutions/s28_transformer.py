"""Reference solutions for section 2.8: Transformer basics."""

from __future__ import annotations

import math

import torch
from torch import Tensor


def scaled_dot_product_attention(
    q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None = None
) -> tuple[Tensor, Tensor]:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


def causal_mask(size: int, device: torch.device | str | None = None) -> Tensor:
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    return torch.ones(size, size, dtype=torch.bool, device=device).tril()


def split_heads(x: Tensor, num_heads: int) -> Tensor:
    batch, length, d_model = x.shape
    if num_heads <= 0 or d_model % num_heads != 0:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    return x.view(batch, length, num_heads, d_model // num_heads).transpose(1, 2)


def merge_heads(x: Tensor) -> Tensor:
    batch, heads, length, head_dim = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * head_dim)


def sinusoidal_positional_encoding(length: int, d_model: int) -> Tensor:
    if length <= 0:
        raise ValueError(f"length must be positive, got {length}")
    if d_model <= 0 or d_model % 2:
        raise ValueError(f"d_model must be a positive even number, got {d_model}")
    position = torch.arange(length, dtype=torch.float64).unsqueeze(1)
    pair = torch.arange(0, d_model, 2, dtype=torch.float64)
    angle = position / 10000.0 ** (pair / d_model)
    pe = torch.empty(length, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe.float()


QUIZ = {"q1": "C", "q2": ["A", "B"], "q3": 1920, "q4": "B", "q5": ["A", "B", "E"]}
