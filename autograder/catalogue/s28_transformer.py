"""Section 2.8, Transformer basics: what each exercise's probe observes.

Only *results* (the tensors a function returned on the grader's inputs) earn
points. What the probe saw of how they were made (device names read as
strings, the error for a bad argument) is judged in *diagnoses* (weight 0):
shown, and naming mistakes, never scored. An input changed in place is the
watcher's (``autograder.probing.conduct``): it names ``mutates-input``.

Placement is judged on results too: ``causal_mask`` is asked for its mask on
the meta device, on every machine; the tensor that comes back carries its
device (or the error the meta device raised).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import torch

from autograder.probing.probe_tools import observe_call, on_meta
from autograder.spec import (
    Case,
    Features,
    MistakeRule,
    Picture,
    ProbeContext,
    Section,
    Tolerance,
    check,
    mistake,
)
from autograder.spec.rules import REJECTS_BAD_ARGUMENTS, bad_argument_verdict, each

SECTION = Section("2.8", "s28_transformer")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "attention-no-scale",
        zh="注意力得分 Q·Kᵀ 没有除以 √d,d 越大得分越大,softmax 趋于饱和(接近 one-hot),梯度变得很小。",
        en="The scores Q·Kᵀ are not divided by √d: they grow with d, so the softmax saturates (close to one-hot) and its gradients vanish.",
        hint_zh="得分要乘以 1/√d,d 是 q 的最后一维:scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])。",
        hint_en="Multiply the scores by 1/√d, d being q's last dimension: scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]).",
    ),
    mistake(
        "attention-scale-by-d",
        zh="注意力得分除以了 d 而不是 √d,缩放过头,注意力分布被压得过于平均。",
        en="The scores are divided by d instead of √d: they are scaled down too much, so the attention is flattened towards uniform.",
        hint_zh="除以 d 的平方根:math.sqrt(d) 或 d ** 0.5,而不是 d。",
        hint_en="Divide by the square root of d: math.sqrt(d) or d ** 0.5, not d.",
    ),
    mistake(
        "mask-after-softmax",
        zh="掩码是在 softmax 之后才用的(把权重置 0),被保留的权重没有重新归一化,每行之和小于 1。",
        en="The mask is applied after the softmax (weights set to 0), so the kept weights are not renormalised and rows sum to less than 1.",
        hint_zh="在 softmax 之前把不允许的位置的得分填成 -inf(或很大的负数):scores.masked_fill(~mask, float('-inf')),再做 softmax。",
        hint_en="Before the softmax, fill the blocked scores with -inf (or a large negative number): scores.masked_fill(~mask, float('-inf')), then apply softmax.",
    ),
    mistake(
        "mask-inverted",
        zh="掩码的含义用反了:把 True 当成“屏蔽”,结果注意力只落在本应屏蔽的位置上。",
        en="The mask is read the wrong way round: True is treated as blocked, so attention goes only to the positions that should be hidden.",
        hint_zh="这里 True 表示“可以关注”(与 F.scaled_dot_product_attention 相同):要填 -inf 的是 ~mask 的位置。",
        hint_en="Here True means 'may attend' (as in F.scaled_dot_product_attention): fill -inf where ~mask is True.",
    ),
    mistake(
        "causal-mask-transposed",
        zh="因果掩码转置了:True 出现在键位置 ≥ 查询位置的地方(上三角),每个位置看到的是未来而不是过去。",
        en="The causal mask is transposed: True where key position ≥ query position (upper triangle), so each position sees the future instead of the past.",
        hint_zh="行是查询、列是键,保留下三角(含对角线):torch.tril(...)。",
        hint_en="Rows are queries and columns are keys: keep the lower triangle, diagonal included: torch.tril(...).",
    ),
    mistake(
        "causal-mask-excludes-diagonal",
        zh="因果掩码去掉了对角线:每个位置不能关注自己,第一个位置甚至没有任何可以关注的键。",
        en="The causal mask leaves out the diagonal: no position may attend to itself, and the first position has no key to attend to at all.",
        hint_zh="对角线要为 True:用 torch.tril(ones) 而不是 torch.tril(ones, diagonal=-1)。",
        hint_en="The diagonal must be True: use torch.tril(ones), not torch.tril(ones, diagonal=-1).",
    ),
    mistake(
        "causal-mask-inverted",
        zh="返回的是“屏蔽”掩码(True 表示不能关注的未来位置,如 nn.MultiheadAttention 的 attn_mask),而这里要求 True 表示可以关注。",
        en="It returns a blocking mask (True marks the future positions that may not be attended, like nn.MultiheadAttention's attn_mask), but here True must mean 'may attend'.",
        hint_zh="取反即可:~torch.triu(ones, diagonal=1),也就是 torch.tril(ones)。",
        hint_en="Negate it: ~torch.triu(ones, diagonal=1), which is torch.tril(ones).",
    ),
    mistake(
        "split-heads-view-without-transpose",
        zh="直接 view 成 (B, H, L, d) 而没有先拆出 (B, L, H, d) 再交换维度,数据被打乱:一个头的一行混入了其他位置的特征。",
        en="It views the tensor as (B, H, L, d) directly instead of splitting to (B, L, H, d) and then swapping dims, which scrambles the data: one head's row mixes features of other positions.",
        hint_zh="先 x.view(B, L, H, D // H),再 .transpose(1, 2) 得到 (B, H, L, d)。",
        hint_en="First x.view(B, L, H, D // H), then .transpose(1, 2) to get (B, H, L, d).",
    ),
    mistake(
        "merge-heads-view-without-transpose",
        zh="直接把 (B, H, L, d) view/reshape 成 (B, L, H*d),没有先交换头和位置两个维度,不同位置的数据被拼到了一起。",
        en="It views/reshapes (B, H, L, d) straight into (B, L, H*d) without first swapping the head and position dims, so data of different positions is glued together.",
        hint_zh="先 x.transpose(1, 2) 得到 (B, L, H, d),再 .reshape(B, L, H * d)(或 .contiguous().view(...))。",
        hint_en="First x.transpose(1, 2) to get (B, L, H, d), then .reshape(B, L, H * d) (or .contiguous().view(...)).",
    ),
    mistake(
        "pe-sin-cos-swapped",
        zh="sin 和 cos 放反了:偶数列应该是 sin,奇数列是 cos(位置 0 处应为 0, 1, 0, 1, ...)。",
        en="sin and cos are swapped: even columns must hold sin and odd columns cos (position 0 reads 0, 1, 0, 1, ...).",
        hint_zh="pe[:, 0::2] = torch.sin(angle),pe[:, 1::2] = torch.cos(angle)。",
        hint_en="pe[:, 0::2] = torch.sin(angle), pe[:, 1::2] = torch.cos(angle).",
    ),
    mistake(
        "pe-exponent-wrong",
        zh="频率的指数算错了:第 i 对列(第 2i 和 2i+1 列)的角度应为 pos / 10000^(2i/d_model),i 是列对的序号,不是列号。",
        en="The exponent of the frequencies is wrong: the angle of pair i (columns 2i and 2i+1) is pos / 10000^(2i/d_model), with i the pair index, not the column index.",
        hint_zh="用 torch.arange(0, d_model, 2) / d_model 作指数(它已经是 2i/d_model),两列共用同一个角度;循环写法里若 i 按 2 递增就不要再乘 2。",
        hint_en="Use torch.arange(0, d_model, 2) / d_model as the exponent (it already is 2i/d_model), one angle shared by both columns; in a loop where i steps by 2, do not multiply by 2 again.",
    ),
)

# Probes run beside the student's code and only observe (call, record what came back).
# Every judgement is made by the ``derive`` functions, which run in the grader on those
# raw observations and on the case.


def _shape(value: Any) -> tuple[int, ...] | None:
    return tuple(value.shape) if isinstance(value, torch.Tensor) else None


def _float64(value: torch.Tensor) -> torch.Tensor:
    return value.detach().to("cpu", torch.float64)


# -- scaled_dot_product_attention --------------------------------------------
def _pair(result: Any) -> tuple[Any, Any]:
    """(output, weights) from what the function returned, or two notes when it is no pair."""
    if isinstance(result, (tuple, list)) and len(result) == 2:
        return result[0], result[1]
    note = f"not an (output, weights) pair: {type(result).__name__}"
    return note, note


def _weights_shape(q: torch.Tensor, k: torch.Tensor) -> tuple[int, ...]:
    """(..., Lq, Lk), the leading dims of q and k broadcast together.

    (``torch.broadcast_shapes`` would import torch's meta kernels: half a second.)
    """
    a, b = tuple(q.shape[:-2]), tuple(k.shape[:-2])
    width = max(len(a), len(b))
    a, b = (1,) * (width - len(a)) + a, (1,) * (width - len(b)) + b
    lead = tuple(y if x == 1 else x for x, y in zip(a, b))
    return (*lead, q.shape[-2], k.shape[-2])


def _sums_to_one(total: torch.Tensor) -> bool:
    return bool(torch.allclose(total, torch.ones_like(total), rtol=0.0, atol=1e-3))


def _normalised_over(weights: Any, shape: tuple[int, ...]) -> str:
    """Over which dimension the attention weights sum to one.

    ``"keys (last dim)"``, ``"another dim"`` (some other single dimension, or
    the whole tensor), ``"not normalised"`` or ``"wrong shape"``.
    """
    if _shape(weights) != shape:
        return "wrong shape"
    w = _float64(weights)
    if _sums_to_one(w.sum(dim=-1)):
        return "keys (last dim)"
    if _sums_to_one(w.sum()) or any(_sums_to_one(w.sum(dim=d)) for d in range(w.dim() - 1)):
        return "another dim"
    return "not normalised"


def _double_centred(x: torch.Tensor) -> torch.Tensor:
    """x minus its row means and column means (over the last two dims), plus the overall mean."""
    return (
        x
        - x.mean(dim=-1, keepdim=True)
        - x.mean(dim=-2, keepdim=True)
        + x.mean(dim=(-2, -1), keepdim=True)
    )


def _score_scale(weights: Any, q: torch.Tensor, k: torch.Tensor) -> str:
    """The factor the scores q·kᵀ were multiplied by before the softmax, as the weights imply it.

    A softmax over keys (or over queries) of ``c · q·kᵀ`` has logarithms equal
    to ``c · q·kᵀ`` up to a constant per row (or per column), which
    double-centring removes; ``c`` is then a least-squares fit. Returns
    ``"1/sqrt(d)"``, ``"1/d"``, ``"1 (unscaled)"``, ``"another factor"``,
    ``"not a softmax of scaled q·kᵀ"`` or ``"wrong shape"``; d is q's last dim.
    """
    if _shape(weights) != _weights_shape(q, k):
        return "wrong shape"
    w = _float64(weights)
    if not bool(torch.isfinite(w).all()) or bool((w <= 0).any()):
        return "not a softmax of scaled q·kᵀ"
    logs = _double_centred(w.log())
    scores = _double_centred(_float64(q) @ _float64(k).transpose(-2, -1))
    factor = float((logs * scores).sum() / (scores * scores).sum())
    if float((logs - factor * scores).abs().max()) > 1e-3:
        return "not a softmax of scaled q·kᵀ"
    d = q.shape[-1]
    for name, value in (("1/sqrt(d)", d**-0.5), ("1/d", 1.0 / d), ("1 (unscaled)", 1.0)):
        if math.isclose(factor, value, rel_tol=1e-3):
            return name
    return "another factor"


def _mask_effect(masked: Any, plain: Any, mask: torch.Tensor, shape: tuple[int, ...]) -> str:
    """How the mask changed the weights, compared with the same function's unmasked weights.

    Only rows where the mask allows some keys and blocks others are looked
    at (rows the mask leaves fully open, or that an inverted mask closes,
    say nothing). ``"keeps allowed keys, renormalised"`` (right),
    ``"keeps allowed keys, not renormalised"`` (zeroed after the softmax),
    ``"keeps blocked keys"``, ``"mask ignored"``, ``"other"`` or ``"wrong shape"``.
    """
    if _shape(masked) != shape or _shape(plain) != shape:
        return "wrong shape"
    m = mask.detach().to("cpu", torch.bool).expand(shape)
    rows = m.any(dim=-1) & (~m).any(dim=-1)
    mw, w, m = _float64(masked)[rows], _float64(plain)[rows], m[rows]

    def close(other: torch.Tensor) -> bool:
        return bool(torch.isclose(mw, other, rtol=1e-3, atol=1e-5).all())

    kept, dropped = w * m, w * ~m
    if close(kept / kept.sum(dim=-1, keepdim=True)):
        return "keeps allowed keys, renormalised"
    if close(kept):
        return "keeps allowed keys, not renormalised"
    if close(dropped / dropped.sum(dim=-1, keepdim=True)) or close(dropped):
        return "keeps blocked keys"
    if close(w):
        return "mask ignored"
    return "other"


def derive_scaled_dot_product_attention(raw: Features, case: Case) -> Features:
    q, k, mask = case["q"], case["k"], case["mask"]
    shape = _weights_shape(q, k)
    weights = raw["weights"]
    return each(
        normalised_over=lambda: _normalised_over(weights, shape),
        score_scale=lambda: _score_scale(weights, q, k),
        mask_effect=lambda: _mask_effect(raw["masked_weights"], weights, mask, shape),
    )


@SECTION.exercise(
    "scaled_dot_product_attention",
    picture=Picture("heatmap", ("masked_weights", "weights")),
    returns="(tensor, tensor)",
    checks=(
        check(
            "注意力权重(无掩码)",
            "attention weights (no mask)",
            "weights",
            "normalised_over",
            "score_scale",
            weight=1.5,
        ),
        check("输出(无掩码)", "output (no mask)", "output"),
        check(
            "布尔掩码(True 表示可以关注)",
            "boolean mask (True = may attend)",
            "masked_weights",
            "masked_output",
            "mask_effect",
            weight=1.5,
        ),
    ),
    mistakes=(
        MistakeRule("attention-no-scale", ("score_scale",)),
        MistakeRule("attention-scale-by-d", ("score_scale",)),
        MistakeRule("softmax-wrong-dim", ("normalised_over",)),
        MistakeRule("mask-after-softmax", ("mask_effect",)),
        MistakeRule("mask-inverted", ("mask_effect",)),
    ),
    derive=derive_scaled_dot_product_attention,
    results=("weights", "output", "masked_weights", "masked_output"),
)
def probe_scaled_dot_product_attention(fn, case: Case, ctx: ProbeContext) -> Features:
    """Attention without and with a boolean mask on the same q, k, v."""
    q, k, v, mask = case["q"], case["k"], case["v"], case["mask"]
    output, weights = _pair(fn(q, k, v))
    masked_output, masked_weights = _pair(fn(q, k, v, mask))
    return {
        "weights": weights,
        "output": output,
        "masked_weights": masked_weights,
        "masked_output": masked_output,
    }


# -- causal_mask -------------------------------------------------------------
def _causal_pattern(mask: Any, size: int) -> str:
    """In the grader: which query/key positions the mask marks True (after ``!= 0`` for
    non-bool masks)."""
    if _shape(mask) != (size, size):
        return "wrong shape"
    m = mask.detach().cpu() != 0
    query = torch.arange(size).unsqueeze(1)
    key = torch.arange(size).unsqueeze(0)
    for name, pattern in (
        ("key <= query", key <= query),
        ("key >= query", key >= query),
        ("key < query", key < query),
        ("key > query", key > query),
    ):
        if torch.equal(m, pattern):
            return name
    return "other"


def _same_mask(default: Any, mask: Any) -> bool:
    """In the grader: the default-device mask has the mask's dtype and values."""
    return (
        isinstance(default, torch.Tensor)
        and isinstance(mask, torch.Tensor)
        and default.dtype == mask.dtype
        and bool(torch.equal(default, mask))
    )


def _dtype_of(mask: Any) -> str:
    """In the grader: the mask's dtype, read off the returned tensor."""
    return str(mask.dtype) if isinstance(mask, torch.Tensor) else "not a tensor"


def derive_causal_mask(raw: Features, case: Case) -> Features:
    return each(
        pattern=lambda: _causal_pattern(raw["mask"], case["size"]),
        dtype=lambda: _dtype_of(raw["mask"]),
        default_same_mask=lambda: _same_mask(raw["default_mask"], raw["mask"]),
        default_device=lambda: (
            raw["default_on"] != "not a tensor" and raw["default_on"] == raw["torch_default"]
        ),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad_size"]),
    )


@SECTION.exercise(
    "causal_mask",
    picture=Picture("heatmap", ("mask",)),
    returns="tensor",
    checks=(
        check("掩码的值", "mask values", "mask", "pattern", weight=2),
        check("布尔类型", "bool dtype", "dtype", weight=0.5),
        check(
            "device=None 时是同一个掩码",
            "the same mask for device=None",
            "default_same_mask",
            weight=0.5,
        ),
        # Judged on the returned mask itself (the codec carries its device), so it costs
        # points on every machine, CPU-only ones included.
        check(
            "建在指定设备上(以 meta 设备检验)",
            "created on the requested device (checked with the meta device)",
            "mask_meta",
        ),
        # Device names the probe read: observations, so they only diagnose.
        check(
            "device=None 时在默认设备上",
            "on the default device for device=None",
            "default_device",
            weight=0,
        ),
        check("拒绝非法尺寸", "rejects bad sizes", "bad_argument", weight=0),
    ),
    mistakes=(
        MistakeRule("causal-mask-transposed", ("pattern",)),
        MistakeRule("causal-mask-excludes-diagonal", ("pattern",)),
        MistakeRule("causal-mask-inverted", ("pattern",)),
    ),
    derive=derive_causal_mask,
    results=("mask", "default_mask", "mask_meta"),
    observations=("default_on", "torch_default", "bad_call"),
)
def probe_causal_mask(fn, case: Case, ctx: ProbeContext) -> Features:
    """The mask on the input device, on the default device, and on the meta device.

    ``mask_meta`` is asked for on the meta device on every machine: the
    reference's is a meta tensor (shape and dtype, no values), a mask made
    elsewhere arrives with its own device, and an error on meta as its note.
    (The first computation on meta in a process loads torch's meta kernels: a
    second or two, once.)
    """
    size = case["size"]
    mask = fn(size, device=ctx.device)
    default = fn(size)
    bad = case["bad_size"]
    return {
        "mask": mask,
        "default_mask": default,
        "mask_meta": on_meta(lambda: fn(size, device=torch.device("meta"))),
        "default_on": str(default.device) if isinstance(default, torch.Tensor) else "not a tensor",
        "torch_default": str(torch.empty(0).device),
        "bad_call": observe_call(lambda: fn(bad)),
    }


# -- split_heads and merge_heads ----------------------------------------------
def _position_code(shape: tuple[int, ...], dim: int, device: torch.device) -> torch.Tensor:
    """A float tensor of ``shape`` whose every element holds its index along ``dim``."""
    index = torch.arange(shape[dim], dtype=torch.float32, device=device)
    view = [1] * len(shape)
    view[dim] = shape[dim]
    return index.view(view).expand(shape).contiguous()


def _positions(out: Any) -> Any:
    """The sequence position every element of the result came from (its values rounded to ints:
    an observation, judged in the grader like any output)."""
    if not isinstance(out, torch.Tensor):
        return f"not a tensor: {type(out).__name__}"
    return out.detach().round().to(torch.int64)


@SECTION.exercise(
    "split_heads",
    returns="tensor",
    checks=(
        check("拆分出的多头", "the split heads", "output", "positions"),
        check(
            "不能整除时抛出 ValueError",
            "raises ValueError when D is not divisible",
            "bad_argument",
            weight=0,
        ),
    ),
    mistakes=(MistakeRule("split-heads-view-without-transpose", ("positions",)),),
    derive=lambda raw, case: each(
        # naming either the number of heads or D is enough
        bad_argument=lambda: bad_argument_verdict(
            raw["bad_call"], case["bad_heads"], case["x"].shape[-1]
        ),
    ),
    # ``positions``: what the function computed on position-coded input, a result.
    results=("output", "positions"),
    observations=("bad_call",),
)
def probe_split_heads(fn, case: Case, ctx: ProbeContext) -> Features:
    """Split random features and position-coded features (which position feeds each head row)."""
    x, heads = case["x"], case["num_heads"]
    out = fn(x, heads)
    positions = _positions(fn(_position_code(tuple(x.shape), 1, ctx.device), heads))
    bad_heads = case["bad_heads"]
    bad_call = observe_call(lambda: fn(x, bad_heads))
    return {"output": out, "positions": positions, "bad_call": bad_call}


@SECTION.exercise(
    "merge_heads",
    returns="tensor",
    checks=(check("合并后的张量", "the merged tensor", "output", "positions"),),
    mistakes=(MistakeRule("merge-heads-view-without-transpose", ("positions",)),),
    results=("output", "positions"),
)
def probe_merge_heads(fn, case: Case, ctx: ProbeContext) -> Features:
    """Merge random heads and position-coded heads (which position feeds each output row)."""
    x = case["x"]
    out = fn(x)
    positions = _positions(fn(_position_code(tuple(x.shape), 2, ctx.device)))
    return {"output": out, "positions": positions}


# -- sinusoidal_positional_encoding -------------------------------------------
def _pe_layout(pe: Any, shape: tuple[int, int]) -> str:
    """Sine or cosine on even columns, read from position 0 (sin 0 = 0, cos 0 = 1)."""
    if _shape(pe) != shape:
        return "wrong shape"
    first = _float64(pe)[0]
    even_zero, odd_zero = bool(first[0::2].abs().max() < 1e-4), bool(first[1::2].abs().max() < 1e-4)
    even_one = bool((first[0::2] - 1).abs().max() < 1e-4)
    odd_one = bool((first[1::2] - 1).abs().max() < 1e-4)
    if even_zero and odd_one:
        return "sin on even columns, cos on odd"
    if even_one and odd_zero:
        return "cos on even columns, sin on odd"
    return "other"


def _is_wave(column: torch.Tensor) -> bool:
    """A sampled sinusoid g(p) satisfies g(p+1) + g(p-1) = 2 cos(w) g(p) for one w."""
    middle, around = column[1:-1], column[2:] + column[:-2]
    energy = float((middle * middle).sum())
    if energy < 1e-12:
        return float(around.abs().max()) < 1e-4
    cos_w = float((middle * around).sum()) / (2 * energy)
    return abs(cos_w) <= 1 + 1e-4 and float((around - 2 * cos_w * middle).abs().max()) < 1e-3


def _pe_frequencies(pe: Any, shape: tuple[int, int]) -> str:
    """Whether the columns oscillate at the frequencies 1/10000^(2i/d_model), i = pair index.

    Each column is matched (in any order, as a sine or a cosine) with the
    frequencies the task specifies; the set must come out as one sine and
    one cosine per frequency. ``"as specified"``, ``"sinusoids of other
    frequencies"`` (every column starts at 0 or 1 and is a sampled sinusoid,
    within [-1, 1], not all constant), ``"not sinusoids"`` or ``"wrong shape"``.
    """
    if _shape(pe) != shape:
        return "wrong shape"
    values = _float64(pe)
    if not bool(torch.isfinite(values).all()):
        return "not sinusoids"
    length, d_model = shape
    pairs = torch.arange(d_model // 2, dtype=torch.float64)
    angle = torch.arange(length, dtype=torch.float64).unsqueeze(1) / 10000.0 ** (
        2 * pairs / d_model
    )
    candidates = torch.cat([torch.sin(angle), torch.cos(angle)], dim=1)  # (length, d_model)
    error = (values.unsqueeze(2) - candidates.unsqueeze(1)).abs().amax(dim=0)  # (col, cand)
    best_error, best = error.min(dim=1)
    if bool((best_error < 1e-3).all()) and sorted(best.tolist()) == list(range(d_model)):
        return "as specified"
    starts = values[0]
    starts_ok = bool(((starts.abs() < 1e-4) | ((starts - 1).abs() < 1e-4)).all())
    bounded = bool(values.abs().amax() <= 1 + 1e-4)
    constant = bool((values - values[0]).abs().amax() < 1e-6)
    if starts_ok and bounded and not constant and all(_is_wave(c) for c in values.T):
        return "sinusoids of other frequencies"
    return "not sinusoids"


@SECTION.exercise(
    "sinusoidal_positional_encoding",
    returns="tensor",
    checks=(
        check("位置编码的值", "encoding values", "encoding", weight=2),
        check("偶数列 sin、奇数列 cos", "sin on even columns, cos on odd", "layout"),
        check("各列的频率", "frequencies of the columns", "frequencies"),
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(
        MistakeRule("pe-sin-cos-swapped", ("layout",)),
        MistakeRule("pe-exponent-wrong", ("frequencies",)),
    ),
    # float32 angles up to ~30 carry rounding of a few 1e-6 in any formula
    feature_tolerance={"encoding": Tolerance(rtol=1e-4, atol=2e-4)},
    derive=lambda raw, case: each(
        layout=lambda: _pe_layout(raw["encoding"], (case["length"], case["d_model"])),
        frequencies=lambda: _pe_frequencies(raw["encoding"], (case["length"], case["d_model"])),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    ),
    results=("encoding",),
    observations=("bad_call",),
)
def probe_sinusoidal_positional_encoding(fn, case: Case, ctx: ProbeContext) -> Features:
    """The encoding (whose sin/cos layout and frequencies the grader reads), and a bad argument."""
    length, d_model = case["length"], case["d_model"]
    pe = fn(length, d_model)
    bad = case["bad"]
    bad_args = {"length": length, "d_model": d_model, bad["name"]: bad["value"]}
    return {
        "encoding": pe.to(ctx.device) if isinstance(pe, torch.Tensor) else pe,
        "bad_call": observe_call(lambda: fn(bad_args["length"], bad_args["d_model"])),
    }


# -- quiz: questions (zh and en) in quiz/s28_transformer.yml ------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s28_transformer.yml")
