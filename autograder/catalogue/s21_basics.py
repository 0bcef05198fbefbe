"""Section 2.1, layers and activations: what each exercise's probe observes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from torch import nn

from autograder.probing.probe_tools import (
    build_layers,
    describe_layers,
    fill_deterministic_,
    forward_or_error,
    leaf_layers,
    observe_call,
)
from autograder.spec import Case, Features, MistakeRule, ProbeContext, Section, check, mistake
from autograder.spec.rules import REJECTS_BAD_ARGUMENTS, bad_argument_verdict, each

SECTION = Section("2.1", "s21_basics")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "relu-on-output",
        zh="网络最后一层后面还接了 ReLU,输出不再是原始得分(logits),负数全部被截成 0。",
        en="A ReLU follows the last layer, so the output is no longer raw scores (logits): every negative score becomes 0.",
        hint_zh="只在隐藏层之后加 ReLU;最后一个 Linear 直接输出,交给损失函数或输出激活处理。",
        hint_en="Put ReLU after hidden layers only; the last Linear returns raw scores for the loss or output activation.",
    ),
    mistake(
        "missing-hidden-activation",
        zh="隐藏层之间没有激活函数,多个 Linear 叠在一起仍然只是一个线性变换。",
        en="There is no activation between hidden layers, so the stacked Linear layers collapse into one linear map.",
        hint_zh="每个隐藏层的 Linear 后面都加一个 nn.ReLU()。",
        hint_en="Add an nn.ReLU() after every hidden Linear layer.",
    ),
    mistake(
        "layer-size-mismatch",
        zh="相邻两层的尺寸没有对上:某个 Linear 的 in_features 不等于上一层的 out_features(或首尾尺寸不对)。",
        en="Consecutive layers do not connect: some Linear's in_features differs from the previous layer's out_features (or the first/last size is wrong).",
        hint_zh="用一个变量记录上一层的输出尺寸,作为下一层的输入尺寸:`Linear(prev, h); prev = h`。",
        hint_en="Track the previous layer's output size and use it as the next input size: `Linear(prev, h); prev = h`.",
    ),
    mistake(
        "softmax-single-logit",
        zh="二分类只有一个输出单元,对它做 Softmax 结果恒为 1。",
        en="Binary classification has a single output unit; a softmax over one value is always 1.",
        hint_zh="单个 logit 的二分类用 nn.Sigmoid()。",
        hint_en="Use nn.Sigmoid() for a single binary logit.",
    ),
    mistake(
        "sigmoid-for-multiclass",
        zh="多分类用了 Sigmoid:每个类别单独压到 (0,1),概率加起来不等于 1。",
        en="Sigmoid was used for multiclass: each class is squashed on its own, so probabilities do not sum to 1.",
        hint_zh="多分类用 nn.Softmax(dim=1),在类别维上归一化。",
        hint_en="Use nn.Softmax(dim=1) for multiclass, normalising over the class dimension.",
    ),
    mistake(
        "softmax-wrong-dim",
        zh="Softmax 在错误的维度上归一化(例如批次维),每个样本的概率之和不为 1。",
        en="Softmax normalises over the wrong dimension (for example the batch), so each sample's probabilities do not sum to 1.",
        hint_zh="对 (N, C) 的输入在类别维 dim=1(或 dim=-1)上做 softmax。",
        hint_en="For (N, C) input, apply softmax over the class dimension, dim=1 (or dim=-1).",
    ),
    mistake(
        "relu-as-output-activation",
        zh="用 ReLU 作为输出激活,回归任务的负值预测全被截断为 0。",
        en="ReLU was used as the output activation, which cuts every negative regression prediction to 0.",
        hint_zh="回归输出不需要激活函数,返回 nn.Identity()。",
        hint_en="Regression needs no output activation: return nn.Identity().",
    ),
    mistake(
        "counts-tensors-not-elements",
        zh="统计的是参数张量的个数,而不是其中标量元素的个数。",
        en="It counts parameter tensors instead of the scalar elements in them.",
        hint_zh="对每个参数用 p.numel() 求元素个数再求和。",
        hint_en="Sum p.numel() over the parameters.",
    ),
    mistake(
        "ignores-requires-grad",
        zh="trainable_only=True 时仍然把冻结的参数(requires_grad=False)算了进去。",
        en="With trainable_only=True it still counts frozen parameters (requires_grad=False).",
        hint_zh="trainable_only 为 True 时只统计 p.requires_grad 为 True 的参数。",
        hint_en="When trainable_only is True, count only parameters with p.requires_grad.",
    ),
)

# Diagnoses (weight 0): what the probe saw of how the function worked names mistakes,
# but only values computed on the grader's inputs earn points.

# Probes only observe (they run beside the student's code, which may patch torch or this
# package); every judgement is made by the ``derive`` functions, in the grader's process.


def chain_verdict(linears: Any, in_features: int, out_features: int) -> bool:
    """(grader) True when the observed Linear sizes connect in -> ... -> out."""
    if type(linears) is not list or not linears:
        return False
    pairs = []
    for entry in linears:
        if type(entry) not in (list, tuple) or len(entry) != 2:
            return False
        if any(type(size) is not int for size in entry):
            return False
        pairs.append(tuple(entry))
    connected = all(a[1] == b[0] for a, b in zip(pairs, pairs[1:]))
    return connected and pairs[0][0] == in_features and pairs[-1][1] == out_features


def _linear_sizes(module: Any) -> list[list[Any]] | None:
    """(in_features, out_features) of every Linear leaf layer, in order; None for no module."""
    if not isinstance(module, nn.Module):
        return None
    return [
        [m.in_features, m.out_features] for m in leaf_layers(module) if isinstance(m, nn.Linear)
    ]


def _derive_build_mlp(raw: Features, case: Case) -> Features:
    return each(
        chain=lambda: chain_verdict(raw["linears"], case["in_features"], case["out_features"]),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad_size"]),
    )


@SECTION.exercise(
    "build_mlp",
    returns="module",
    checks=(
        check("网络结构", "layer structure", "type", "layers", "chain", weight=0),
        check("前向输出(固定权重)", "forward output (fixed weights)", "output"),
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(
        "relu-on-output",
        "missing-hidden-activation",
        MistakeRule("layer-size-mismatch", ("chain",)),
    ),
    derive=_derive_build_mlp,
    results=("output",),
    observations=("type", "layers", "linears", "bad_call"),
)
def probe_build_mlp(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build the MLP, describe its layers, and run it with fixed weights.

    Derived in the grader: ``chain`` (do the Linear sizes connect from the input size to
    the output size?) and ``bad_argument`` (did a bad size raise a ValueError naming it?).
    """
    n_in, hidden, n_out = case["in_features"], list(case["hidden_sizes"]), case["out_features"]
    model = fn(n_in, hidden, n_out)
    features: Features = {
        "type": "nn.Sequential" if isinstance(model, nn.Sequential) else type(model).__name__,
        "layers": describe_layers(model),
        "linears": _linear_sizes(model),
        "output": "not an nn.Module",
    }
    if isinstance(model, nn.Module):
        model = fill_deterministic_(model).to(ctx.device)
        features["output"] = forward_or_error(model, case["x"])
    bad = case["bad_size"]
    features["bad_call"] = observe_call(lambda: fn(n_in, [*hidden, bad], n_out))
    return features


def _activation_features(fn, task: str, x) -> tuple[bool, object]:
    module = fn(task)
    return isinstance(module, nn.Module), forward_or_error(module, x)


def _derive_output_activation(raw: Features, case: Case) -> Features:
    return {"unknown_task": bad_argument_verdict(raw["unknown_task_raised"], case["bad_task"])}


@SECTION.exercise(
    "output_activation",
    returns="module",
    checks=(
        check("回归输出", "regression output", "regression"),
        check("二分类输出", "binary output", "binary"),
        check("多分类输出", "multiclass output", "multiclass"),
        check(
            "返回 nn.Module",
            "returns an nn.Module",
            "regression_is_module",
            "binary_is_module",
            "multiclass_is_module",
            weight=0,
        ),
        check("拒绝未知任务", "rejects unknown tasks", "unknown_task", weight=0),
    ),
    mistakes=(
        "softmax-single-logit",
        "sigmoid-for-multiclass",
        "softmax-wrong-dim",
        "relu-as-output-activation",
    ),
    derive=_derive_output_activation,
    results=("regression", "binary", "multiclass"),
    observations=(
        "regression_is_module",
        "binary_is_module",
        "multiclass_is_module",
        "unknown_task_raised",
    ),
)
def probe_output_activation(fn, case: Case, ctx: ProbeContext) -> Features:
    """Apply the returned module for each task to scores of the matching shape.

    Derived in the grader: ``unknown_task`` (did an unknown task raise a ValueError naming it?).
    """
    features: Features = {}
    for task in ("regression", "binary", "multiclass"):
        is_module, output = _activation_features(fn, task, case[task])
        features[f"{task}_is_module"] = is_module
        features[task] = output
    bad = case["bad_task"]
    features["unknown_task_raised"] = observe_call(lambda: fn(bad))
    return features


@SECTION.exercise(
    "count_parameters",
    returns="int",
    checks=(
        check("只统计可训练参数", "counts trainable parameters", "trainable", "trainable_default"),
        check("统计全部参数", "counts all parameters", "all"),
    ),
    mistakes=("counts-tensors-not-elements", "ignores-requires-grad"),
    results=("trainable_default", "trainable", "all"),
)
def probe_count_parameters(fn, case: Case, ctx: ProbeContext) -> Features:
    """Count parameters of a model with some parameters frozen."""
    model = build_layers(case["layers"], ctx.device)
    frozen = set(case["frozen"])
    for index, param in enumerate(model.parameters()):
        param.requires_grad_(index not in frozen)
    return {
        "trainable_default": fn(model),
        "trainable": fn(model, trainable_only=True),
        "all": fn(model, trainable_only=False),
    }


# -- quiz: questions (zh and en) in quiz/s21_basics.yml -----------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s21_basics.yml")
