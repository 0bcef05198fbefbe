"""Section 2.5, convolutional networks: what each exercise's probe observes.

The size functions are called on groups of arguments (ints and non-square
(h, w) pairs, positional and keyword), one group per aspect: defaults, stride
with rounding down, padding, dilation. Each result is recorded as numbers, so
a formula without the floor shows as 4.5 instead of 4, and separately whether
every result is a tuple of two Python ints.

``build_cnn`` models are run (eval mode, fixed well-scaled weights), never
compared number by number (architectures differ): for several channel counts
and image sizes the probe records the output shape (or the error), whether
each sample's output depends on that sample only, whether every input channel
matters, whether the output is raw scores rather than softmax probabilities,
and whether the model has a convolution. When a forward pass fails, hooks on
the leaf layers say where: a layer that got a tensor without the batch first,
a convolution that got the wrong number of channels, or the first Linear that
got the wrong number of features.

``conv2d_manual`` is compared with F.conv2d's values, and also with itself:
its strided output must be every stride-th position of its stride-1 output.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
from torch import nn

from autograder.engine.spec import Case, Features, MistakeRule, ProbeContext, Section, check
from autograder.harness.probe_tools import raises_value_error, snapshot, unchanged

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
    """``tuple of int, int`` for a tuple of two Python ints; what it is otherwise."""
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


def _int_tuple(results: Sequence[Any]) -> str:
    """``tuple of int, int`` when every result is one, else what the first other one is."""
    for result in results:
        if isinstance(result, str) and result.startswith("error: "):
            continue
        if _kind(result) != _INT_PAIR:
            return _kind(result)
    return _INT_PAIR


def _call_text(function: str, call: Mapping[str, Any]) -> str:
    """How the call reads in Python: ``conv2d_output_size((14, 27), 3, stride=(2, 4))``."""
    parts = [repr(a) for a in call["args"]]
    parts += [f"{k}={v!r}" for k, v in call["kwargs"].items()]
    return f"{function}({', '.join(parts)})"


def _probe_sizes(
    fn: Callable[..., Any], case: Case, groups: Sequence[str], function: str
) -> Features:
    """For each group, {call as written: (H, W) as numbers}; then the result types."""
    features: Features = {}
    results: list[Any] = []
    for group in groups:
        features[group] = {}
        for call in case[group]:
            result = _call(fn, call)
            results.append(result)
            features[group][_call_text(function, call)] = _size(result)
    features["int_tuple"] = _int_tuple(results)
    bad = case["bad"]
    features["bad_argument"] = raises_value_error(
        lambda: fn(*bad["args"], **bad["kwargs"]), bad["value"]
    )
    return features


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

# Where a failed forward pass went wrong (they name mistakes).
_BATCH_MERGED = "batch merged"
_LINEAR_SIZE = "linear input size"
_CONV_CHANNELS = "conv input channels"


def _leaves(model: nn.Module) -> list[nn.Module]:
    return [m for m in model.modules() if not list(m.children())]


def _shape_text(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return str(tuple(value.shape))
    return f"not a tensor: {type(value).__name__}"


class _Watch:
    """Forward hooks on every leaf layer: is the batch kept, and which layer was running."""

    def __init__(self, model: nn.Module, batch: int) -> None:
        self.batch = batch
        self.merged: str | None = None  # the first tensor seen without the batch first
        self.running: tuple[nn.Module, Any] | None = None  # the layer entered and not left
        self.handles = []
        leaves = _leaves(model)
        # The Linear that takes the flattened features: the first one.
        self.first_linear = next((m for m in leaves if isinstance(m, nn.Linear)), None)
        for layer in leaves:
            self.handles.append(layer.register_forward_pre_hook(self._enter))
            self.handles.append(layer.register_forward_hook(self._leave))

    def _keeps_batch(self, layer: nn.Module, value: Any, what: str) -> None:
        if (
            self.merged is None
            and isinstance(value, torch.Tensor)
            and (value.dim() < 2 or value.shape[0] != self.batch)
        ):
            shape = tuple(value.shape)
            self.merged = f"{type(layer).__name__} {what} {shape}: no batch dimension first"

    def _enter(self, layer: nn.Module, args: tuple) -> None:
        first = args[0] if args else None
        self._keeps_batch(layer, first, "got")
        self.running = (layer, first)

    def _leave(self, layer: nn.Module, args: tuple, output: Any) -> None:
        self._keeps_batch(layer, output, "gave")
        self.running = None

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()

    def failure(self, exc: Exception) -> tuple[str, str]:
        """(kind, description) of where a failed forward pass went wrong."""
        error = type(exc).__name__
        layer, given = self.running or (None, None)
        if self.merged is not None:
            return _BATCH_MERGED, f"{error}: {self.merged}"
        if not isinstance(given, torch.Tensor):
            given = None
        if (
            isinstance(layer, nn.Conv2d)
            and given is not None
            and given.dim() == 4
            and given.shape[1] != layer.in_channels
        ):
            return _CONV_CHANNELS, (
                f"{error}: Conv2d(in_channels={layer.in_channels}) got {given.shape[1]} channels"
            )
        if (
            layer is not None
            and layer is self.first_linear
            and given is not None
            and given.dim() >= 1
            and given.shape[-1] != layer.in_features
        ):
            return _LINEAR_SIZE, (
                f"{error}: Linear(in_features={layer.in_features}) got {given.shape[-1]}"
            )
        if layer is not None:
            return "other", f"{error} in {type(layer).__name__}"
        return "other", error


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


def _changed(before: torch.Tensor, after: Any) -> list[int] | None:
    """Which rows (samples) of the output changed (None: the outputs cannot be compared).

    Rows whose input did not change come out bit for bit the same; a changed
    sample moves its row by far more than float32 rounding (at least about 1e-7
    of the output's size, even through several saturating layers).
    """
    if not isinstance(after, torch.Tensor) or after.shape != before.shape:
        return None
    old, new = before.detach().double(), after.detach().double()
    scale = 1.0 + float(old.abs().max()) if old.numel() else 1.0
    diff = (new - old).abs().reshape(old.shape[0], -1).amax(dim=1)
    return (diff > 1e-7 * scale).nonzero().flatten().tolist()


def _altered(x: torch.Tensor) -> torch.Tensor:
    """Different values of the same shape (mirrored, negated, shifted)."""
    return x.flip(-1) * -1.5 + 0.5


def _forward(model: nn.Module, x: torch.Tensor) -> Any:
    try:
        with torch.no_grad():
            return model(x)
    except Exception as exc:
        return exc


def _batch_independent(model: nn.Module, x: torch.Tensor, out: torch.Tensor) -> str:
    """Changing sample j changes output row j and no other row."""
    for j in range(x.shape[0]):
        other = x.clone()
        other[j] = _altered(x[j])
        rows = _changed(out, _forward(model, other))
        if rows != [j]:
            return f"changing sample {j} changed output rows {rows}"
    return _INDEPENDENT


def _uses_every_channel(model: nn.Module, x: torch.Tensor, out: torch.Tensor) -> str:
    """Changing input channel c (in every sample) changes the output, for every c."""
    for c in range(x.shape[1]):
        other = x.clone()
        other[:, c] = _altered(x[:, c])
        if not _changed(out, _forward(model, other)):
            return f"changing input channel {c} does not change the output"
    return _EVERY_CHANNEL


def _scores(out: torch.Tensor) -> str:
    """Raw scores, or softmax probabilities (every row non-negative and summing to 1)."""
    if out.dim() != 2 or not out.is_floating_point():
        return _NO_OUTPUT
    rows = out.detach().double().sum(dim=1)
    if bool((out >= 0).all()) and bool(torch.allclose(rows, torch.ones_like(rows), atol=1e-4)):
        return "probabilities: every row sums to 1"
    return _RAW_SCORES


def _no_output(seen: dict[str, Any], shape: str) -> dict[str, Any]:
    return {
        **seen,
        "shape": shape,
        **dict.fromkeys(("independent", "channels", "scores"), _NO_OUTPUT),
    }


def _run_cnn(model: nn.Module, x: torch.Tensor) -> dict[str, Any]:
    """Observations of one model on one batch (eval mode)."""
    watch = _Watch(model, x.shape[0])
    try:
        out = _forward(model, x)  # also sets the sizes of lazy layers
    finally:
        watch.remove()
    seen = {"merged": watch.merged is not None, "problem": None}
    if isinstance(out, Exception):
        seen["problem"], description = watch.failure(out)
        return _no_output(seen, description)
    _fix_weights_(model)
    out = _forward(model, x)
    if isinstance(out, Exception):  # it ran before the weights were fixed
        return _no_output(seen, f"{type(out).__name__} after the weights were set")
    shape = _shape_text(out)
    if not isinstance(out, torch.Tensor) or out.dim() < 1 or out.shape[0] != x.shape[0]:
        return _no_output(seen, shape)
    return {
        **seen,
        "shape": shape,
        "independent": _batch_independent(model, x, out),
        "channels": _uses_every_channel(model, x, out),
        "scores": _scores(out),
    }


_NOT_A_MODULE_RUN = _no_output({"merged": False, "problem": None}, _NOT_A_MODULE)


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
)
def probe_build_cnn(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build a model per configuration and run it in eval mode on a small fixed batch.

    The first forward pass (hooks on) finds where a failing model breaks and
    sizes lazy layers; then the weights are fixed and the model is run again,
    with one sample at a time changed, then one input channel at a time.
    Results are keyed by the call, e.g. ``build_cnn(3, 10, (28, 28)), batch of 4``.
    """
    batch = case["batch"]
    runs: dict[str, dict[str, Any]] = {}
    has_conv = True
    for index, config in enumerate(case["configs"]):
        channels, classes = config["in_channels"], config["num_classes"]
        size = tuple(config["image_size"])
        model = fn(channels, classes, size)
        key = f"build_cnn({channels}, {classes}, {size}), batch of {batch}"
        if not isinstance(model, nn.Module):
            runs[key] = _NOT_A_MODULE_RUN
            has_conv = False
            continue
        has_conv = has_conv and any(isinstance(m, nn.Conv2d) for m in model.modules())
        model = model.to(ctx.device).eval()
        runs[key] = _run_cnn(model, _images(batch, channels, size, index, ctx.device))
    problems = {run["problem"] for run in runs.values()}
    bad = case["bad"]
    return {
        "shapes": {key: run["shape"] for key, run in runs.items()},
        "independent": {key: run["independent"] for key, run in runs.items()},
        "channels": {key: run["channels"] for key, run in runs.items()},
        "scores": {key: run["scores"] for key, run in runs.items()},
        "has_conv": has_conv,
        "keeps_batch": not any(run["merged"] for run in runs.values()),
        "linear_size_error": _LINEAR_SIZE in problems,
        "conv_channel_error": _CONV_CHANNELS in problems,
        "bad_argument": raises_value_error(
            lambda: fn(bad["in_channels"], bad["num_classes"], tuple(bad["image_size"])),
            bad["value"],
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
    a, b = a.detach().double().cpu(), b.detach().double().cpu()
    return bool(torch.allclose(a, b, rtol=1e-4, atol=1e-5))


def _every_stride_th(strided: Any, dense: Any, stride: int) -> str:
    """Which positions of the same call's stride-1 output the strided output holds.

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
)
def probe_conv2d_manual(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it with and without bias, padding and stride (keyword and positional)."""
    x, weight, bias = case["x"], case["weight"], case["bias"]
    stride, padding = case["stride"], case["padding"]
    before = snapshot(x, weight, bias)
    plain = _output(lambda: fn(x, weight, bias))
    strided = _output(lambda: fn(x, weight, bias, stride=stride))
    both_stride, both_padding = case["both_stride"], case["both_padding"]
    return {
        "plain": plain,
        "no_bias": _output(lambda: fn(x, weight)),
        "padded": _output(lambda: fn(x, weight, bias, padding=padding)),
        "strided": strided,
        "stride_positions": _every_stride_th(strided, plain, stride),
        "both": _output(lambda: fn(x, weight, None, both_stride, both_padding)),
        "pure": unchanged(before, [x, weight, bias]),
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
