"""Hidden grader for section 2.8: cases and mutants."""

from __future__ import annotations

import math

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


# -- quiz explanations -------------------------------------------------------
GRADERS.explain(
    "q1",
    zh="查询 q 与每个键 k 做点积(除以 √d 后 softmax)得到“看哪里”的权重,输出是值 v 的加权和。"
    "k 决定被匹配的内容,v 决定被取出的内容;k 与 q 维度相同,v 的维度 dv 可以不同。"
    "q、k、v 来自三个不同的线性层,是三种不同的投影,不是拷贝。",
    en="Each query q is dotted with every key k (divided by √d, then softmax) to get where to"
    " look; the output is the weighted sum of the values v. Keys are what is matched, values"
    " what is retrieved; k has q's size while v's size dv may differ. q, k and v come from"
    " three different linear layers: three different projections, not copies.",
)
GRADERS.explain(
    "q2",
    zh="d 个独立、方差为 1 的乘积相加,方差为 d,得分的典型大小约为 √d;得分大时 softmax 接近 one-hot,"
    "梯度几乎为 0。除以 √d 让得分的尺度与 d 无关。每行之和为 1 是 softmax 本身保证的,与缩放无关;"
    "除以 d 会把得分压得过小、注意力趋于平均;屏蔽靠的是 -inf,不是缩放。",
    en="A sum of d independent unit-variance products has variance d, so scores are about √d in"
    " size; large scores make the softmax nearly one-hot with almost zero gradient. Dividing"
    " by √d makes the score scale independent of d. Rows summing to 1 comes from the softmax"
    " itself, not the scaling; dividing by d shrinks the scores too much and flattens the"
    " attention; masking is done with -inf, not with the scaling.",
)
GRADERS.explain(
    "q3",
    zh="权重形状为 (B, H, Lq, Lk):查询长度 Lq = 10 来自解码器,键长度 Lk = 12 来自编码器,"
    "所以 2 × 8 × 10 × 12 = 1920。D = 512 和每头维度 64 只影响 q·k 的计算,不出现在权重的形状里。",
    en="The weights have shape (B, H, Lq, Lk): the query length Lq = 10 comes from the decoder,"
    " the key length Lk = 12 from the encoder, so 2 × 8 × 10 × 12 = 1920. D = 512 and the"
    " head size 64 only enter the q·k products, not the shape of the weights.",
)
GRADERS.explain(
    "q4",
    zh="解码器逐个生成词,训练时第 i 个位置不能看到第 i 个之后的目标词,所以解码器的自注意力需要因果掩码。"
    "编码器一次看到整个源句,可以双向关注;交叉注意力的键是已知的整个源句,只需要填充掩码。",
    en="The decoder generates one token at a time, so in training position i must not see the"
    " target tokens after it: the decoder's self-attention needs the causal mask. The encoder"
    " sees the whole source sentence at once and may attend both ways; cross-attention's keys"
    " are the whole, known source sentence and need only a padding mask.",
)
GRADERS.explain(
    "q5",
    zh="填充掩码按每个句子的长度屏蔽补齐的键,形状 (B, 1, 1, Lk) 对所有头和查询广播(A、B 对)。"
    "补齐位置的输入经过嵌入、位置编码和线性层后并不为 0,而且得分为 0 时 exp(0) = 1,仍会分到权重,"
    "所以 C、D 错:被屏蔽的得分要设为 -inf(或很大的负数)。softmax 之后再置 0 会让每行之和小于 1(E 对)。",
    en="A padding mask blocks the padded keys according to each sentence's length, and the shape"
    " (B, 1, 1, Lk) broadcasts over heads and queries (A, B true). Padded inputs are not zero"
    " after the embedding, positional encoding and linear layers, and a score of 0 still gets"
    " weight since exp(0) = 1, so C and D are false: blocked scores must be -inf (or a large"
    " negative number). Zeroing after the softmax leaves rows summing to less than 1 (E true).",
)
