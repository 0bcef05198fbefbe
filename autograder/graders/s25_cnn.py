"""Hidden grader for section 2.5: cases and mutants."""

from __future__ import annotations

import math
from pathlib import Path

import torch.nn.functional as F
from torch import nn

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.5")


def _pair(value):
    return (value[0], value[1]) if isinstance(value, (tuple, list)) else (value, value)


def _check_arguments(size, kernel_size, stride, padding, dilation=1):
    """The reference's argument checks, so that mutants reject the same bad arguments."""
    for name, value, least in (
        ("size", size, 1),
        ("kernel_size", kernel_size, 1),
        ("stride", stride, 1),
        ("padding", padding, 0),
        ("dilation", dilation, 1),
    ):
        for v in _pair(value):
            if v < least:
                raise ValueError(f"{name} must be at least {least}, got {v}")


def _size_formula(size, kernel_size, stride, padding, dilation, per_dim):
    _check_arguments(size, kernel_size, stride, padding, dilation)
    dims = zip(*(_pair(v) for v in (size, kernel_size, stride, padding, dilation)))
    out = [per_dim(n, k, s, p, d) for n, k, s, p, d in dims]
    return out[0], out[1]


# -- conv2d_output_size --------------------------------------------------------
def _conv_size_rounded(rounding):
    """The conv output size with ``rounding`` in place of the floor of the division."""

    def conv_size(size, kernel_size, stride=1, padding=0, dilation=1):
        return _size_formula(
            size,
            kernel_size,
            stride,
            padding,
            dilation,
            lambda n, k, s, p, d: rounding((n + 2 * p - d * (k - 1) - 1) / s) + 1,
        )

    return conv_size


# "conv-size-no-floor" either way: a true division left as it is, or rounded up.
_conv_size_no_floor = _conv_size_rounded(lambda q: q)
_conv_size_ceil = _conv_size_rounded(math.ceil)


def _padding_counted_once(size, kernel_size, stride=1, padding=0, dilation=1):
    return _size_formula(
        size,
        kernel_size,
        stride,
        padding,
        dilation,
        lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1,
    )


def _dilation_ignored(size, kernel_size, stride=1, padding=0, dilation=1):
    return _size_formula(
        size, kernel_size, stride, padding, dilation, lambda n, k, s, p, d: (n + 2 * p - k) // s + 1
    )


def _maybe_square(rng: Rng, pair: tuple[int, int]) -> int | tuple[int, int]:
    """The pair, or (sometimes) its first value as a plain int."""
    return pair[0] if rng.int(0, 2) == 0 else pair


def _call(*args, **kwargs) -> dict:
    return {"args": list(args), "kwargs": kwargs}


def _floor_matters(sizes, kernels, strides) -> bool:
    return any((n - k) % s for n, k, s in zip(sizes, kernels, strides))


def _bad_call(rng: Rng, sizes, kernels, names: tuple[str, ...]) -> dict:
    """A call with one negative argument, and that value."""
    value = -rng.int(2, 9)
    name = rng.choice(names)
    if name == "size":
        call = _call((sizes[0], value), kernels)
    elif name == "kernel_size":
        call = _call(sizes, (value, kernels[1]))
    else:
        call = _call(sizes, kernels, **{name: value})
    return {**call, "value": value}


@GRADERS.cases(
    "conv2d_output_size",
    mutants={
        "conv-size-no-floor": (_conv_size_no_floor, _conv_size_ceil),
        "padding-counted-once": _padding_counted_once,
        "dilation-ignored": _dilation_ignored,
    },
    edge_cases=(
        lambda: {
            "plain": [_call(28, 5), _call((5, 7), (5, 1))],
            "strided": [_call(32, 3, stride=2), _call((7, 10), (2, 3), (2, 4))],
            "padded": [_call(32, 3, padding=1), _call((9, 6), 3, 2, (1, 2))],
            "dilated": [_call(10, 3, dilation=2), _call((11, 12), (3, 2), 1, (2, 0), (4, 1))],
            "bad": {**_call(28, 5, stride=-1), "value": -1},
        },
    ),
)
def conv2d_output_size_cases(rng: Rng) -> Case:
    sizes, kernels, strides = (14, 14), (2, 2), (2, 2)
    while not _floor_matters(sizes, kernels, strides):  # the floor must matter
        sizes = tuple(rng.distinct(2, 14, 40))
        kernels = tuple(rng.distinct(2, 2, 5))
        strides = tuple(rng.distinct(2, 2, 4))
    paddings = tuple(rng.distinct(2, 1, 3))
    dilations = tuple(rng.distinct(2, 1, 3))
    square, k, s = sizes[0], kernels[0], rng.int(2, 4)
    while (square - k) % s == 0:
        square += 1
    return {
        "plain": [_call(sizes, kernels), _call(square, k), _call(sizes, k)],
        "strided": [_call(sizes, kernels, stride=strides), _call(square, k, s)],
        "padded": [
            _call(sizes, kernels, padding=paddings),
            _call(sizes, _maybe_square(rng, kernels), strides, paddings[0]),
        ],
        "dilated": [
            _call(sizes, kernels, dilation=dilations),
            _call(sizes, kernels, _maybe_square(rng, strides), paddings, dilations),
        ],
        "bad": _bad_call(rng, sizes, kernels, ("size", "kernel_size", "stride", "padding")),
    }


# -- pool2d_output_size --------------------------------------------------------
def _pool_stride_defaults_to_one(size, kernel_size, stride=None, padding=0):
    return _size_formula(
        size,
        kernel_size,
        1 if stride is None else stride,
        padding,
        1,
        lambda n, k, s, p, d: (n + 2 * p - k) // s + 1,
    )


@GRADERS.cases(
    "pool2d_output_size",
    mutants={"pool-stride-defaults-to-one": _pool_stride_defaults_to_one},
    edge_cases=(
        lambda: {
            "default_stride": [_call(28, 2), _call((7, 9), (2, 3)), _call(5, 5, stride=None)],
            "given_stride": [_call(32, 3, 2), _call((10, 7), 2, (1, 3))],
            "padded": [_call(7, 3, padding=1), _call((8, 11), (4, 2), 2, (2, 1))],
            "bad": {**_call(28, 2, padding=-1), "value": -1},
        },
    ),
)
def pool2d_output_size_cases(rng: Rng) -> Case:
    sizes, kernels, strides = (9, 9), (2, 2), (1, 1)
    while not _floor_matters(sizes, kernels, strides):  # the floor must matter
        sizes = tuple(rng.distinct(2, 9, 33))
        kernels = tuple(rng.distinct(2, 2, 4))
        strides = tuple(rng.distinct(2, 1, 3))
    paddings = (rng.int(0, kernels[0] // 2), rng.int(1, kernels[1] // 2))
    square, k = sizes[1], kernels[1]
    return {
        "default_stride": [
            _call(sizes, kernels),
            _call(square, k, padding=k // 2),
            _call(sizes, kernels[0], stride=None),
        ],
        "given_stride": [_call(sizes, kernels, strides), _call(square, k, stride=strides[0])],
        "padded": [
            _call(sizes, kernels, padding=paddings),
            _call(sizes, kernels, _maybe_square(rng, strides), paddings),
        ],
        "bad": _bad_call(rng, sizes, kernels, ("size", "kernel_size", "stride", "padding")),
    }


# -- build_cnn -----------------------------------------------------------------
def _cnn(in_channels, num_classes, image_size, *, first_in=None, flat_size=None, start_dim=1):
    height, width = image_size
    for value in (in_channels, num_classes, height, width):
        if value <= 0:
            raise ValueError(f"sizes must be positive, got {value}")
    if flat_size is None:
        flat_size = 32 * (height // 4) * (width // 4)
    return nn.Sequential(
        nn.Conv2d(in_channels if first_in is None else first_in, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(start_dim=start_dim),
        nn.Linear(flat_size, num_classes),
    )


def _hardcoded_flatten_size(in_channels, num_classes, image_size):
    return _cnn(in_channels, num_classes, image_size, flat_size=32 * 7 * 7)  # 28×28 images


def _in_channels_ignored(in_channels, num_classes, image_size):
    return _cnn(in_channels, num_classes, image_size, first_in=3)


def _cnn_flatten_includes_batch(in_channels, num_classes, image_size):
    return _cnn(in_channels, num_classes, image_size, start_dim=0)


def _config(channels: int, classes: int, size: tuple[int, int]) -> dict:
    return {"in_channels": channels, "num_classes": classes, "image_size": size}


def _build_cnn_edge() -> Case:
    settings = [(1, 10, (28, 28)), (3, 10, (32, 32)), (2, 7, (8, 8))]
    return {
        "batch": 4,
        "configs": [_config(*s) for s in settings],
        "bad": {"in_channels": 3, "num_classes": 0, "image_size": (32, 32), "value": 0},
    }


@GRADERS.cases(
    "build_cnn",
    mutants={
        "hardcoded-flatten-size": _hardcoded_flatten_size,
        "in-channels-ignored": _in_channels_ignored,
        "flatten-includes-batch": _cnn_flatten_includes_batch,
    },
    edge_cases=(_build_cnn_edge,),
)
def build_cnn_cases(rng: Rng) -> Case:
    batch = rng.int(2, 6)
    others = [n for n in range(1, 13) if n != batch]
    channels = rng.py.sample([n for n in others if n <= 5], 3)
    classes = rng.py.sample([n for n in others if n >= 2], 3)
    small = (rng.int(8, 9), rng.int(8, 11))  # the smallest size the network must take
    odd = tuple(rng.choice([9, 11, 13, 15, 17]) for _ in range(2))
    while odd[0] == odd[1]:
        odd = (odd[0], rng.choice([9, 11, 13, 15, 17]))
    wide = (rng.int(10, 16), rng.int(17, 24))
    sizes = [small, odd, wide]
    rng.py.shuffle(sizes)
    bad_value = -rng.int(1, 9)
    bad = {"in_channels": channels[0], "num_classes": classes[0], "image_size": (12, 14)}
    where = rng.choice(["in_channels", "num_classes", "height", "width"])
    if where in ("height", "width"):
        bad["image_size"] = (bad_value, 14) if where == "height" else (12, bad_value)
    else:
        bad[where] = bad_value
    return {
        "batch": batch,
        "configs": [_config(*settings) for settings in zip(channels, classes, sizes)],
        "bad": {**bad, "value": bad_value},
    }


# -- conv2d_manual -------------------------------------------------------------
def _kernel_flipped(x, weight, bias=None, stride=1, padding=0):
    return F.conv2d(x, weight.flip(-2, -1), bias, stride, padding)


def _padding_ignored(x, weight, bias=None, stride=1, padding=0):
    return F.conv2d(x, weight, bias, stride, 0)


def _stride_ignored(x, weight, bias=None, stride=1, padding=0):
    return F.conv2d(x, weight, bias, 1, padding)


@GRADERS.cases(
    "conv2d_manual",
    mutants={
        "kernel-flipped": _kernel_flipped,
        "padding-ignored": _padding_ignored,
        "stride-ignored": _stride_ignored,
    },
)
def conv2d_manual_cases(rng: Rng) -> Case:
    batch, c_in, c_out = rng.distinct(3, 1, 4)
    kh, kw = rng.distinct(2, 1, 4)
    height, width = rng.distinct(2, 7, 12)
    stride = rng.int(2, 3)
    return {
        "x": rng.randn(batch, c_in, height, width),
        "weight": rng.randn(c_out, c_in, kh, kw),
        "bias": rng.randn(c_out),
        "stride": stride,
        "padding": rng.int(1, 2),
        "both_stride": rng.int(2, 3),
        "both_padding": rng.int(1, 2),
    }


# -- quiz explanations (zh and en) in explanations/s25_cnn.yml ----------------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s25_cnn.yml")
