"""Section 2.5, convolutional networks: what each exercise's probe observes.

Probes only observe (they run beside the student's code, which may have
patched torch or this package); every judgement is made by each exercise's
``derive``, in the grader's own process, on the raw observations.

Only what the functions return earns points (``results``: returned sizes,
tensors, a built model's outputs with fixed weights); what the probes see of
how it came about (``observations``: the layers of a model and what hooks saw
inside it, the error raised for a bad argument) is shown in checks of weight 0
and names mistakes.

The size functions are called on groups of arguments (ints and non-square
(h, w) pairs, positional and keyword), one group per aspect: defaults, stride
with rounding down, padding, dilation. Each result is recorded as numbers, so
a formula without the floor shows as 4.5 instead of 4, and as it was returned;
``derive`` says whether every result is a tuple of two Python ints.

``build_cnn`` models are run (eval mode, fixed well-scaled weights), never
compared number by number (architectures differ): for several channel counts
and image sizes the probe records the output (or the error), the outputs with
each sample changed in turn and with each input channel changed in turn (the
results), and the classes of the model's modules and what hooks on the leaf
layers saw: the shape of every tensor each layer got and gave, and the layer
running when a forward pass failed (observations). ``derive`` then says
whether each sample's output depends on that sample only, whether every input
channel matters, whether the output is raw scores rather than softmax
probabilities (from the outputs), and whether the model has a convolution and
where a failed forward pass went wrong: a layer that got a tensor without the
batch first, a convolution that got the wrong number of channels, or the
first Linear that got the wrong number of features (from the observations).

``conv2d_manual`` is compared with F.conv2d's values, and also with itself:
its strided output must be every stride-th position of its stride-1 output
(judged in ``derive``). An input changed in place is the watcher's
(``autograder.probing.conduct``): it names ``mutates-input`` and puts the input
back after each call.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from autograder.probing.codec import Opaque, TensorData, type_name
from autograder.probing.probe_tools import observe_call
from autograder.spec import (
    Case,
    Features,
    Forbidden,
    MistakeRule,
    Picture,
    ProbeContext,
    Section,
    check,
    mistake,
)
from autograder.spec.rules import REJECTS_BAD_ARGUMENTS, bad_argument_verdict, each

SECTION = Section("2.5", "s25_cnn")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "conv-size-no-floor",
        zh="步幅大于 1 且除不尽时,结果没有向下取整(例如用 / 得到 14.5,或用 math.ceil 向上取整得到 15)。最后不足一个步长的部分放不下完整的窗口,nn.Conv2d 会把它丢掉,所以输出大小总是整数。",
        en="With a stride above 1 and a division that is not exact, the result is not rounded down (for example / gives 14.5, or math.ceil rounds it up to 15). A window that does not fit in the last partial step is dropped by nn.Conv2d, so the output size is always a whole number.",
        hint_zh="用整除:(H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1,高和宽分别计算,返回 int。",
        hint_en="Use floor division: (H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1, for height and width separately, returning ints.",
    ),
    mistake(
        "padding-counted-once",
        zh="填充只加了一次(H + padding)。padding 是在上下(左右)两侧各补这么多行(列),输入实际变大 2*padding。",
        en="The padding is added only once (H + padding). padding adds that many rows (columns) on both sides, so the input grows by 2*padding.",
        hint_zh="公式里写 H + 2 * padding(宽度方向同理)。",
        hint_en="Write H + 2 * padding in the formula (and likewise for the width).",
    ),
    mistake(
        "dilation-ignored",
        zh="没有考虑膨胀(dilation):膨胀为 d 时,k×k 的卷积核覆盖 d*(k-1)+1 个像素的范围,而不是 k 个。",
        en="The dilation is ignored: with dilation d, a kernel of size k spans d*(k-1)+1 pixels, not k.",
        hint_zh="用有效核大小 dilation*(kernel_size - 1) + 1 代替 kernel_size:(H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1。",
        hint_en="Use the effective kernel size dilation*(kernel_size - 1) + 1 instead of kernel_size: (H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1.",
    ),
    mistake(
        "pool-stride-defaults-to-one",
        zh="没有给出 stride 时按步幅 1 计算了;nn.MaxPool2d 的 stride 默认等于 kernel_size(窗口互不重叠),例如 MaxPool2d(2) 把高和宽减半。",
        en="Without a stride the size is computed with stride 1; nn.MaxPool2d's stride defaults to kernel_size (windows do not overlap), so for example MaxPool2d(2) halves the height and width.",
        hint_zh="if stride is None: stride = kernel_size,然后用与卷积相同的公式(dilation 为 1)。",
        hint_en="if stride is None: stride = kernel_size, then use the same formula as for a convolution (dilation 1).",
    ),
    mistake(
        "hardcoded-flatten-size",
        zh="展平后第一个 Linear 的 in_features 与实际展平得到的特征数不符:它只对某一种图像大小(例如 28×28)成立,换一个大小(奇数、非正方形、8×8)就出错。",
        en="The in_features of the first Linear after flattening does not match the number of flattened features: it only holds for one image size (for example 28×28) and breaks for others (odd, non-square, 8×8).",
        hint_zh="由 image_size 算出每一层之后的高和宽(注意池化向下取整),in_features = 通道数 × 高 × 宽;也可以先用一个假输入 torch.zeros(1, in_channels, H, W) 跑一遍卷积部分量出大小,或用 nn.AdaptiveAvgPool2d / nn.LazyLinear。",
        hint_en="Compute the height and width after each layer from image_size (pooling rounds down); in_features = channels × height × width. Or measure it by running the conv part on a dummy torch.zeros(1, in_channels, H, W), or use nn.AdaptiveAvgPool2d / nn.LazyLinear.",
    ),
    mistake(
        "in-channels-ignored",
        zh="第一个卷积层的输入通道数写死了(例如 1 或 3),没有用参数 in_channels,输入的通道数不同时就会出错。",
        en="The first convolution's number of input channels is hard-coded (for example 1 or 3) instead of using in_channels, so inputs with another channel count fail.",
        hint_zh="第一层写成 nn.Conv2d(in_channels, ...),后面每一层的输入通道数等于前一层的输出通道数。",
        hint_en="Make the first layer nn.Conv2d(in_channels, ...); each later layer's input channels equal the previous layer's output channels.",
    ),
    mistake(
        "kernel-flipped",
        zh="计算的是数学上的卷积(卷积核上下、左右翻转)。F.conv2d 和 nn.Conv2d 计算的是互相关:卷积核不翻转,直接与每个窗口对应位置相乘再求和。",
        en="It computes a true (mathematical) convolution, with the kernel flipped up-down and left-right. F.conv2d and nn.Conv2d compute a cross-correlation: the kernel is not flipped, it is multiplied with each window position by position and summed.",
        hint_zh="输出位置 (i, j) 为 sum(窗口 x_pad[:, :, i*stride + a, j*stride + b] * weight[:, :, a, b]),a、b 从 0 开始递增,不要用 weight.flip 或倒序的下标。",
        hint_en="Output (i, j) is the sum over a, b of x_pad[:, :, i*stride + a, j*stride + b] * weight[:, :, a, b], with a and b counting up from 0: no weight.flip and no reversed indices.",
    ),
    mistake(
        "padding-ignored",
        zh="没有使用 padding:输入没有在四周补零,输出与 padding=0 时相同,比要求的小。",
        en="The padding is not applied: the input is not surrounded by zeros, so the output is the one for padding=0, smaller than asked.",
        hint_zh="先在高和宽的两侧各补 padding 个零(例如 F.pad(x, (padding, padding, padding, padding)),或新建全零张量再把 x 放进中间),再在补零后的输入上滑动窗口。",
        hint_en="First add padding zeros on both sides of the height and width (for example F.pad(x, (padding, padding, padding, padding)), or a zero tensor with x copied into its middle), then slide the window over the padded input.",
    ),
    mistake(
        "stride-ignored",
        zh="窗口每次只移动 1 个像素,没有按 stride 跳步:输出是步幅为 1 时的结果(或它左上角的一块),而不是每隔 stride 个位置取一个。",
        en="The window moves one pixel at a time instead of stride pixels: the output is the stride-1 result (or its top-left corner) instead of every stride-th position.",
        hint_zh="输出大小为 (H + 2*padding - kH) // stride + 1;第 i 行窗口的起点是 i*stride,而不是 i。",
        hint_en="The output height is (H + 2*padding - kH) // stride + 1, and window row i starts at i*stride, not at i.",
    ),
)

# Diagnosis (weight 0): the error a bad argument raised is seen in the student's process.
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
_NOTHING_RETURNED = "no value returned"
_MAX_ITEMS = 8  # a returned value's items sent as they are


def _kind(result: Any) -> str:
    """(derive) What a returned value is: ``tuple of int, int``, ``list of float, float``, ``int``...

    ``result`` is the value as the codec carried it (see ``_as_returned``).
    """
    if isinstance(result, (tuple, list)):
        container = "tuple" if isinstance(result, tuple) else "list"
        return f"{container} of " + ", ".join(_item_kind(v) for v in result)
    return _item_kind(result)


def _item_kind(value: Any) -> str:
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, (torch.Tensor, TensorData)):
        return "Tensor"
    return type(value).__name__


def _as_returned(value: Any) -> Any:
    """A returned value for the codec: a tuple or list one level deep, its items as they are.

    A tuple subclass (``torch.Size``, a named tuple) counts as a tuple. Nested
    containers are cut to empty ones of their kind, so the value stays small.
    """
    if isinstance(value, (tuple, list)):
        if len(value) > _MAX_ITEMS:
            return Opaque(f"{type_name(value)} of {len(value)} items")
        items = [_as_item(v) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    return _as_item(value)


def _as_item(value: Any) -> Any:
    if value is None or type(value) in (bool, int, float):
        return value
    if type(value) in (tuple, list, dict):
        return type(value)()
    if type(value) is torch.Tensor and value.numel() <= _MAX_ITEMS:
        return value.detach().clone()
    return Opaque(type_name(value))


def _size(result: Any) -> Any:
    """An (H, W) result as two floats, so a missing floor shows (4.5) and 4 equals 4.0."""
    if isinstance(result, str) and result.startswith("error: "):
        return result
    if isinstance(result, (tuple, list)) and len(result) == 2:
        values = [_number(v) for v in result]
        if all(v is not None for v in values):
            return values
    return f"not an (H, W) pair: {_kind(result)}"


def _int_tuple(returned: Sequence[Any]) -> str:
    """(derive) ``tuple of int, int`` when every result is one, else what the first other one is.

    Calls that raised are left out: their sizes already show the error. When every call
    raised there is nothing to judge: ``"no value returned"``.
    """
    kinds = [_kind(value) for value in returned if not _raised(value)]
    if not kinds:
        return _NOTHING_RETURNED
    return next((kind for kind in kinds if kind != _INT_PAIR), _INT_PAIR)


def _raised(result: Any) -> bool:
    return isinstance(result, str) and result.startswith("error: ")


def _call_text(function: str, call: Mapping[str, Any]) -> str:
    """How the call reads in Python: ``conv2d_output_size((14, 27), 3, stride=(2, 4))``."""
    parts = [repr(a) for a in call["args"]]
    parts += [f"{k}={v!r}" for k, v in call["kwargs"].items()]
    return f"{function}({', '.join(parts)})"


def _probe_sizes(
    fn: Callable[..., Any], case: Case, groups: Sequence[str], function: str
) -> Features:
    """For each group, {call as written: (H, W) as numbers}; every result as returned; the bad call."""
    features: Features = {}
    returned: list[Any] = []
    for group in groups:
        features[group] = {}
        for call in case[group]:
            result = _call(fn, call)
            returned.append(result if _raised(result) else _as_returned(result))
            features[group][_call_text(function, call)] = _size(result)
    features["returned"] = returned
    bad = case["bad"]
    features["bad_call"] = observe_call(lambda: fn(*bad["args"], **bad["kwargs"]))
    return features


def _derive_sizes(raw: Features, case: Case) -> Features:
    """Whether every result is a tuple of two ints; whether the bad call was refused properly."""
    return each(
        int_tuple=lambda: _int_tuple(raw["returned"]),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    )


@SECTION.exercise(
    "conv2d_output_size",
    returns="(int, int)",
    checks=(
        check("步幅 1、无填充(默认参数)", "stride 1, no padding (the defaults)", "plain"),
        check("步幅大于 1(向下取整)", "stride above 1 (rounding down)", "strided"),
        check("填充", "padding", "padded"),
        check("膨胀(空洞卷积)", "dilation", "dilated"),
        _INT_TUPLE,
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(
        MistakeRule("conv-size-no-floor", ("strided",)),
        MistakeRule("padding-counted-once", ("padded",)),
        MistakeRule("dilation-ignored", ("dilated",)),
    ),
    derive=_derive_sizes,
    results=("plain", "strided", "padded", "dilated", "returned"),
    observations=("bad_call",),
)
def probe_conv2d_output_size(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it on each group of arguments; record the sizes as numbers and as returned."""
    return _probe_sizes(fn, case, ("plain", "strided", "padded", "dilated"), "conv2d_output_size")


@SECTION.exercise(
    "pool2d_output_size",
    returns="(int, int)",
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
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(MistakeRule("pool-stride-defaults-to-one", ("default_stride",)),),
    derive=_derive_sizes,
    results=("default_stride", "given_stride", "padded", "returned"),
    observations=("bad_call",),
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


_AFTER_FIXING = " after the weights were set"
_NO_FAILURE = "no failed first forward pass"
# What the probe reports for each model: its results, then its observations.
_RUN_RESULTS = ("outputs", "sample_changed", "channel_changed")
_RUN_OBSERVATIONS = ("layers", "events", "running", "classes")


def _run_cnn(model: nn.Module, x: torch.Tensor) -> dict[str, Any]:
    """One model on one batch (eval mode), keyed like the exercise's raw features.

    Results: the output with fixed weights (or the error as text), and the outputs
    with each sample, then each input channel, changed in turn. Observations: the
    leaf layers, what the hooks saw, and the layer running when the first pass failed.
    """
    watch = _Watch(model)
    try:
        out = _forward(model, x)  # also sets the sizes of lazy layers
    finally:
        watch.remove()
    run: dict[str, Any] = {
        "layers": watch.describe(),
        "events": watch.events,
        "running": None,
        "sample_changed": [],
        "channel_changed": [],
    }
    if isinstance(out, Exception):
        return {**run, "outputs": _observed(out), "running": watch.running}
    _fix_weights_(model)
    out = _forward(model, x)
    if isinstance(out, Exception):  # it ran before the weights were fixed
        return {**run, "outputs": _observed(out) + _AFTER_FIXING}
    run["outputs"] = _observed(out)
    if isinstance(out, torch.Tensor):
        for j in range(x.shape[0]):
            other = x.clone()
            other[j] = _altered(x[j])
            run["sample_changed"].append(_observed(_forward(model, other)))
        for c in range(x.shape[1]):
            other = x.clone()
            other[:, c] = _altered(x[:, c])
            run["channel_changed"].append(_observed(_forward(model, other)))
    return run


def _run_key(config: Mapping[str, Any], batch: int) -> str:
    """How a model's run is named: ``build_cnn(3, 10, (28, 28)), batch of 4``."""
    size = tuple(config["image_size"])
    return f"build_cnn({config['in_channels']}, {config['num_classes']}, {size}), batch of {batch}"


# -- build_cnn: judged in the grader ---------------------------------------------
def _shape_text(value: Any) -> str:
    """The output's shape; what the probe wrote instead of an output; or what it was."""
    if isinstance(value, torch.Tensor):
        return str(tuple(value.shape))
    if isinstance(value, str) and value.startswith(("error: ", "not a")):
        return value
    return f"not a tensor: {type(value).__name__}"


def _merged(events: Sequence[Any], layers: Sequence[Any], batch: int) -> str | None:
    """The first tensor a layer got or gave without the batch first, described; else None."""
    for index, what, shape in events:
        if shape is not None and (len(shape) < 2 or shape[0] != batch):
            layer = layers[index]["type"]
            return f"{layer} {what} {tuple(shape)}: no batch dimension first"
    return None


def _failure(
    error: str, running: Any, layers: Sequence[Any], merged: str | None
) -> tuple[str, str]:
    """(kind, description) of where a failed forward pass went wrong."""
    if merged is not None:
        return _BATCH_MERGED, f"{error}: {merged}"
    if running is None:
        return "other", error
    index, given = running
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
    if len(changed) != out.shape[0]:
        return _NO_OUTPUT
    for j, other in enumerate(changed):
        rows = _changed(out, other)
        if rows != [j]:
            return f"changing sample {j} changed output rows {rows}"
    return _INDEPENDENT


def _uses_every_channel(out: torch.Tensor, changed: Sequence[Any], channels: int) -> str:
    """Changing input channel c (in every sample) changes the output, for every c."""
    if len(changed) != channels:
        return _NO_OUTPUT
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


def _per_run(raw: Features, case: Case, judge: Callable[..., Any]) -> dict[str, Any]:
    """``judge(output, config, key)`` for each model's output that has the batch first."""
    batch, judged = case["batch"], {}
    for config in case["configs"]:
        key = _run_key(config, batch)
        out = raw["outputs"][key]
        has_batch = isinstance(out, torch.Tensor) and out.dim() >= 1 and out.shape[0] == batch
        judged[key] = judge(out, config, key) if has_batch else _NO_OUTPUT
    return judged


def _right_shape(raw: Features, case: Case) -> bool:
    """Whether every model's output is a tensor of shape (batch, num_classes)."""
    batch = case["batch"]
    return all(
        isinstance(out := raw["outputs"][_run_key(c, batch)], torch.Tensor)
        and tuple(out.shape) == (batch, c["num_classes"])
        for c in case["configs"]
    )


def _problems(raw: Features, case: Case) -> dict[str, tuple[str, str] | None]:
    """(kind, description) of where each model's first forward pass failed, else None."""
    batch, found = case["batch"], {}
    for config in case["configs"]:
        key = _run_key(config, batch)
        out = raw["outputs"][key]
        found[key] = None
        if isinstance(out, str) and out.startswith("error: ") and not out.endswith(_AFTER_FIXING):
            merged = _merged(raw["events"][key], raw["layers"][key], batch)
            error = out.removeprefix("error: ")
            found[key] = _failure(error, raw["running"][key], raw["layers"][key], merged)
    return found


def _derive_build_cnn(raw: Features, case: Case) -> Features:
    """Judge each model's outputs (results), then its layers and hooks (observations)."""
    batch = case["batch"]

    def independent(out: torch.Tensor, config: Mapping[str, Any], key: str) -> str:
        return _batch_independent(out, raw["sample_changed"][key])

    def channels(out: torch.Tensor, config: Mapping[str, Any], key: str) -> str:
        return _uses_every_channel(out, raw["channel_changed"][key], config["in_channels"])

    def merged_anywhere() -> bool:
        return any(
            _merged(raw["events"][key], raw["layers"][key], batch) is not None
            for key in (_run_key(config, batch) for config in case["configs"])
        )

    def problem_kinds() -> set[str]:
        return {found[0] for found in _problems(raw, case).values() if found is not None}

    return each(
        # From the outputs (results).
        shapes=lambda: {
            _run_key(c, batch): _shape_text(raw["outputs"][_run_key(c, batch)])
            for c in case["configs"]
        },
        every_shape_right=lambda: _right_shape(raw, case),
        independent=lambda: _per_run(raw, case, independent),
        channels=lambda: _per_run(raw, case, channels),
        scores=lambda: _per_run(raw, case, lambda out, config, key: _scores(out)),
        # From the layers, the hooks and the bad call (observations).
        has_conv=lambda: all(
            _CONV2D in raw["classes"][_run_key(c, batch)] for c in case["configs"]
        ),
        keeps_batch=lambda: not merged_anywhere(),
        failures=lambda: {
            key: _NO_FAILURE if found is None else found[1]
            for key, found in _problems(raw, case).items()
        },
        linear_size_error=lambda: _LINEAR_SIZE in problem_kinds(),
        conv_channel_error=lambda: _CONV_CHANNELS in problem_kinds(),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    )


@SECTION.exercise(
    "build_cnn",
    picture=Picture("shapes", ("shapes",)),
    returns="module",
    checks=(
        check(
            "各种通道数与图像大小下输出 (N, num_classes)",
            "output (N, num_classes) for each channel count and image size",
            "shapes",
            "every_shape_right",
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
        # Diagnoses: what the model is made of, and where inside it a forward pass failed.
        check("含有卷积层 nn.Conv2d", "has a convolution layer, nn.Conv2d", "has_conv", weight=0),
        check("前向计算出错之处", "where a forward pass fails", "failures", weight=0),
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(
        MistakeRule("hardcoded-flatten-size", ("every_shape_right", "linear_size_error")),
        MistakeRule("in-channels-ignored", ("every_shape_right", "conv_channel_error")),
        MistakeRule("flatten-includes-batch", ("every_shape_right", "keeps_batch")),
    ),
    derive=_derive_build_cnn,
    results=_RUN_RESULTS,
    observations=(*_RUN_OBSERVATIONS, "bad_call"),
)
def probe_build_cnn(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build a model per configuration and run it in eval mode on a small fixed batch.

    The first forward pass (hooks on) records what each layer got and gave and
    sizes lazy layers; then the weights are fixed and the model is run again,
    with one sample at a time changed, then one input channel at a time.
    Runs are keyed by the call, e.g. ``build_cnn(3, 10, (28, 28)), batch of 4``.
    """
    batch = case["batch"]
    features: Features = {name: {} for name in (*_RUN_RESULTS, *_RUN_OBSERVATIONS)}
    for index, config in enumerate(case["configs"]):
        channels, classes = config["in_channels"], config["num_classes"]
        size = tuple(config["image_size"])
        model = fn(channels, classes, size)
        key = _run_key(config, batch)
        if isinstance(model, nn.Module):
            model_classes = _classes(model)
            model = model.to(ctx.device).eval()
            run = _run_cnn(model, _images(batch, channels, size, index, ctx.device))
            run["classes"] = model_classes
        else:
            run = {"outputs": _NOT_A_MODULE, "sample_changed": [], "channel_changed": []}
            run.update(layers=[], events=[], running=None, classes=[])
        for name, value in run.items():
            features[name][key] = value
    bad = case["bad"]
    features["bad_call"] = observe_call(
        lambda: fn(bad["in_channels"], bad["num_classes"], tuple(bad["image_size"]))
    )
    return features


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
    return each(
        stride_positions=lambda: _every_stride_th(raw["strided"], raw["plain"], case["stride"]),
    )


@SECTION.exercise(
    "conv2d_manual",
    returns="tensor",
    forbids=(
        # The sliding window is the exercise (unfold, einsum and slicing are fine).
        Forbidden(
            "F.conv2d / nn.Conv2d",
            (
                "torch.nn.functional.conv1d",
                "torch.nn.functional.conv2d",
                "torch.nn.functional.conv3d",
                "torch.nn.functional.conv_transpose2d",
                "torch.convolution",
                "torch._VariableFunctionsClass._convolution",
                # The kernels, however they are reached (torch.ops.aten, mkldnn, thnn).
                "aten::convolution",
                "aten::_convolution",
                "aten::convolution_overrideable",
                "aten::mkldnn_convolution",
                "aten::_slow_conv2d_forward",
                "aten::slow_conv_dilated2d",
                "aten::slow_conv3d_forward",
                "aten::_nnpack_spatial_convolution",
                "aten::cudnn_convolution",
                "aten::miopen_convolution",
                "aten::mps_convolution",
            ),
            cost=1.0,
        ),
    ),
    checks=(
        check("步幅 1、无填充、带偏置", "stride 1, no padding, with bias", "plain"),
        check("无偏置(bias=None)", "no bias (bias=None)", "no_bias"),
        check("填充", "padding", "padded"),
        check("步幅", "stride", "strided", "stride_positions"),
        check("步幅与填充同时使用", "stride and padding together", "both"),
    ),
    mistakes=(
        MistakeRule("kernel-flipped", ("plain", "no_bias")),
        MistakeRule("padding-ignored", ("padded",)),
        MistakeRule("stride-ignored", ("stride_positions",)),
    ),
    derive=_derive_conv2d_manual,
    results=("plain", "no_bias", "padded", "strided", "both"),
)
def probe_conv2d_manual(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call it with and without bias, padding and stride (keyword and positional)."""
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
    }


# -- quiz: questions (zh and en) in quiz/s25_cnn.yml --------------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s25_cnn.yml")
