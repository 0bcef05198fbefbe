"""Section 2.2, forward and backward propagation: what each exercise's probe observes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from autograder.probing.codec import TensorData
from autograder.probing.probe_tools import (
    build_layers,
    fill_deterministic_,
    forward_or_error,
    observe_call,
    short_type_name,
)
from autograder.spec import (
    Case,
    Features,
    Forbidden,
    KeepsInputs,
    MistakeRule,
    Picture,
    ProbeContext,
    Section,
    check,
    mistake,
)
from autograder.spec.rules import REJECTS_BAD_ARGUMENTS, bad_argument_verdict, each, same_tensors

SECTION = Section("2.2", "s22_backprop")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "includes-input-shape",
        zh="返回的列表把输入本身的形状也放在了最前面;题目只要每个子层之后的输出形状。",
        en="The returned list starts with the input's own shape; only the shape after each child layer was asked for.",
        hint_zh="列表长度应等于子层个数:每经过一个子层,追加一次它的输出形状,不要先放入 input_shape。",
        hint_en="The list should have one entry per child: append the output shape after each layer, and do not start with input_shape.",
    ),
    mistake(
        "mutates-model",
        zh="调用之后模型的参数变了(例如重新初始化、做了一步训练,或把模型搬到了别的设备)。只查看形状不应改动模型。",
        en="The model's parameters changed during the call (for example re-initialised, trained for a step, or moved to another device). Tracing shapes must leave the model as it was.",
        hint_zh="只做前向计算并记录形状:在 torch.no_grad() 下用一个假输入逐层调用;如果要换设备(如 meta),先 copy.deepcopy(model)。",
        hint_en="Only run forward passes and record shapes: feed a dummy input layer by layer under torch.no_grad(); to change device (e.g. meta), work on copy.deepcopy(model).",
    ),
    mistake(
        "flatten-size-wrong",
        zh="Linear 的输入尺寸不等于展平后每个样本的元素个数 C*H*W(例如只用了 C*H 或 H*W)。",
        en="The Linear's in_features is not the number of elements per flattened sample, C*H*W (for example only C*H or H*W).",
        hint_zh="展平 (C, H, W) 后每个样本有 C*H*W 个数:写 nn.Linear(C * H * W, num_classes)。",
        hint_en="Flattening (C, H, W) leaves C*H*W numbers per sample: use nn.Linear(C * H * W, num_classes).",
    ),
    mistake(
        "flatten-includes-batch",
        zh="展平时把批次维也并了进去(例如 nn.Flatten(start_dim=0) 或 x.view(-1)),不同样本的特征混成了一个向量,后面的层得不到每个样本一行的输入。",
        en="Flattening also merged the batch dimension (for example nn.Flatten(start_dim=0) or x.view(-1)), so all samples end up in one vector instead of one row per sample.",
        hint_zh="保留第 0 维(批次):用 nn.Flatten()(默认 start_dim=1)、x.flatten(1) 或 x.view(x.size(0), -1)。",
        hint_en="Keep dimension 0 (the batch): use nn.Flatten() (start_dim=1 by default), x.flatten(1) or x.view(x.size(0), -1).",
    ),
    mistake(
        "missing-backward",
        zh="没有调用 loss.backward(),optimizer.step() 时参数上没有新的梯度,参数不会朝减小损失的方向更新。",
        en="loss.backward() is never called, so optimizer.step() finds no new gradient and the parameters do not move to reduce the loss.",
        hint_zh="算出损失后先 loss.backward(),再 optimizer.step()。",
        hint_en="After computing the loss, call loss.backward() and then optimizer.step().",
    ),
    mistake(
        "missing-zero-grad",
        zh="没有在反向传播前清零梯度:PyTorch 会把新梯度累加到 .grad 里已有的旧梯度上,更新用的是两者之和。",
        en="The gradients are not zeroed before backward: PyTorch adds the new gradient to the old one already in .grad, so the step uses their sum.",
        hint_zh="每一步开始时(至少在 loss.backward() 之前)调用 optimizer.zero_grad()。",
        hint_en="Call optimizer.zero_grad() at the start of each step (at least before loss.backward()).",
    ),
    mistake(
        "missing-optimizer-step",
        zh="算出了梯度却没有调用 optimizer.step(),参数完全没有更新。",
        en="The gradients are computed but optimizer.step() is never called, so the parameters are not updated at all.",
        hint_zh="loss.backward() 之后调用 optimizer.step()。",
        hint_en="Call optimizer.step() after loss.backward().",
    ),
    mistake(
        "step-before-backward",
        zh="optimizer.step() 在 loss.backward() 之前调用:更新时还没有这一步的梯度,新算出的梯度要等到下一次才会被用上。",
        en="optimizer.step() runs before loss.backward(): the step happens before this batch's gradient exists, which is only used (if at all) later.",
        hint_zh="顺序应为 zero_grad → 前向 → 损失 → backward → step。",
        hint_en="The order is zero_grad → forward → loss → backward → step.",
    ),
    mistake(
        "zero-grad-after-backward",
        zh="在 loss.backward() 和 optimizer.step() 之间清零了梯度,刚算出的梯度被抹掉,step 时梯度为零。",
        en="The gradients are zeroed between loss.backward() and optimizer.step(), wiping the fresh gradient, so the step sees zeros.",
        hint_zh="把 optimizer.zero_grad() 放在 loss.backward() 之前(通常放在每一步的开头)。",
        hint_en="Move optimizer.zero_grad() before loss.backward() (usually to the start of the step).",
    ),
    mistake(
        "returns-tensor-loss",
        zh="返回的是损失张量,而不是 Python float;张量还连着计算图,保存下来会占住内存。",
        en="It returns the loss tensor instead of a Python float; the tensor still holds its graph, so keeping it keeps memory alive.",
        hint_zh="返回 loss.item()(或 float(loss))。",
        hint_en="Return loss.item() (or float(loss)).",
    ),
    mistake(
        "grad-weight-transposed",
        zh="grad_weight 的形状是 (in, out),是转置过的;它必须和 weight 一样是 (out, in)。",
        en="grad_weight has shape (in, out), i.e. it is transposed; it must have weight's shape, (out, in).",
        hint_zh="y = x @ weight.T + b 时,grad_weight = grad_output.T @ x。",
        hint_en="For y = x @ weight.T + b, grad_weight = grad_output.T @ x.",
    ),
    mistake(
        "grad-bias-not-summed",
        zh="grad_bias 没有对批次求和,形状仍是 (N, out);偏置被每个样本共用,梯度要把所有样本加起来,形状为 (out,)。",
        en="grad_bias is not summed over the batch and still has shape (N, out); the bias is shared by every sample, so its gradient adds them all up, shape (out,).",
        hint_zh="grad_bias = grad_output.sum(dim=0)。",
        hint_en="grad_bias = grad_output.sum(dim=0).",
    ),
    mistake(
        "grad-bias-mean",
        zh="grad_bias 对批次取了平均而不是求和;如果损失需要平均,这一步已经包含在 grad_output 里了。",
        en="grad_bias averages over the batch instead of summing; any averaging in the loss is already part of grad_output.",
        hint_zh="用 grad_output.sum(dim=0),不要再除以 N。",
        hint_en="Use grad_output.sum(dim=0) and do not divide by N again.",
    ),
    mistake(
        "forward-difference",
        zh="用的是前向差分 (f(x+eps) - f(x)) / eps,误差与 eps 同阶;题目要求中心差分,误差与 eps² 同阶。",
        en="It uses the forward difference (f(x+eps) - f(x)) / eps, whose error is of order eps; the task asks for the central difference, whose error is of order eps².",
        hint_zh="对每个元素算 (f(x+eps·e_i) - f(x-eps·e_i)) / (2·eps)。",
        hint_en="For each element compute (f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps).",
    ),
)

# Probes only observe (they run beside the student's code, which may patch torch or this
# package): they return what came back, copies of a model's parameters after the call, raw
# recordings.
# Every judgement is made by the ``derive`` functions, in the grader's process.


def _built_parameters(layers: list[Any]) -> list[tuple[str, torch.Tensor]]:
    """(grader) The parameters of ``build_layers(layers)`` on the CPU, as the probe built them.

    Their values are fixed (``fill_deterministic_``); the random initialisation that
    precedes it must not disturb the grader's random state.
    """
    with torch.random.fork_rng(devices=[]):
        model = build_layers(layers)
    return [(name, p.detach()) for name, p in model.named_parameters()]


# -- trace_shapes ------------------------------------------------------------
def _parameters_after(model: nn.Module) -> dict[str, list[Any]] | str:
    """Every parameter after the call: ``{name: [device type, copy of the values]}``."""
    try:
        return {name: [p.device.type, p.detach().clone()] for name, p in model.named_parameters()}
    except Exception as exc:
        return f"error: {short_type_name(exc)}"


def same_parameters_verdict(after: Any, layers: list[Any]) -> bool:
    """(grader) True when every parameter is still on the CPU with its shape and exact values."""
    before = dict(_built_parameters(layers))
    if type(after) is not dict or set(after) != set(before):
        return False
    entries = [after[name] for name in before]
    if any(type(entry) is not list or len(entry) != 2 or entry[0] != "cpu" for entry in entries):
        return False
    return same_tensors([entry[1] for entry in entries], list(before.values()))


def _derive_trace_shapes(raw: Features, case: Case) -> Features:
    return {"unchanged": same_parameters_verdict(raw["parameters_after"], case["layers"])}


@SECTION.exercise(
    "trace_shapes",
    picture=Picture("shapes", ("shapes",)),
    returns="list",
    checks=(
        check("每个子层的输出形状", "output shape after each child", "shapes"),
        check("不改变模型参数", "leaves the model's parameters unchanged", "unchanged", weight=0),
    ),
    mistakes=(
        MistakeRule("includes-input-shape", ("shapes",)),
        MistakeRule("mutates-model", ("unchanged",), cost=0.25),
    ),
    derive=_derive_trace_shapes,
    results=("shapes",),
    observations=("parameters_after",),
)
def probe_trace_shapes(fn, case: Case, ctx: ProbeContext) -> Features:
    """Trace a model built from the case, then copy its parameters as they are after the call.

    The model lives on the CPU whatever the grading device: shapes do not depend
    on it, and a forward pass with ``torch.randn(input_shape)`` must work.
    Derived in the grader: ``unchanged`` (are the parameters as ``build_layers`` made them?).
    """
    model = build_layers(case["layers"])
    shapes = fn(model, tuple(case["input_shape"]))
    return {"shapes": shapes, "parameters_after": _parameters_after(model)}


# -- make_head ---------------------------------------------------------------
def _first_linear(module: nn.Module) -> nn.Linear | None:
    return next((m for m in module.modules() if isinstance(m, nn.Linear)), None)


def _linear_input_shape(head: nn.Module, x: torch.Tensor) -> tuple[int, ...] | str:
    """The shape of the tensor reaching the first Linear, or a note why there is none."""
    linear = _first_linear(head)
    if linear is None:
        return "no nn.Linear"
    seen: list[tuple[int, ...]] = []
    handle = linear.register_forward_pre_hook(lambda _m, args: seen.append(tuple(args[0].shape)))
    try:
        forward_or_error(head, x)
    finally:
        handle.remove()
    if not seen:
        return "the Linear was never reached"
    return seen[0]


def keeps_batch_verdict(shape: Any, batch: int) -> bool | str:
    """(grader) Whether the Linear's input was (N, features): one row per sample.

    A note (no Linear, never reached, no module) is passed on as it is.
    """
    if type(shape) is str:
        return shape
    if type(shape) not in (list, tuple) or any(type(size) is not int for size in shape):
        return False
    return len(shape) == 2 and shape[0] == batch


def linear_in_verdict(in_features: Any, x: torch.Tensor) -> bool | str:
    """(grader) Whether the Linear takes C*H*W inputs; a note is passed on as it is."""
    if type(in_features) is str:
        return in_features
    return type(in_features) is int and in_features == x[0].numel()


def _derive_make_head(raw: Features, case: Case) -> Features:
    x, bad = case["x"], case["bad"]
    return each(
        keeps_batch=lambda: keeps_batch_verdict(raw["linear_input_shape"], x.shape[0]),
        linear_in_ok=lambda: linear_in_verdict(raw["linear_in_features"], x),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], bad["value"]),
    )


@SECTION.exercise(
    "make_head",
    returns="module",
    checks=(
        check("输出 logits(固定权重)", "logits for (N, C, H, W) input (fixed weights)", "output"),
        check("返回 nn.Sequential", "returns an nn.Sequential", "type", weight=0),
        check("展平后保留批次维", "flattening keeps the batch dimension", "keeps_batch", weight=0),
        check(
            "Linear 的输入尺寸为 C*H*W", "the Linear takes C*H*W inputs", "linear_in_ok", weight=0
        ),
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(
        MistakeRule("flatten-size-wrong", ("linear_in_ok",)),
        MistakeRule("flatten-includes-batch", ("keeps_batch",)),
    ),
    derive=_derive_make_head,
    results=("output",),
    observations=("type", "linear_input_shape", "linear_in_features", "bad_call"),
)
def probe_make_head(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build the head, fix its weights, run it on (N, C, H, W) features.

    Observed besides the output: the shape reaching the first Linear and its
    ``in_features``. Derived in the grader: ``keeps_batch``, ``linear_in_ok`` and
    ``bad_argument`` (did a bad size raise a ValueError naming it?).
    """
    x = case["x"]
    head = fn(tuple(case["feature_shape"]), case["num_classes"])
    features: Features = {
        "type": "nn.Sequential" if isinstance(head, nn.Sequential) else short_type_name(head),
        "output": "not an nn.Module",
        "linear_input_shape": "not an nn.Module",
        "linear_in_features": "not an nn.Module",
    }
    if isinstance(head, nn.Module):
        head = fill_deterministic_(head).to(ctx.device)
        features["output"] = forward_or_error(head, x)
        features["linear_input_shape"] = _linear_input_shape(head, x)
        linear = _first_linear(head)
        features["linear_in_features"] = "no nn.Linear" if linear is None else linear.in_features
    bad = case["bad"]
    features["bad_call"] = observe_call(lambda: fn(tuple(bad["feature_shape"]), bad["num_classes"]))
    return features


# -- train_step --------------------------------------------------------------
# Gradients are recorded for this many steps; later steps only as "not recorded".
_RECORDED_STEPS = 8


class _StepLog:
    """What happened during one training step, as raw data.

    ``order``: the calls, in order, as plain strings ("backward", "step").
    ``step_grads``: for each ``step()``, a copy of every parameter's ``.grad`` (or None).
    ``step_new``: for each ``step()``, the gradient the latest backward pass computed for
    every parameter (or None if none reached it yet).
    """

    def __init__(self, params: list[nn.Parameter]) -> None:
        self.params = params
        self.new: list[torch.Tensor | None] = [None] * len(params)  # last backward's gradients
        self.order: list[str] = []
        self.step_grads: list[list[torch.Tensor | None] | str] = []
        self.step_new: list[list[torch.Tensor | None] | str] = []

    def backward(self, _grad: torch.Tensor) -> None:
        self.order.append("backward")

    def gradient_of(self, index: int):
        def hook(grad: torch.Tensor) -> None:
            self.new[index] = grad.detach().clone()

        return hook

    def step(self) -> None:
        self.order.append("step")
        if len(self.step_grads) >= _RECORDED_STEPS:
            self.step_grads.append("not recorded")
            self.step_new.append("not recorded")
            return
        grads = [None if p.grad is None else p.grad.detach().clone() for p in self.params]
        self.step_grads.append(grads)
        self.step_new.append(list(self.new))


def gradient_state_verdict(grads: Any, new: Any, old: list[torch.Tensor]) -> str:
    """(grader) Which gradient one ``step()`` found in ``.grad``.

    ``grads``: what ``.grad`` held; ``new``: what the latest backward pass computed;
    ``old``: the stale gradients the probe left in ``.grad`` before the call.
    """
    if type(grads) is not list or type(new) is not list:
        return "other gradient"
    if len(grads) != len(old) or len(new) != len(old):
        return "other gradient"
    if any(g is not None and not isinstance(g, torch.Tensor) for g in [*grads, *new]):
        return "other gradient"
    if all(g is None or not bool(g.any()) for g in grads):
        return "no gradient"
    if any(g is None for g in grads):
        return "other gradient"
    if all(n is not None and _same(g, n) for g, n in zip(grads, new)):
        return "new gradient"
    if all(
        n is not None
        and g.shape == n.shape == o.shape
        and bool(torch.allclose(g, o + n, rtol=1e-5, atol=1e-6))
        for g, o, n in zip(grads, old, new)
    ):
        return "old + new gradient"
    if all(_same(g, o) for g, o in zip(grads, old)):
        return "old gradient only"
    return "other gradient"


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and bool(torch.equal(a, b))


def loss_type_verdict(returned: Any) -> str:
    """(grader) The kind of value ``train_step`` returned: ``float`` is what the task asks."""
    if type(returned) is float:
        return "float"
    if isinstance(returned, TensorData):
        return "Tensor"
    return returned if type(returned) is str else type(returned).__name__


def _derive_train_step(raw: Features, case: Case) -> Features:
    return each(
        loss_type=lambda: loss_type_verdict(raw["returned"]),
        events=lambda: _events(raw, case),
    )


def _events(raw: Features, case: Case) -> list[str]:
    """The calls in order, each step with the gradient it found."""
    old = [_stale_gradient(p, i) for i, (_name, p) in enumerate(_built_parameters(case["layers"]))]
    steps = iter(zip(raw["step_grads"], raw["step_new"]))
    events = []
    for call in raw["order"]:
        if call == "step":
            grads, new = next(steps)
            events.append(f"step ({gradient_state_verdict(grads, new, old)})")
        else:
            events.append(call)
    return events


class RecordingSGD:
    """Stands in for ``torch.optim.SGD`` (plain, lr only) and logs each step.

    It answers ``zero_grad(set_to_none=True)`` and ``step()`` like a torch
    optimizer, and has ``param_groups``. (The real one is slow to start.)
    """

    def __init__(self, params, lr: float, log: _StepLog) -> None:
        self.param_groups = [{"params": list(params), "lr": lr}]
        self.state: dict[Any, Any] = {}
        self._log = log

    def zero_grad(self, set_to_none: bool = True) -> None:
        for p in self.param_groups[0]["params"]:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.detach_()
                p.grad.zero_()

    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        self._log.step()
        group = self.param_groups[0]
        for p in group["params"]:
            if p.grad is not None:
                # Through .data, so that a step taken before backward() is observed as
                # such instead of making autograd fail on the changed weights.
                p.data.add_(p.grad.detach(), alpha=-group["lr"])
        return loss


def _stale_gradient(param: torch.Tensor, index: int) -> torch.Tensor:
    """Fixed, non-zero values standing for gradients left over from an earlier step."""
    base = torch.arange(param.numel(), dtype=torch.float64)
    values = torch.cos(base * 0.83 + 0.4 * (index + 1)) * 0.7
    return values.reshape(param.shape).to(dtype=param.dtype, device=param.device)


def _returned_value(value: Any) -> Any:
    """What ``train_step`` returned, as the grader can judge its kind: a number or a
    one-element tensor as it is, anything else by its type's name."""
    if type(value) in (float, int):
        return value
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return value.detach()
    return short_type_name(value)


def _as_number(value: Any) -> float | str:
    if isinstance(value, bool):
        return f"not a number: {short_type_name(value)}"
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu())
    return f"not a number: {short_type_name(value)}"


@SECTION.exercise(
    "train_step",
    returns="float | tensor",
    checks=(
        check("返回更新前的损失值", "returns the loss before the update", "loss"),
        check("返回 Python float", "returns a Python float", "loss_type", weight=0.5),
        # The parameters after the step show the order: stale gradients left in .grad, a
        # step before backward() or grads cleared after it all move them elsewhere.
        check("更新后的参数", "parameters after the step", "params", weight=3),
        check(
            "顺序:清零梯度、反向传播、再更新",
            "order: zero the gradients, backward, then step",
            "events",
            weight=0,
        ),
    ),
    mistakes=(
        MistakeRule("missing-backward", ("order",)),
        MistakeRule("missing-zero-grad", ("events",)),
        MistakeRule("missing-optimizer-step", ("order",)),
        MistakeRule("step-before-backward", ("order",)),
        MistakeRule("zero-grad-after-backward", ("events",)),
        MistakeRule("returns-tensor-loss", ("loss_type",)),
    ),
    derive=_derive_train_step,
    results=("loss", "returned", "params"),
    observations=("order", "step_grads", "step_new"),
)
def probe_train_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """One step on a small MLP with stale gradients already in ``.grad``.

    The log records every backward pass (gradient reaching the model's output)
    and every ``optimizer.step()`` with what ``.grad`` held then and what the
    latest backward pass had computed. Derived in the grader: ``events``, where
    each step says which gradient it found: none, the new one, the new one added
    to the stale one, or only the stale one. ``order`` (not scored) keeps only
    backward/step, so that a missing or misplaced call is named whether or not
    the gradients were also zeroed.
    """
    model = build_layers(case["layers"], ctx.device)
    params = list(model.parameters())
    log = _StepLog(params)
    for i, p in enumerate(params):
        p.grad = _stale_gradient(p, i)
        p.register_hook(log.gradient_of(i))

    def watch_output(_module, _inputs, output):
        if isinstance(output, torch.Tensor) and output.requires_grad:
            output.register_hook(log.backward)

    model.register_forward_hook(watch_output)
    optimizer = RecordingSGD(params, case["lr"], log)
    returned = fn(model, nn.MSELoss(), optimizer, case["x"], case["y"])
    return {
        "loss": _as_number(returned),
        "returned": _returned_value(returned),
        "order": log.order,
        "step_grads": log.step_grads,
        "step_new": log.step_new,
        "params": [p.detach().clone() for p in params],
    }


# -- linear_backward ---------------------------------------------------------
_LINEAR_INPUTS = ("x", "weight", "bias", "grad_output")


@SECTION.exercise(
    "linear_backward",
    returns="(tensor, tensor, tensor)",
    forbids=(
        # The gradients are the exercise: asking autograd for them skips all of it.
        Forbidden(
            "torch.autograd (backward / torch.autograd.grad)",
            (
                "torch.Tensor.backward",
                "torch.autograd.backward",
                "torch.autograd.grad",
                "torch.Tensor.requires_grad_",
                "torch.Tensor.requires_grad.__set__",
            ),
            cost=1.0,
        ),
    ),
    checks=(
        check("对输入的梯度 grad_x", "gradient for the input, grad_x", "grad_x"),
        check("对权重的梯度 grad_weight", "gradient for the weight, grad_weight", "grad_weight"),
        check("对偏置的梯度 grad_bias", "gradient for the bias, grad_bias", "grad_bias"),
    ),
    mistakes=("grad-weight-transposed", "grad-bias-not-summed", "grad-bias-mean"),
    results=("grad_x", "grad_weight", "grad_bias"),
)
def probe_linear_backward(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it without autograd (under ``torch.no_grad()``) and read the three gradients."""
    # Copies: in the grader, the case's tensors are shared by every run of the case.
    inputs = tuple(case[name].detach().clone() for name in _LINEAR_INPUTS)
    with torch.no_grad():
        grad_x, grad_weight, grad_bias = fn(*inputs)
    return {"grad_x": grad_x, "grad_weight": grad_weight, "grad_bias": grad_bias}


# -- numerical_gradient ------------------------------------------------------
@SECTION.exercise(
    "numerical_gradient",
    returns="tensor",
    checks=(check("中心差分梯度", "central-difference gradient", "grad"),),
    mistakes=(MistakeRule("forward-difference", ("grad",)),),
    # x may be perturbed in place and put back; putting it back may round.
    keeps_inputs=KeepsInputs(rtol=1e-12, atol=1e-12),
    results=("grad",),
)
def probe_numerical_gradient(fn, case: Case, ctx: ProbeContext) -> Features:
    """Differentiate a curved function (cubic + quadratic + linear terms) in float64."""
    # A copy: in the grader, the case's tensors are shared by every run of the case.
    x, cubic, linear = case["x"].clone(), case["cubic"], case["linear"]
    square = float(case["square"])

    def f(t: torch.Tensor) -> torch.Tensor:
        return (cubic * t**3).sum() + square * (t * t).sum() + (linear * t).sum()

    return {"grad": fn(f, x, case["eps"])}


# -- quiz: questions (zh and en) in quiz/s22_backprop.yml ---------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s22_backprop.yml")
