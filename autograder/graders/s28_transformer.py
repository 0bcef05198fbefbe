"""Hidden grader for section 2.8: cases and mutants."""

from __future__ import annotations

import math
from pathlib import Path

import torch

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.8")


# -- scaled_dot_product_attention --------------------------------------------
def _attention(q, k, v, mask=None, *, scale="sqrt", dim=-1, mask_mode="before"):
    d = q.shape[-1]
    factor = {"sqrt": 1 / math.sqrt(d), "d": 1 / d, "none": 1.0}[scale]
    scores = (q @ k.transpose(-2, -1)) * factor
    if mask is not None and mask_mode == "before":
        scores = scores.masked_fill(~mask, float("-inf"))
    if mask is not None and mask_mode == "inverted":
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores, dim=dim)
    if mask is not None and mask_mode == "after":
        weights = weights * mask
    return weights @ v, weights


def _no_scale(q, k, v, mask=None):
    return _attention(q, k, v, mask, scale="none")


def _scale_by_d(q, k, v, mask=None):
    return _attention(q, k, v, mask, scale="d")


def _softmax_over_queries(q, k, v, mask=None):
    return _attention(q, k, v, mask, dim=-2)


def _mask_after_softmax(q, k, v, mask=None):
    return _attention(q, k, v, mask, mask_mode="after")


def _mask_inverted(q, k, v, mask=None):
    return _attention(q, k, v, mask, mask_mode="inverted")


def _no_row_closed(rng: Rng, mask: torch.Tensor) -> torch.Tensor:
    """Open one random key in every row (a row with no key to attend to is undefined)."""
    keys = mask.shape[-1]
    rows = mask.reshape(-1, keys)
    for row in rows:
        if not bool(row.any()):
            row[rng.int(0, keys - 1)] = True
    return rows.reshape(mask.shape)


def _padding(rng: Rng, batch: int, keys: int) -> torch.Tensor:
    """(batch, keys): True for the first ``length`` keys of each item, some item padded."""
    lengths = rng.randint(1, keys + 1, batch)
    lengths[0] = rng.int(1, keys - 1)
    return torch.arange(keys).unsqueeze(0) < lengths.unsqueeze(1)


def _attention_case(rng: Rng, lead: tuple[int, ...], lq: int, lk: int, d: int, dv: int, mask):
    return {
        "q": rng.randn(*lead, lq, d),
        "k": rng.randn(*lead, lk, d),
        "v": rng.randn(*lead, lk, dv),
        "mask": mask,
    }


@GRADERS.cases(
    "scaled_dot_product_attention",
    mutants={
        "attention-no-scale": _no_scale,
        "attention-scale-by-d": _scale_by_d,
        "softmax-wrong-dim": _softmax_over_queries,
        "mask-after-softmax": _mask_after_softmax,
        "mask-inverted": _mask_inverted,
    },
    edge_cases=(
        lambda: _causal_self_attention(Rng(280)),
        lambda: _unbatched_attention(Rng(281)),
    ),
)
def attention_cases(rng: Rng) -> Case:
    batch, heads, lq, lk, d, dv = rng.distinct(6, 2, 9)
    kind = rng.choice(["3d causal", "3d random", "4d padding", "4d causal+padding"])
    if kind.startswith("3d"):
        lead = (batch,)
        if kind == "3d causal":  # (Lq, Lk), broadcast over the batch
            mask = torch.ones(lq, lk, dtype=torch.bool).tril()
        else:  # (B, Lq, Lk)
            mask = _no_row_closed(rng, rng.rand(batch, lq, lk) < 0.6)
            mask[0, 0, 0], mask[0, 0, 1] = True, False  # a row both open and closed
    else:
        lead = (batch, heads)
        padding = _padding(rng, batch, lk)
        if kind == "4d padding":  # (B, 1, 1, Lk)
            mask = padding[:, None, None, :]
        else:  # (B, 1, Lq, Lk): causal and padding together
            mask = torch.ones(lq, lk, dtype=torch.bool).tril() & padding[:, None, None, :]
    return _attention_case(rng, lead, lq, lk, d, dv, mask)


def _causal_self_attention(rng: Rng) -> Case:
    """Self-attention of 4-D heads with a square causal mask (Lq = Lk)."""
    batch, heads, length, d, dv = 2, 3, 6, 4, 5
    x = rng.randn(batch, heads, length, d)
    mask = torch.ones(length, length, dtype=torch.bool).tril()
    return {"q": x, "k": x.clone(), "v": rng.randn(batch, heads, length, dv), "mask": mask}


def _unbatched_attention(rng: Rng) -> Case:
    """2-D q, k, v (no batch) with a random (Lq, Lk) mask."""
    lq, lk, d, dv = 5, 7, 3, 2
    mask = _no_row_closed(rng, rng.rand(lq, lk) < 0.5)
    mask[1, 0], mask[1, 1] = True, False
    return _attention_case(rng, (), lq, lk, d, dv, mask)


# -- causal_mask -------------------------------------------------------------
def _mask_from(build):
    def causal_mask(size, device=None):
        if size <= 0:
            raise ValueError(f"size must be positive, got {size}")
        return build(torch.ones(size, size, dtype=torch.bool, device=device))

    return causal_mask


@GRADERS.cases(
    "causal_mask",
    mutants={
        "causal-mask-transposed": _mask_from(lambda ones: ones.triu()),
        "causal-mask-excludes-diagonal": _mask_from(lambda ones: ones.tril(-1)),
        "causal-mask-inverted": _mask_from(lambda ones: ones.triu(1)),
    },
    edge_cases=(lambda: {"size": 2, "bad_size": 0}, lambda: {"size": 12, "bad_size": -12}),
)
def causal_mask_cases(rng: Rng) -> Case:
    return {"size": rng.int(3, 9), "bad_size": -rng.int(1, 9)}


# -- split_heads and merge_heads ----------------------------------------------
def _split_by_view(x, num_heads):
    batch, length, d_model = x.shape
    if d_model % num_heads:
        raise ValueError(f"{d_model} is not divisible by {num_heads}")
    return x.view(batch, num_heads, length, d_model // num_heads)


def _split_case(rng: Rng, batch: int, length: int, heads: int, head_dim: int) -> Case:
    d_model = heads * head_dim
    bad = rng.choice([h for h in range(2, d_model + 3) if d_model % h])
    return {"x": rng.randn(batch, length, d_model), "num_heads": heads, "bad_heads": bad}


@GRADERS.cases(
    "split_heads",
    mutants={"split-heads-view-without-transpose": _split_by_view},
    edge_cases=(
        lambda: _split_case(Rng(282), 3, 5, 1, 4),
        lambda: _split_case(Rng(283), 2, 3, 4, 1),
    ),
)
def split_heads_cases(rng: Rng) -> Case:
    return _split_case(rng, *rng.distinct(4, 2, 7))


def _merge_by_view(x):
    batch, heads, length, head_dim = x.shape
    return x.reshape(batch, length, heads * head_dim)


@GRADERS.cases(
    "merge_heads",
    mutants={"merge-heads-view-without-transpose": _merge_by_view},
    edge_cases=(lambda: {"x": Rng(284).randn(2, 1, 5, 3)},),
)
def merge_heads_cases(rng: Rng) -> Case:
    return {"x": rng.randn(*rng.distinct(4, 2, 7))}


# -- sinusoidal_positional_encoding -------------------------------------------
def _encoding(length, d_model, *, swapped=False, column_exponent=False):
    if length <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"bad arguments {length}, {d_model}")
    position = torch.arange(length, dtype=torch.float64).unsqueeze(1)
    even = torch.arange(0, d_model, 2, dtype=torch.float64)
    # the loop bug: ``for i in range(0, d, 2): pos / 10000 ** (2 * i / d)``
    exponent = 2 * even / d_model if column_exponent else even / d_model
    angle = position / 10000.0**exponent
    first, second = (torch.cos, torch.sin) if swapped else (torch.sin, torch.cos)
    pe = torch.empty(length, d_model, dtype=torch.float64)
    pe[:, 0::2], pe[:, 1::2] = first(angle), second(angle)
    return pe.float()


def _pe_case(rng: Rng, length: int, d_model: int) -> Case:
    if rng.choice([True, False]):
        bad = {"name": "length", "value": -rng.int(1, 9)}
    else:
        bad = {"name": "d_model", "value": 2 * rng.int(1, 7) + 1}
    return {"length": length, "d_model": d_model, "bad": bad}


@GRADERS.cases(
    "sinusoidal_positional_encoding",
    mutants={
        "pe-sin-cos-swapped": lambda n, d: _encoding(n, d, swapped=True),
        "pe-exponent-wrong": lambda n, d: _encoding(n, d, column_exponent=True),
    },
    edge_cases=(lambda: _pe_case(Rng(285), 9, 2), lambda: _pe_case(Rng(286), 30, 6)),
)
def positional_encoding_cases(rng: Rng) -> Case:
    d_model = 2 * rng.int(2, 8)
    length = rng.choice([n for n in range(5, 25) if n != d_model])
    return _pe_case(rng, length, d_model)


# -- quiz explanations (zh and en) in explanations/s28_transformer.yml --------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s28_transformer.yml")
