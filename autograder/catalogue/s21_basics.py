"""Section 2.1, layers and activations: what each exercise's probe observes."""

from __future__ import annotations

from torch import nn

from autograder.engine.spec import Case, Features, MistakeRule, ProbeContext, Section, check
from autograder.harness.probe_tools import (
    build_layers,
    describe_layers,
    fill_deterministic_,
    forward_or_error,
    linear_chain_ok,
    raises_value_error,
)

SECTION = Section("2.1", "s21_basics")

_REJECTS = check("拒绝非法参数", "rejects bad arguments", "bad_argument", weight=0.5)


@SECTION.exercise(
    "build_mlp",
    checks=(
        check("网络结构", "layer structure", "type", "layers", "chain"),
        check("前向输出(固定权重)", "forward output (fixed weights)", "output", weight=2),
        _REJECTS,
    ),
    mistakes=(
        "relu-on-output",
        "missing-hidden-activation",
        MistakeRule("layer-size-mismatch", ("chain",)),
    ),
)
def probe_build_mlp(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build the MLP, describe its layers, and run it with fixed weights."""
    n_in, hidden, n_out = case["in_features"], list(case["hidden_sizes"]), case["out_features"]
    model = fn(n_in, hidden, n_out)
    features: Features = {
        "type": "nn.Sequential" if isinstance(model, nn.Sequential) else type(model).__name__,
        "layers": describe_layers(model),
        "chain": linear_chain_ok(model, n_in, n_out),
        "output": "not an nn.Module",
    }
    if isinstance(model, nn.Module):
        model = fill_deterministic_(model).to(ctx.device)
        features["output"] = forward_or_error(model, case["x"])
    bad = case["bad_size"]
    features["bad_argument"] = raises_value_error(lambda: fn(n_in, [*hidden, bad], n_out), bad)
    return features


def _activation_features(fn, task: str, x) -> tuple[bool, object]:
    module = fn(task)
    return isinstance(module, nn.Module), forward_or_error(module, x)


@SECTION.exercise(
    "output_activation",
    checks=(
        check("回归输出", "regression output", "regression", "regression_is_module"),
        check("二分类输出", "binary output", "binary", "binary_is_module"),
        check("多分类输出", "multiclass output", "multiclass", "multiclass_is_module"),
        check("拒绝未知任务", "rejects unknown tasks", "unknown_task", weight=0.5),
    ),
    mistakes=(
        "softmax-single-logit",
        "sigmoid-for-multiclass",
        "softmax-wrong-dim",
        "relu-as-output-activation",
    ),
)
def probe_output_activation(fn, case: Case, ctx: ProbeContext) -> Features:
    """Apply the returned module for each task to scores of the matching shape."""
    features: Features = {}
    for task in ("regression", "binary", "multiclass"):
        is_module, output = _activation_features(fn, task, case[task])
        features[f"{task}_is_module"] = is_module
        features[task] = output
    bad = case["bad_task"]
    features["unknown_task"] = raises_value_error(lambda: fn(bad), bad)
    return features


@SECTION.exercise(
    "count_parameters",
    checks=(
        check("只统计可训练参数", "counts trainable parameters", "trainable", "trainable_default"),
        check("统计全部参数", "counts all parameters", "all"),
    ),
    mistakes=("counts-tensors-not-elements", "ignores-requires-grad"),
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
