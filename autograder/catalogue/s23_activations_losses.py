"""Section 2.3, activation and loss functions: what each exercise's probe observes.

The probes only observe (they run beside the student's code): they call the
function and keep what came back (and, for predict_and_loss, copies of the
model's parameters and buffers after the call). Every judgement (sums to one,
finite, model unchanged, how losses behave as logits grow) is made by each
exercise's ``derive``, in the grader's own process. Changes to the tensors passed
in are the watcher's (``autograder.probing.conduct``): it names ``mutates-input``.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import torch
from torch import nn

from autograder.probing.probe_tools import (
    build_layers,
    observe_call,
    raised,
    state_snapshot,
)
from autograder.spec import (
    Case,
    Features,
    Forbidden,
    MistakeRule,
    Picture,
    ProbeContext,
    Section,
    Tolerance,
    check,
    mistake,
)
from autograder.spec.rules import bad_argument_verdict, each, same_tensors

SECTION = Section("2.3", "s23_activations_losses")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "softmax-overflow",
        zh="softmax 取 exp 之前没有减去沿 dim 的最大值(直接用原始得分,或减去整个张量的最大值):得分很大(如 1e4)时 exp 溢出为 inf,inf/inf 得到 nan;一组得分都很小时分母下溢为 0,0/0 也是 nan。",
        en="The softmax exponentiates scores that were not shifted by their own maximum along dim (raw scores, or minus the maximum of the whole tensor): for large scores (such as 1e4) exp overflows to inf and inf/inf is nan; when a group of scores is all very negative its sum underflows to 0 and 0/0 is nan.",
        hint_zh="先减去沿 dim 的最大值:z = x - x.amax(dim=dim, keepdim=True),再计算 exp(z) / exp(z).sum(dim=dim, keepdim=True)。结果不变,但 exp 的参数都 ≤ 0,不会溢出。",
        hint_en="Subtract the maximum along dim first: z = x - x.amax(dim=dim, keepdim=True), then exp(z) / exp(z).sum(dim=dim, keepdim=True). The result is the same, but every exponent is ≤ 0 so nothing overflows.",
    ),
    mistake(
        "log-of-softmax-underflow",
        zh="log_softmax 是先算 softmax 再取 log:某个得分比最大值小一百多时,它的概率在 float32 中下溢为 0,log(0) = -inf。",
        en="log_softmax takes the log of a softmax: a score more than about a hundred below the maximum gets a probability that underflows to 0 in float32, and log(0) = -inf.",
        hint_zh="不要经过概率:z = x - x.amax(dim=dim, keepdim=True),返回 z - z.exp().sum(dim=dim, keepdim=True).log()(log-sum-exp 技巧)。",
        hint_en="Do not go through probabilities: with z = x - x.amax(dim=dim, keepdim=True), return z - z.exp().sum(dim=dim, keepdim=True).log() (the log-sum-exp trick).",
    ),
    mistake(
        "softmax-before-ce",
        zh="在计算交叉熵之前先对 logits 做了 softmax。交叉熵(F.cross_entropy / nn.CrossEntropyLoss)内部已经做了 log-softmax,再做一次 softmax 会把得分压缩两次,损失值错误,梯度也变得很小。",
        en="Softmax was applied to the logits before the cross-entropy. Cross-entropy (F.cross_entropy / nn.CrossEntropyLoss) already applies log-softmax itself, so the scores are squashed twice: the loss is wrong and its gradients shrink.",
        hint_zh="把原始 logits 直接交给交叉熵;softmax 只用于给出预测概率。自己实现时用 log_softmax(logits) 取出目标类别那一项再取负平均。",
        hint_en="Give the raw logits to the cross-entropy and keep softmax for reporting probabilities only. If you write it yourself, take log_softmax(logits) at each target class, negate and average.",
    ),
    mistake(
        "ce-sum-not-mean",
        zh="交叉熵把 N 个样本的损失加起来了,而不是求平均,结果是正确值的 N 倍(与 F.cross_entropy 默认的 reduction='mean' 不一致)。",
        en="The cross-entropy adds up the N per-sample losses instead of averaging them, so it is N times too large (F.cross_entropy uses reduction='mean' by default).",
        hint_zh="对每个样本的负对数似然用 .mean() 求平均,而不是 .sum()。",
        hint_en="Average the per-sample negative log-likelihoods with .mean(), not .sum().",
    ),
    mistake(
        "ce-overflow",
        zh="交叉熵对很大的 logits(如 ±1e4)不稳定:直接计算 exp(logits) 会溢出为 inf(或者概率下溢为 0 后取 log 得到 -inf),损失变成 inf 或 nan。",
        en="The cross-entropy is unstable for huge logits (such as ±1e4): exp(logits) overflows to inf (or a probability underflows to 0 and its log is -inf), so the loss becomes inf or nan.",
        hint_zh="用 log-sum-exp 技巧:先减去每行最大值 m,loss_i = m + log(sum(exp(x_i - m))) - x_i[target_i];或者用 log_softmax 再取目标类别。",
        hint_en="Use the log-sum-exp trick: subtract each row's maximum m, loss_i = m + log(sum(exp(x_i - m))) - x_i[target_i]; or take log_softmax and pick the target class.",
    ),
    mistake(
        "sigmoid-then-log-unstable",
        zh="先算 sigmoid 再取 log:|logit| 较大时 sigmoid 在 float32 中恰好等于 0 或 1,log(0) 得到 inf/nan;加 eps 或用 BCELoss(它把 log 截断在 -100)又会让很自信的错误预测损失封顶,不再随 logit 增大。",
        en="It takes the log of a sigmoid: for large |logit| the sigmoid is exactly 0 or 1 in float32 and log(0) gives inf/nan; adding an eps or using BCELoss (which clips the log at -100) caps the loss of confident mistakes instead of letting it grow with the logit.",
        hint_zh="直接从 logits 计算,不经过概率:loss = F.softplus(x) - x * t(softplus(x) = log(1 + e^x),PyTorch 会稳定地计算),或 max(x, 0) - x * t + log1p(exp(-|x|)),再求平均。",
        hint_en="Work from the logits, never through probabilities: loss = F.softplus(x) - x * t (softplus(x) = log(1 + e^x), computed stably by PyTorch), or max(x, 0) - x * t + log1p(exp(-|x|)), then average.",
    ),
    mistake(
        "bce-sign-error",
        zh="二分类交叉熵的符号错了:损失出现负数,或者预测正确反而比预测错误的损失更大(例如漏掉了最前面的负号,或把 t 与 1 - t 写反了)。",
        en="The binary cross-entropy has a sign error: the loss can be negative, or a right prediction costs more than a wrong one (for example the leading minus is missing, or t and 1 - t are swapped).",
        hint_zh="BCE = -[t·log σ(x) + (1 - t)·log(1 - σ(x))],等价于 max(x, 0) - x·t + log(1 + exp(-|x|)),对每个元素都 ≥ 0。",
        hint_en="BCE = -[t·log σ(x) + (1 - t)·log(1 - σ(x))], the same as max(x, 0) - x·t + log(1 + exp(-|x|)), which is ≥ 0 for every element.",
    ),
    mistake(
        "mse-for-classification",
        zh="分类任务(这里是二分类)用了 MSELoss:它把 logit 当成回归值去逼近 0/1,这不是分类模型的似然,训练效果差。",
        en="MSELoss was chosen for a classification task (here binary): it pushes the logits towards 0/1 like a regression, which is not a classifier's likelihood, and it trains poorly.",
        hint_zh="二分类的原始 logit 用 nn.BCEWithLogitsLoss(),多分类用 nn.CrossEntropyLoss();MSELoss 只用于回归。",
        hint_en="Use nn.BCEWithLogitsLoss() for raw binary logits and nn.CrossEntropyLoss() for multiclass; keep MSELoss for regression.",
    ),
    mistake(
        "bce-on-logits",
        zh="二分类任务用了 nn.BCELoss:它要求输入是 (0, 1) 内的概率,直接接收原始 logits 时会报错或算出错误的损失。",
        en="nn.BCELoss was chosen for binary classification: it expects probabilities in (0, 1), so raw logits make it fail or give a wrong loss.",
        hint_zh="模型输出原始 logit 时用 nn.BCEWithLogitsLoss(),它在内部稳定地结合了 sigmoid 和 BCE。",
        hint_en="For raw logits use nn.BCEWithLogitsLoss(), which combines the sigmoid and the BCE stably inside.",
    ),
    mistake(
        "ce-for-regression",
        zh="回归任务用了 nn.CrossEntropyLoss:交叉熵把预测当作类别得分,把目标当作概率分布,对连续数值没有意义。",
        en="nn.CrossEntropyLoss was chosen for regression: it treats predictions as class scores and targets as probability distributions, which means nothing for continuous values.",
        hint_zh="回归用 nn.MSELoss()(均方误差)。",
        hint_en="Use nn.MSELoss() (mean squared error) for regression.",
    ),
    mistake(
        "nll-on-logits",
        zh="多分类任务用了 nn.NLLLoss:它要求输入是 log 概率(log_softmax 的输出),直接接收原始 logits 时只是取负的目标得分,不是交叉熵。",
        en="nn.NLLLoss was chosen for multiclass: it expects log-probabilities (the output of log_softmax); on raw logits it just negates the target's score, which is not the cross-entropy.",
        hint_zh="原始 logits 用 nn.CrossEntropyLoss()(= LogSoftmax + NLLLoss)。",
        hint_en="For raw logits use nn.CrossEntropyLoss() (= LogSoftmax + NLLLoss).",
    ),
    mistake(
        "probs-not-normalised",
        zh="返回的“概率”没有在类别维上归一化:每行之和不为 1(例如直接返回 logits、用了 sigmoid,或在错误的维度上做 softmax)。",
        en="The returned 'probabilities' are not normalised over the classes: rows do not sum to 1 (for example logits returned as they are, a sigmoid, or a softmax over the wrong dim).",
        hint_zh="概率用 torch.softmax(logits, dim=1):形状 (N, C),每行之和为 1。",
        hint_en="Use torch.softmax(logits, dim=1) for the probabilities: shape (N, C), each row summing to 1.",
    ),
)

# Scores around 1e4 carry float32 rounding of about 1e-3 in any log-sum-exp,
# so results from huge scores are compared a little more loosely.
_LARGE_PROBS = Tolerance(rtol=2e-3, atol=1e-6)
_LARGE_LOGS = Tolerance(rtol=1e-4, atol=2e-3)


# -- shared observations (probe side) ---------------------------------------
def _returned(value: Any) -> Any:
    """What a call returned, kept as plain data: a tensor copied, a Python number as a float."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def _gradient_or_error(fn, first: torch.Tensor, *rest: Any) -> Any:
    """d fn(first, *rest) / d first, or ``"error: <type>"`` when it cannot be taken."""
    leaf = first.detach().clone().requires_grad_(True)
    try:
        out = fn(leaf, *rest)
        (grad,) = torch.autograd.grad(out, leaf)
    except Exception as exc:
        return raised(exc)
    return grad


# -- shared judgements (derive side, in the grader) -------------------------
def _finite(value: Any) -> bool:
    """True for a tensor whose every element is a finite number."""
    return isinstance(value, torch.Tensor) and bool(torch.isfinite(value.detach()).all())


def _scalar(value: Any) -> float | None:
    """The single number a loss holds, or None when it is not one number (reads, judges nothing)."""
    if isinstance(value, torch.Tensor):
        return float(value.detach().reshape(-1)[0]) if value.numel() == 1 else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _sums_to_one(total: torch.Tensor) -> bool:
    return bool(torch.allclose(total, torch.ones_like(total), rtol=0.0, atol=1e-3))


def _normalised_over(probs: Any, x: torch.Tensor, dim: int) -> str:
    """Over which dimension the probabilities sum to one.

    ``"requested dim"``, ``"another dim"`` (some other single dimension, or
    the whole tensor at once), ``"not normalised"``, or ``"wrong shape"``.
    """
    if not isinstance(probs, torch.Tensor) or probs.shape != x.shape:
        return "wrong shape"
    p = probs.detach().to(torch.float64)
    if _sums_to_one(p.sum(dim=dim)):
        return "requested dim"
    if _sums_to_one(p.sum()) or any(_sums_to_one(p.sum(dim=d)) for d in range(p.dim())):
        return "another dim"
    return "not normalised"


# -- softmax and log_softmax -------------------------------------------------
# Writing the stable computation out is the exercise; the library's own is for comparing.
_BUILTIN_SOFTMAX = Forbidden(
    "torch.softmax",
    (
        "torch.softmax",
        "torch.Tensor.softmax",
        "torch.nn.functional.softmax",
        "torch.special.softmax",
        "torch._VariableFunctionsClass._softmax",
        # The kernels themselves, whatever reaches them: F.softmin(-x), torch.ops.aten.softmax,
        # or exp() of a ready-made log-softmax.
        "aten::_softmax",
        "aten::_log_softmax",
    ),
)
_BUILTIN_LOG_SOFTMAX = Forbidden(
    "torch.log_softmax",
    (
        "torch.log_softmax",
        "torch.Tensor.log_softmax",
        "torch.nn.functional.log_softmax",
        "torch.special.log_softmax",
        "torch._VariableFunctionsClass._log_softmax",
        "aten::_log_softmax",
        "aten::_softmax",
    ),
)


def _probe_normaliser(fn, case: Case) -> Features:
    x, dim, large = case["x"], case["dim"], case["large"]
    out = fn(x, dim)
    out_default = fn(x)
    out_large = fn(large)
    return {"output": out, "output_default": out_default, "large_scores": out_large}


def _derive_normaliser(raw: Features, case: Case, *, log: bool) -> Features:
    out = raw.get("output")
    probs = out.exp() if log and isinstance(out, torch.Tensor) else out
    return each(
        normalised_over=lambda: _normalised_over(probs, case["x"], case["dim"]),
        finite_large=lambda: _finite(raw["large_scores"]),
    )


def _derive_softmax(raw: Features, case: Case) -> Features:
    return _derive_normaliser(raw, case, log=False)


def _derive_log_softmax(raw: Features, case: Case) -> Features:
    features = _derive_normaliser(raw, case, log=True)
    features.update(each(finite_spread=lambda: _finite(raw["spread_scores"])))
    return features


@SECTION.exercise(
    "softmax",
    picture=Picture("lines", ("large_scores", "output")),
    returns="tensor",
    forbids=(_BUILTIN_SOFTMAX,),
    checks=(
        check("沿指定维度的概率", "probabilities along the given dim", "output", weight=2),
        check("默认在最后一维", "default dim is the last one", "output_default"),
        check("在指定维度上和为 1", "sums to 1 along the given dim", "normalised_over"),
        check(
            "大得分时数值稳定(±1e4)",
            "numerically stable for scores of ±1e4",
            "large_scores",
            "finite_large",
            weight=1.5,
        ),
    ),
    mistakes=(
        MistakeRule("softmax-overflow", ("finite_large",)),
        MistakeRule("softmax-wrong-dim", ("normalised_over",)),
    ),
    feature_tolerance={"large_scores": _LARGE_PROBS},
    derive=_derive_softmax,
    results=("output", "output_default", "large_scores"),
)
def probe_softmax(fn, case: Case, ctx: ProbeContext) -> Features:
    """Softmax along a given dim of a 3-D tensor, by default, and of huge scores."""
    return _probe_normaliser(fn, case)


@SECTION.exercise(
    "log_softmax",
    picture=Picture("lines", ("large_scores", "spread_scores", "output")),
    returns="tensor",
    forbids=(_BUILTIN_LOG_SOFTMAX,),
    checks=(
        check("沿指定维度的对数概率", "log-probabilities along the given dim", "output", weight=2),
        check("默认在最后一维", "default dim is the last one", "output_default"),
        check("在指定维度上归一化", "normalised along the given dim", "normalised_over"),
        check(
            "得分相差很大时仍为有限值",
            "finite when scores are far apart",
            "spread_scores",
            "finite_spread",
            weight=1.5,
        ),
        check(
            "大得分时数值稳定(±1e4)",
            "numerically stable for scores of ±1e4",
            "large_scores",
            "finite_large",
        ),
    ),
    mistakes=(
        MistakeRule("log-of-softmax-underflow", ("finite_spread",)),
        MistakeRule("softmax-wrong-dim", ("normalised_over",)),
    ),
    feature_tolerance={"large_scores": _LARGE_LOGS},
    derive=_derive_log_softmax,
    results=("output", "output_default", "large_scores", "spread_scores"),
)
def probe_log_softmax(fn, case: Case, ctx: ProbeContext) -> Features:
    """Log-softmax along a given dim, by default, of far-apart scores and of huge scores."""
    features = _probe_normaliser(fn, case)
    features["spread_scores"] = fn(case["spread"])
    return features


# -- cross_entropy -----------------------------------------------------------
@SECTION.exercise(
    "cross_entropy",
    returns="tensor",
    checks=(
        check("平均交叉熵", "mean cross-entropy", "loss", weight=2),
        check(
            "大 logits 时数值稳定",
            "numerically stable for huge logits",
            "large_loss",
            "finite_large",
        ),
        check("对 logits 的梯度", "gradient with respect to the logits", "gradient"),
    ),
    mistakes=(
        MistakeRule("softmax-before-ce", ("loss",)),
        MistakeRule("ce-sum-not-mean", ("loss",)),
        MistakeRule("ce-overflow", ("finite_large",)),
    ),
    feature_tolerance={"large_loss": _LARGE_LOGS},
    derive=lambda raw, case: each(finite_large=lambda: _finite(raw["large_loss"])),
    results=("loss", "large_loss", "gradient"),
)
def probe_cross_entropy(fn, case: Case, ctx: ProbeContext) -> Features:
    """The loss on ordinary and on huge logits, and its gradient."""
    logits, target = case["logits"], case["target"]
    large, large_target = case["large"], case["large_target"]
    loss = fn(logits, target)
    large_loss = fn(large, large_target)
    return {
        "loss": loss,
        "large_loss": large_loss,
        "gradient": _gradient_or_error(fn, logits, target),
    }


# -- bce_with_logits ---------------------------------------------------------
_SIGN_CALLS = ((1.0, 1.0), (1.0, 0.0), (-1.0, 0.0), (-1.0, 1.0))  # (sign of the logit, target)


def _margin_losses(fn, margins: list[float], device: torch.device) -> list[Any]:
    """Losses of ``[a, a, -a, -a]`` against ``[0, 1, 0, 1]`` for each margin ``a``, as returned."""
    target = torch.tensor([0.0, 1.0, 0.0, 1.0], device=device)
    return [_returned(fn(torch.tensor([a, a, -a, -a], device=device), target)) for a in margins]


def _sign_losses(fn, logit: float, device: torch.device) -> list[Any]:
    """Single-logit losses for a hit and a miss at ``+logit`` and ``-logit``, as returned."""
    return [
        _returned(fn(torch.tensor([s * logit], device=device), torch.tensor([t], device=device)))
        for s, t in _SIGN_CALLS
    ]


def _large_margins(losses: list[Any]) -> str:
    """What happens to the loss as logits get more extreme.

    ``losses`` are the losses of ``[a, a, -a, -a]`` against ``[0, 1, 0, 1]``
    (two confident mistakes, two confident hits) for growing ``a``.
    ``"keeps growing"`` (a correct loss grows like ``a/2``), ``"breaks down"``
    (it becomes inf/nan, or stops growing though it penalised the first margin)
    or ``"other"``.
    """
    sizes = []
    for loss in losses:
        value = _scalar(loss)
        if value is None:
            return "other"
        if not math.isfinite(value):
            return "breaks down"
        sizes.append(abs(value))
    if all(b > a for a, b in zip(sizes, sizes[1:])):
        return "keeps growing"
    return "breaks down" if sizes[0] > 1 else "other"


def _sign_behaviour(losses: list[Any]) -> str:
    """How single-logit losses are ordered: is a confident mistake penalised more than a hit?

    ``losses`` are those of ``_sign_losses``. ``"ok"`` (never negative,
    mistakes cost more than hits), ``"wrong sign"`` (a negative loss, or hits
    costing more than mistakes) or ``"other"``.
    """
    if len(losses) != len(_SIGN_CALLS):
        return "other"
    values = []
    for loss in losses:
        value = _scalar(loss)
        if value is None or not math.isfinite(value):
            return "other"
        values.append(value)
    hit_pos, miss_pos, hit_neg, miss_neg = values
    if min(values) >= 0 and hit_pos < miss_pos and hit_neg < miss_neg:
        return "ok"
    if min(values) < 0 or hit_pos > miss_pos or hit_neg > miss_neg:
        return "wrong sign"
    return "other"


@SECTION.exercise(
    "bce_with_logits",
    returns="tensor",
    checks=(
        check("平均二分类交叉熵", "mean binary cross-entropy", "loss", "sign_behaviour", weight=2),
        check(
            "|logits| 很大时数值稳定",
            "numerically stable for huge |logits|",
            "large_loss",
            "large_margins",
        ),
        check("对 logits 的梯度", "gradient with respect to the logits", "gradient"),
    ),
    mistakes=(
        MistakeRule("sigmoid-then-log-unstable", ("large_margins",)),
        MistakeRule("bce-sign-error", ("sign_behaviour",)),
    ),
    derive=lambda raw, case: each(
        sign_behaviour=lambda: _sign_behaviour(raw["sign_losses"]),
        large_margins=lambda: _large_margins(raw["margin_losses"]),
    ),
    results=("loss", "sign_losses", "large_loss", "margin_losses", "gradient"),
)
def probe_bce_with_logits(fn, case: Case, ctx: ProbeContext) -> Features:
    """The loss on ordinary and huge logits, its gradient, and single-logit losses."""
    logits, target = case["logits"], case["target"]
    loss = fn(logits, target)
    large_loss = fn(case["large"], case["large_target"])
    return {
        "loss": loss,
        "sign_losses": _sign_losses(fn, case["sign_logit"], ctx.device),
        "large_loss": large_loss,
        "margin_losses": _margin_losses(fn, list(case["margins"]), ctx.device),
        "gradient": _gradient_or_error(fn, logits, target),
    }


# -- choose_loss -------------------------------------------------------------
def _apply_loss(module: Any, prediction: torch.Tensor, target: torch.Tensor) -> Any:
    """The number a loss module gives, or what went wrong.

    Inputs go to the CPU: a wrong loss given out-of-range values raises there,
    while on CUDA it would trip a device-side assert that breaks the process.
    Warnings (MSELoss broadcasting a target of another shape) are silenced.
    """
    if not isinstance(module, nn.Module):
        return f"not an nn.Module: {type(module).__name__}"
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = module(prediction.detach().cpu(), target.detach().cpu())
    except Exception as exc:
        return raised(exc)
    value = _scalar(out)
    if value is None:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        return f"not one number: {shape}"
    return value


@SECTION.exercise(
    "choose_loss",
    returns="module",
    checks=(
        check("回归损失", "regression loss", "regression"),
        check("二分类损失(输入 logits)", "binary loss (on logits)", "binary", "binary_small"),
        check("多分类损失(输入 logits)", "multiclass loss (on logits)", "multiclass"),
        check("拒绝未知任务", "rejects unknown tasks", "unknown_task", weight=0),
    ),
    mistakes=(
        MistakeRule("mse-for-classification", ("binary",)),
        MistakeRule("bce-on-logits", ("binary", "binary_small")),
        MistakeRule("ce-for-regression", ("regression",)),
        MistakeRule("nll-on-logits", ("multiclass",)),
    ),
    derive=lambda raw, case: {
        "unknown_task": bad_argument_verdict(raw["unknown_task_raised"], case["bad_task"])
    },
    results=("regression", "binary", "binary_small", "multiclass"),
    observations=("unknown_task_raised",),
)
def probe_choose_loss(fn, case: Case, ctx: ProbeContext) -> Features:
    """Apply the returned loss for each task to raw outputs and targets of that task."""
    features: Features = {
        "regression": _apply_loss(fn("regression"), case["reg_pred"], case["reg_target"]),
        "binary": _apply_loss(fn("binary"), case["bin_logits"], case["bin_target"]),
        # logits that happen to lie in (0, 1): a loss that wants probabilities accepts them
        "binary_small": _apply_loss(fn("binary"), case["bin_small_logits"], case["bin_target"]),
        "multiclass": _apply_loss(fn("multiclass"), case["mc_logits"], case["mc_target"]),
    }
    features["unknown_task_raised"] = observe_call(lambda: fn(case["bad_task"]))
    return features


# -- predict_and_loss --------------------------------------------------------
def _same_state(after: Any, before: dict[str, torch.Tensor]) -> bool:
    """True when a module's parameters and buffers after the call equal those before."""
    return (
        isinstance(after, dict)
        and set(after) == set(before)
        and same_tensors([after[k] for k in before], list(before.values()))
    )


def _derive_predict_and_loss(raw: Features, case: Case) -> Features:
    model = build_layers(case["layers"])  # the probe's model as built, before the call
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    return each(
        rows_sum_to_one=lambda: _rows_sum_to_one(
            raw["probabilities"], (case["x"].shape[0], last.out_features)
        ),
        model_unchanged=lambda: _same_state(raw["model_after"], state_snapshot(model)),
    )


def _rows_sum_to_one(probs: Any, logits_shape: tuple[int, ...]) -> bool:
    """Probabilities of the right shape, in [0, 1], each row summing to 1."""
    if not isinstance(probs, torch.Tensor) or tuple(probs.shape) != logits_shape:
        return False
    p = probs.detach().to(torch.float64)
    return bool(((p >= 0) & (p <= 1)).all()) and _sums_to_one(p.sum(dim=1))


@SECTION.exercise(
    "predict_and_loss",
    returns="(tensor, tensor)",
    checks=(
        check("预测概率", "predicted probabilities", "probabilities", "rows_sum_to_one"),
        check("在 logits 上计算的损失", "loss computed on the logits", "loss", weight=1.5),
        check("损失可以反向传播", "the loss backpropagates", "loss_gradient", weight=0.5),
        check(
            "不修改模型参数",
            "leaves the model's parameters unchanged",
            "model_unchanged",
            weight=0,
        ),
    ),
    mistakes=(
        MistakeRule("softmax-before-ce", ("loss",)),
        MistakeRule("probs-not-normalised", ("rows_sum_to_one",)),
    ),
    derive=_derive_predict_and_loss,
    results=("probabilities", "loss", "loss_gradient"),
    observations=("model_after",),
)
def probe_predict_and_loss(fn, case: Case, ctx: ProbeContext) -> Features:
    """Run a fixed-weight model through the function and backpropagate its loss."""
    model = build_layers(case["layers"], ctx.device)
    probabilities, loss = fn(model, case["x"], case["y"])
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    try:
        (gradient,) = torch.autograd.grad(loss, last.weight)
    except Exception as exc:
        gradient = raised(exc)
    return {
        "probabilities": probabilities,
        "loss": loss,
        "loss_gradient": gradient,
        "model_after": state_snapshot(model),
    }


# -- quiz: questions (zh and en) in quiz/s23_activations_losses.yml -----------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s23_activations_losses.yml")
