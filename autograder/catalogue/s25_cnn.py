"""Section 2.5, convolutional networks: what each exercise's probe observes.

Probes only observe (they run beside the student's code, which may have
patched torch or this package); every judgement is made by each exercise's
``derive``, in the grader's own process, on the raw observations.

The size functions are called on groups of arguments (ints and non-square
(h, w) pairs, positional and keyword), one group per aspect: defaults, stride
with rounding down, padding, dilation. Each result is recorded as numbers, so
a formula without the floor shows as 4.5 instead of 4, together with what type
each result is; ``derive`` says whether every result is a tuple of two Python
ints.

``build_cnn`` models are run (eval mode, fixed well-scaled weights), never
compared number by number (architectures differ): for several channel counts
and image sizes the probe records the output (or the error), the outputs with
each sample changed in turn and with each input channel changed in turn, the
classes of the model's modules, and what hooks on the leaf layers saw (the
shape of every tensor each layer got and gave, and the layer running when a
forward pass failed). ``derive`` then says whether each sample's output
depends on that sample only, whether every input channel matters, whether the
output is raw scores rather than softmax probabilities, whether the model has
a convolution, and where a failed forward pass went wrong: a layer that got a
tensor without the batch first, a convolution that got the wrong number of
channels, or the first Linear that got the wrong number of features.

``conv2d_manual`` is compared with F.conv2d's values, and also with itself:
its strided output must be every stride-th position of its stride-1 output
(judged in ``derive``), and its inputs must be unchanged after the calls.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
from torch import nn

from autograder.engine.judge import bad_argument_verdict, same_tensors
from autograder.engine.spec import Case, Features, MistakeRule, ProbeContext, Section, check
from autograder.harness.probe_tools import observe_call, snapshot

SECTION = Section("2.5", "s25_cnn")

_REJECTS = check("拒绝非法参数", "rejects bad arguments", "bad_argument", weight=0.5)
_INT_TUPLE = check(
    "返回两个 Python int 组成的元组", "returns a tuple of two Python ints", "int_tuple", weight=0.5
)


# -- conv2d_output_size and pool2d_output_size -----------------------------------
def _attempt(call: Callable[[], Any]) -> Any:
    """What ``call()`` returned, or the exception it raised as text ("not attempted" propagates)."""
    try:
        return call()
    except NotImplementedError:
        raise
    except Exception as exc:
        return f"error: {type(exc).__name__}: {str(exc)[:120]}"


def _call(fn: Callable[..., Any], call: Mapping[str, Any]) -> Any:
    """``fn(*args, **kwargs)`` for one call of a case."""
    return _attempt(lambda: fn(*call["args"], **call["kwargs"]))


def _number(value: Any) -> float | None:
    """A real number (int, float, one-element tensor) as a float, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu().item())
    return None


_INT_PAIR = "tuple of int, int"


def _kind(result: Any) -> str:
    """What a result is: ``tuple of int, int``, ``list of float, float``, ``int``..."""
    if isinstance(result, (tuple, list)):
        container = "tuple" if isinstance(result, tuple) else type(result).__name__
        return f"{container} of " + ", ".join(type(v).__name__ for v in result)
    return type(result).__name__


def _size(result: Any) -> Any:
    """An (H, W) result as two floats, so a missing floor shows (4.5) and 4 equals 4.0."""
    if isinstance(result, str) and result.startswith("error: "):
        return result
    if isinstance(result, (tuple, list)) and len(result) == 2:
        values = [_number(v) for v in result]
        if all(v is not None for v in values):
            return values
    return f"not an (H, W) pair: {_kind(result)}"


def _int_tuple(kinds: Sequence[str | None]) -> str:
    """(derive) ``tuple of int, int`` when every result is one, else what the first other one is.

    Calls that raised (kind None) are left out: their sizes already show the error.
    """
    return next((kind for kind in kinds if kind is not None and kind != _INT_PAIR), _INT_PAIR)


def _call_text(function: str, call: Mapping[str, Any]) -> str:
    """How the call reads in Python: ``conv2d_output_size((14, 27), 3, stride=(2, 4))``."""
    parts = [repr(a) for a in call["args"]]
    parts += [f"{k}={v!r}" for k, v in call["kwargs"].items()]
    return f"{function}({', '.join(parts)})"


def _probe_sizes(
    fn: Callable[..., Any], case: Case, groups: Sequence[str], function: str
) -> Features:
    """For each group, {call as written: (H, W) as numbers}; what each result is; the bad call."""
    features: Features = {}
    kinds: list[str | None] = []
    for group in groups:
        features[group] = {}
        for call in case[group]:
            result = _call(fn, call)
            failed = isinstance(result, str) and result.startswith("error: ")
            kinds.append(None if failed else _kind(result))
            features[group][_call_text(function, call)] = _size(result)
    features["result_kinds"] = kinds
    bad = case["bad"]
    features["bad_call"] = observe_call(lambda: fn(*bad["args"], **bad["kwargs"]))
    return features


def _derive_sizes(raw: Features, case: Case) -> Features:
    """Whether every result is a tuple of two ints; whether the bad call was refused properly."""
    return {
        "int_tuple": _int_tuple(raw["result_kinds"]),
        "bad_argument": bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    }


@SECTION.exercise(
    "conv2d_output_size",
    checks=(
        check("步幅 1、无填充(默认参数)", "stride 1, no padding (the defaults)", "plain"),
        check("步幅大于 1(向下取整)", "stride above 1 (rounding down)", "strided"),
        check("填充", "padding", "padded"),
        check("膨胀(空洞卷积)", "dilation", "dilated"),
        _INT_TUPLE,
        _REJECTS,
    ),
    mistakes=(
        MistakeRule("conv-size-no-floor", ("strided",)),
        MistakeRule("padding-counted-once", ("padded",)),
        MistakeRule("dilation-ignored", ("dilated",)),
    ),
    derive=_derive_sizes,
)
def probe_conv2d_output_size(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it on each group of arguments; record the sizes as numbers and their types."""
    return _probe_sizes(fn, case, ("plain", "strided", "padded", "dilated"), "conv2d_output_size")


@SECTION.exercise(
    "pool2d_output_size",
    checks=(
        check(
            "默认步幅(等于池化窗口大小)",
            "default stride (the kernel size)",
            "default_stride",
            weight=1.5,
        ),
        check("指定步幅(向下取整)", "given stride (rounding down)", "given_stride"),
        check("填充", "padding", "padded"),
        _INT_TUPLE,
        _REJECTS,
    ),
    mistakes=(MistakeRule("pool-stride-defaults-to-one", ("default_stride",)),),
    derive=_derive_sizes,
)
def probe_pool2d_output_size(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it without a stride (and with stride=None), with one, and with padding."""
    groups = ("default_stride", "given_stride", "padded")
    return _probe_sizes(fn, case, groups, "pool2d_output_size")


# -- build_cnn -------------------------------------------------------------------
_NOT_A_MODULE = "not an nn.Module"
_NO_OUTPUT = "no output"
_INDEPENDENT = "changing sample j changes output row j only"
_EVERY_CHANNEL = "changing any input channel changes the output"
_RAW_SCORES = "raw scores (logits)"
_CONV2D = "torch.nn.modules.conv.Conv2d"

# Where a failed forward pass went wrong (they name mistakes).
_BATCH_MERGED = "batch merged"
_LINEAR_SIZE = "linear input size"
_CONV_CHANNELS = "conv input channels"

_MAX_EVENTS = (
    1000  # tensors seen by the hooks, kept in order (a CNN's forward pass sees a few dozen)
)


def _leaves(model: nn.Module) -> list[nn.Module]:
    return [m for m in model.modules() if not list(m.children())]


def _shape_of(value: Any) -> list[int] | None:
    """The shape of a tensor; None for anything else."""
    return list(value.shape) if isinstance(value, torch.Tensor) else None


def _classes(model: nn.Module) -> list[str]:
    """Every class (``module.QualName``) that one of the model's modules is an instance of."""
    return sorted(
        {f"{c.__module__}.{c.__qualname__}" for m in model.modules() for c in type(m).__mro__}
    )


class _Watch:
    """Forward hooks on every leaf layer, recording what each got and gave.

    ``events``: ``[leaf index, "got" or "gave", shape (None for a non-tensor)]``
    in order; ``running``: ``[leaf index, shape]`` of the layer entered and not
    left (where a failing forward pass stopped), or None.
    """

    def __init__(self, model: nn.Module) -> None:
        self.layers = _leaves(model)
        self.events: list[list[Any]] = []
        self.running: list[Any] | None = None
        self.handles = []
        for index, layer in enumerate(self.layers):
            self.handles.append(layer.register_forward_pre_hook(self._enter(index)))
            self.handles.append(layer.register_forward_hook(self._leave(index)))

    def _record(self, index: int, what: str, value: Any) -> list[int] | None:
        shape = _shape_of(value)
        if len(self.events) < _MAX_EVENTS:
            self.events.append([index, what, shape])
        return shape

    def _enter(self, index: int) -> Callable[..., None]:
        def hook(layer: nn.Module, args: tuple) -> None:
            self.running = [index, self._record(index, "got", args[0] if args else None)]

        return hook

    def _leave(self, index: int) -> Callable[..., None]:
        def hook(layer: nn.Module, args: tuple, output: Any) -> None:
            self._record(index, "gave", output)
            self.running = None

        return hook

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()

    def describe(self) -> list[dict[str, Any]]:
        """Each leaf layer's type, and the input size it takes if it is a Conv2d or a Linear."""
        return [
            {
                "type": type(layer).__name__,
                "conv_in_channels": layer.in_channels if isinstance(layer, nn.Conv2d) else None,
                "linear_in_features": layer.in_features if isinstance(layer, nn.Linear) else None,
            }
            for layer in self.layers
        ]


_NORMS = (
    nn.BatchNorm1d,
    nn.BatchNorm2d,
    nn.BatchNorm3d,
    nn.SyncBatchNorm,
    nn.InstanceNorm1d,
    nn.InstanceNorm2d,
    nn.InstanceNorm3d,
    nn.LayerNorm,
    nn.GroupNorm,
)


def _fix_weights_(model: nn.Module) -> None:
    """Fixed, well-scaled weights, so that every model gives the same observations each run.

    Normalisation layers get their initial state back (weight 1, bias 0, running
    mean 0 and variance 1); every other weight gets fixed values spread like He
    initialisation for its true fan-in (C_in·kH·kW for a convolution), so that
    signals neither vanish nor blow up with depth, and units are not all dead at
    once; biases get small fixed values. Parameters never sized (unused lazy
    layers) are left alone. (``fill_deterministic_`` scales by the last
    dimension only, which makes deep convolutional stacks lose the signal.)
    """
    norms = [m for m in model.modules() if isinstance(m, _NORMS)]
    skip = set()
    for norm in norms:
        norm.reset_parameters()
        skip.update(id(p) for p in norm.parameters(recurse=False))
    with torch.no_grad():
        for index, param in enumerate(model.parameters()):
            if id(param) in skip or isinstance(param, nn.parameter.UninitializedParameter):
                continue
            n = param.numel()
            base = torch.arange(n, dtype=torch.float64)
            # A hash of the position: values spread evenly over [-1, 1), without the
            # resemblance of neighbouring rows that a plain sine pattern has.
            hashed = torch.sin(base * 12.9898 + 78.233 * (index + 1)) * 43758.5453
            pattern = 2 * (hashed - hashed.floor()) - 1
            fan_in = n // param.shape[0] if param.dim() >= 2 and n else 0
            scale = (6.0 / fan_in) ** 0.5 if fan_in else 0.1
            param.copy_((pattern * scale).reshape(param.shape).to(param.dtype))


def _images(batch: int, channels: int, size: Sequence[int], index: int, device) -> torch.Tensor:
    """A fixed batch of images in [-1, 1] that differs from sample to sample and channel to channel."""
    n = batch * channels * size[0] * size[1]
    base = torch.arange(n, dtype=torch.float64)
    values = torch.sin(base * 0.731 + 1.3 * (index + 1)) * torch.cos(base * 0.0917 + 0.5)
    return values.reshape(batch, channels, *size).to(device=device, dtype=torch.float32)


def _altered(x: torch.Tensor) -> torch.Tensor:
    """Different values of the same shape (mirrored, negated, shifted)."""
    return x.flip(-1) * -1.5 + 0.5


def _forward(model: nn.Module, x: torch.Tensor) -> Any:
    try:
        with torch.no_grad():
            return model(x)
    except Exception as exc:
        return exc


def _observed(value: Any) -> Any:
    """A forward pass's result as observed: a copy of the tensor, or what else it was."""
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, Exception):
        return f"error: {type(value).__name__}"
    return f"not a tensor: {type(value).__name__}"


def _run_cnn(model: nn.Module, x: torch.Tensor) -> dict[str, Any]:
    """Observations of one model on one batch (eval mode); judged by ``_judge_run``."""
    watch = _Watch(model)
    try:
        out = _forward(model, x)  # also sets the sizes of lazy layers
    finally:
        watch.remove()
    run: dict[str, Any] = {"layers": watch.describe(), "events": watch.events}
    if isinstance(out, Exception):
        return {**run, "error": type(out).__name__, "running": watch.running}
    _fix_weights_(model)
    out = _forward(model, x)
    if isinstance(out, Exception):  # it ran before the weights were fixed
        return {**run, "error_after_fixing": type(out).__name__}
    run["output"] = _observed(out)
    if isinstance(out, torch.Tensor):
        samples, channels = [], []
        for j in range(x.shape[0]):
            other = x.clone()
            other[j] = _altered(x[j])
            samples.append(_observed(_forward(model, other)))
        for c in range(x.shape[1]):
            other = x.clone()
            other[:, c] = _altered(x[:, c])
            channels.append(_observed(_forward(model, other)))
        run["sample_changed"] = samples
        run["channel_changed"] = channels
    return run


# -- build_cnn: judged in the grader ---------------------------------------------
def _shape_text(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return str(tuple(value.shape))
    return value if isinstance(value, str) else f"not a tensor: {type(value).__name__}"


def _merged(run: Mapping[str, Any], batch: int) -> str | None:
    """The first tensor a layer got or gave without the batch first, described; else None."""
    for index, what, shape in run["events"]:
        if shape is not None and (len(shape) < 2 or shape[0] != batch):
            layer = run["layers"][index]["type"]
            return f"{layer} {what} {tuple(shape)}: no batch dimension first"
    return None


def _failure(run: Mapping[str, Any], merged: str | None) -> tuple[str, str]:
    """(kind, description) of where a failed forward pass went wrong."""
    error = run["error"]
    if merged is not None:
        return _BATCH_MERGED, f"{error}: {merged}"
    if run["running"] is None:
        return "other", error
    index, given = run["running"]
    layers = run["layers"]
    layer = layers[index]
    in_channels = layer["conv_in_channels"]
    if (
        in_channels is not None
        and given is not None
        and len(given) == 4
        and given[1] != in_channels
    ):
        return _CONV_CHANNELS, f"{error}: Conv2d(in_channels={in_channels}) got {given[1]} channels"
    # The Linear that takes the flattened features: the first one.
    first_linear = next(
        (i for i, other in enumerate(layers) if other["linear_in_features"] is not None), None
    )
    in_features = layer["linear_in_features"]
    if index == first_linear and given and given[-1] != in_features:
        return _LINEAR_SIZE, f"{error}: Linear(in_features={in_features}) got {given[-1]}"
    return "other", f"{error} in {layer['type']}"


def _changed(before: torch.Tensor, after: Any) -> list[int] | None:
    """Which rows (samples) of the output changed (None: the outputs cannot be compared).

    Rows whose input did not change come out bit for bit the same; a changed
    sample moves its row by far more than float32 rounding (at least about 1e-7
    of the output's size, even through several saturating layers).
    """
    if not isinstance(after, torch.Tensor) or after.shape != before.shape:
        return None
    old, new = before.double(), after.double()
    scale = 1.0 + float(old.abs().max()) if old.numel() else 1.0
    diff = (new - old).abs().reshape(old.shape[0], -1).amax(dim=1)
    return (diff > 1e-7 * scale).nonzero().flatten().tolist()


def _batch_independent(out: torch.Tensor, changed: Sequence[Any]) -> str:
    """Changing sample j changes output row j and no other row."""
    for j, other in enumerate(changed):
        rows = _changed(out, other)
        if rows != [j]:
            return f"changing sample {j} changed output rows {rows}"
    return _INDEPENDENT


def _uses_every_channel(out: torch.Tensor, changed: Sequence[Any]) -> str:
    """Changing input channel c (in every sample) changes the output, for every c."""
    for c, other in enumerate(changed):
        if not _changed(out, other):
            return f"changing input channel {c} does not change the output"
    return _EVERY_CHANNEL


def _scores(out: torch.Tensor) -> str:
    """Raw scores, or softmax probabilities (every row non-negative and summing to 1)."""
    if out.dim() != 2 or not out.is_floating_point():
        return _NO_OUTPUT
    rows = out.double().sum(dim=1)
    if bool((out >= 0).all()) and bool(torch.allclose(rows, torch.ones_like(rows), atol=1e-4)):
        return "probabilities: every row sums to 1"
    return _RAW_SCORES


def _no_output(shape: str, merged: bool = False, problem: str | None = None) -> dict[str, Any]:
    return {
        "merged": merged,
        "problem": problem,
        "shape": shape,
        **dict.fromkeys(("independent", "channels", "scores"), _NO_OUTPUT),
    }


def _judge_run(run: Mapping[str, Any], batch: int) -> dict[str, Any]:
    """What one model's observations say: output shape, independence, channels, scores."""
    if "not_a_module" in run:
        return _no_output(_NOT_A_MODULE)
    merged = _merged(run, batch)
    if "error" in run:
        problem, description = _failure(run, merged)
        return _no_output(description, merged is not None, problem)
    if "error_after_fixing" in run:
        return _no_output(
            f"{run['error_after_fixing']} after the weights were set", merged is not None
        )
    out = run["output"]
    shape = _shape_text(out)
    if not isinstance(out, torch.Tensor) or out.dim() < 1 or out.shape[0] != batch:
        return _no_output(shape, merged is not None)
    return {
        "merged": merged is not None,
        "problem": None,
        "shape": shape,
        "independent": _batch_independent(out, run["sample_changed"]),
        "channels": _uses_every_channel(out, run["channel_changed"]),
        "scores": _scores(out),
    }


def _derive_build_cnn(raw: Features, case: Case) -> Features:
    """Judge each model's run; a model without a convolution, or no model, has no conv."""
    runs = {key: _judge_run(run, case["batch"]) for key, run in raw["runs"].items()}
    problems = {run["problem"] for run in runs.values()}
    return {
        "shapes": {key: run["shape"] for key, run in runs.items()},
        "independent": {key: run["independent"] for key, run in runs.items()},
        "channels": {key: run["channels"] for key, run in runs.items()},
        "scores": {key: run["scores"] for key, run in runs.items()},
        "has_conv": all(
            "not_a_module" not in run and _CONV2D in run["classes"] for run in raw["runs"].values()
        ),
        "keeps_batch": not any(run["merged"] for run in runs.values()),
        "linear_size_error": _LINEAR_SIZE in problems,
        "conv_channel_error": _CONV_CHANNELS in problems,
        "bad_argument": bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    }


@SECTION.exercise(
    "build_cnn",
    checks=(
        check(
            "各种通道数与图像大小下输出 (N, num_classes)",
            "output (N, num_classes) for each channel count and image size",
            "shapes",
            weight=2,
        ),
        check(
            "每个样本的输出只取决于它自己",
            "each sample's output depends on that sample only",
            "independent",
        ),
        check("输出用到每个输入通道", "the output uses every input channel", "channels"),
        check(
            "输出原始得分(最后不做 softmax)",
            "returns raw scores (no softmax at the end)",
            "scores",
            weight=0.5,
        ),
        check("含有卷积层 nn.Conv2d", "has a convolution layer, nn.Conv2d", "has_conv"),
        _REJECTS,
    ),
    mistakes=(
        MistakeRule("hardcoded-flatten-size", ("linear_size_error",)),
        MistakeRule("in-channels-ignored", ("conv_channel_error",)),
        MistakeRule("flatten-includes-batch", ("keeps_batch",)),
    ),
    derive=_derive_build_cnn,
)
def probe_build_cnn(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build a model per configuration and run it in eval mode on a small fixed batch.

    The first forward pass (hooks on) records what each layer got and gave and
    sizes lazy layers; then the weights are fixed and the model is run again,
    with one sample at a time changed, then one input channel at a time.
    Runs are keyed by the call, e.g. ``build_cnn(3, 10, (28, 28)), batch of 4``.
    """
    batch = case["batch"]
    runs: dict[str, dict[str, Any]] = {}
    for index, config in enumerate(case["configs"]):
        channels, classes = config["in_channels"], config["num_classes"]
        size = tuple(config["image_size"])
        model = fn(channels, classes, size)
        key = f"build_cnn({channels}, {classes}, {size}), batch of {batch}"
        if not isinstance(model, nn.Module):
            runs[key] = {"not_a_module": type(model).__name__}
            continue
        model_classes = _classes(model)
        model = model.to(ctx.device).eval()
        run = _run_cnn(model, _images(batch, channels, size, index, ctx.device))
        runs[key] = {**run, "classes": model_classes}
    bad = case["bad"]
    return {
        "runs": runs,
        "bad_call": observe_call(
            lambda: fn(bad["in_channels"], bad["num_classes"], tuple(bad["image_size"]))
        ),
    }


# -- conv2d_manual ---------------------------------------------------------------
def _output(call: Callable[[], Any]) -> Any:
    """The returned tensor, copied; an error as text; anything else as it is."""
    value = _attempt(call)
    return value.detach().clone() if isinstance(value, torch.Tensor) else value


def _same_values(a: torch.Tensor, b: torch.Tensor) -> bool:
    if a.shape != b.shape:
        return False
    return bool(torch.allclose(a.double(), b.double(), rtol=1e-4, atol=1e-5))


def _every_stride_th(strided: Any, dense: Any, stride: int) -> str:
    """(derive) Which positions of the same call's stride-1 output the strided output holds.

    Right: every stride-th one. Moving the window by 1 instead of by the stride
    gives the first ones (all of them when the output size ignores the stride too).
    """
    if not (isinstance(strided, torch.Tensor) and isinstance(dense, torch.Tensor)):
        return _NO_OUTPUT
    if strided.dim() != 4 or dense.dim() != 4:
        return "not (N, C_out, H_out, W_out)"
    if _same_values(dense[:, :, ::stride, ::stride], strided):
        return "every stride-th position"
    h, w = strided.shape[-2:]
    if _same_values(dense[:, :, :h, :w], strided):
        return "consecutive positions"
    return "other positions"


def _derive_conv2d_manual(raw: Features, case: Case) -> Features:
    return {
        "stride_positions": _every_stride_th(raw["strided"], raw["plain"], case["stride"]),
        "pure": same_tensors(raw["inputs_after"], [case["x"], case["weight"], case["bias"]]),
    }


@SECTION.exercise(
    "conv2d_manual",
    checks=(
        check("步幅 1、无填充、带偏置", "stride 1, no padding, with bias", "plain"),
        check("无偏置(bias=None)", "no bias (bias=None)", "no_bias"),
        check("填充", "padding", "padded"),
        check("步幅", "stride", "strided", "stride_positions"),
        check("步幅与填充同时使用", "stride and padding together", "both"),
        check("不修改输入", "leaves its inputs unchanged", "pure", weight=0.5),
    ),
    mistakes=(
        MistakeRule("kernel-flipped", ("plain", "no_bias")),
        MistakeRule("padding-ignored", ("padded",)),
        MistakeRule("stride-ignored", ("stride_positions",)),
    ),
    derive=_derive_conv2d_manual,
)
def probe_conv2d_manual(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it with and without bias, padding and stride (keyword and positional).

    Copies of x, weight and bias are taken after all the calls; ``derive``
    compares them with the case's.
    """
    x, weight, bias = case["x"], case["weight"], case["bias"]
    stride, padding = case["stride"], case["padding"]
    both_stride, both_padding = case["both_stride"], case["both_padding"]
    plain = _output(lambda: fn(x, weight, bias))
    strided = _output(lambda: fn(x, weight, bias, stride=stride))
    return {
        "plain": plain,
        "no_bias": _output(lambda: fn(x, weight)),
        "padded": _output(lambda: fn(x, weight, bias, padding=padding)),
        "strided": strided,
        "both": _output(lambda: fn(x, weight, None, both_stride, both_padding)),
        "inputs_after": snapshot(x, weight, bias),
    }


# -- quiz ------------------------------------------------------------------------
SECTION.quiz(
    "q1",
    kind="numeric",
    prompt=(
        "输入特征图为 32×32,经过 nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=1)。输出特征图的高度是多少?",
        "A 32×32 feature map goes through nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=1). What is the height of the output feature map?",
    ),
)
SECTION.quiz(
    "q2",
    kind="numeric",
    prompt=(
        "nn.Conv2d(16, 32, kernel_size=3)(默认带偏置)一共有多少个可训练的标量参数?",
        "How many trainable scalar parameters does nn.Conv2d(16, 32, kernel_size=3) have (with its default bias)?",
    ),
)
SECTION.quiz(
    "q3",
    kind="single",
    prompt=(
        "形状为 (N, 16, 10, 10) 的张量经过 nn.MaxPool2d(2)。下面哪一项正确?",
        "A tensor of shape (N, 16, 10, 10) goes through nn.MaxPool2d(2). Which statement is correct?",
    ),
    choices=(
        (
            "输出形状为 (N, 16, 5, 5);这一层没有可学习的参数",
            "The output has shape (N, 16, 5, 5); the layer has no learnable parameters",
        ),
        (
            "输出形状为 (N, 8, 10, 10):池化把通道数减半",
            "The output has shape (N, 8, 10, 10): pooling halves the number of channels",
        ),
        (
            "输出形状为 (N, 16, 5, 5);这一层有 16×2×2 个可学习的权重",
            "The output has shape (N, 16, 5, 5); the layer has 16×2×2 learnable weights",
        ),
        (
            "输出形状为 (N, 16, 9, 9),因为步幅默认为 1",
            "The output has shape (N, 16, 9, 9), because the stride defaults to 1",
        ),
    ),
)
SECTION.quiz(
    "q4",
    kind="numeric",
    prompt=(
        "输入 (N, 3, 32, 32) 依次经过 Conv2d(3, 8, 3, padding=1) → ReLU → MaxPool2d(2) → Conv2d(8, 16, 3) → ReLU → MaxPool2d(2) → Flatten()。紧接着的 nn.Linear 的 in_features 应该是多少?",
        "An input of shape (N, 3, 32, 32) goes through Conv2d(3, 8, 3, padding=1) → ReLU → MaxPool2d(2) → Conv2d(8, 16, 3) → ReLU → MaxPool2d(2) → Flatten(). What must the in_features of the nn.Linear that follows be?",
    ),
)
SECTION.quiz(
    "q5",
    kind="multiple",
    prompt=(
        "关于卷积神经网络,哪些说法正确?(可能有多个正确答案)",
        "Which statements about convolutional networks are true? (Several may be right.)",
    ),
    choices=(
        (
            "两个 3×3 卷积(步幅 1)叠在一起,第二层的每个输出看到输入中 5×5 的区域(感受野)",
            "With two stacked 3×3 convolutions (stride 1), each output of the second one sees a 5×5 region of the input (its receptive field)",
        ),
        (
            "卷积层的参数个数随输入图像变大而增加",
            "A convolution layer has more parameters when the input images are larger",
        ),
        (
            "nn.Conv2d 计算的是互相关:卷积核不翻转,直接与每个窗口逐元素相乘再求和",
            "nn.Conv2d computes a cross-correlation: the kernel is not flipped, it is multiplied with each window element by element and summed",
        ),
        (
            "最大池化层有可学习的权重,训练时会更新",
            "A max-pooling layer has learnable weights that training updates",
        ),
        (
            "输出通道数等于卷积核(滤波器)的个数,每个卷积核覆盖全部输入通道",
            "The number of output channels is the number of kernels (filters), and each kernel spans all input channels",
        ),
    ),
)
