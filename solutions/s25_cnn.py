"""Reference solutions for section 2.5: convolutional networks."""

from __future__ import annotations

import torch
from torch import Tensor, nn


def _pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """An int or an (h, w) pair as an (h, w) pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}")
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _at_least(pair: tuple[int, int], least: int, name: str) -> tuple[int, int]:
    for value in pair:
        if value < least:
            raise ValueError(f"{name} must be at least {least}, got {value}")
    return pair


def conv2d_output_size(
    size: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> tuple[int, int]:
    sizes = _at_least(_pair(size, "size"), 1, "size")
    kernels = _at_least(_pair(kernel_size, "kernel_size"), 1, "kernel_size")
    strides = _at_least(_pair(stride, "stride"), 1, "stride")
    paddings = _at_least(_pair(padding, "padding"), 0, "padding")
    dilations = _at_least(_pair(dilation, "dilation"), 1, "dilation")
    out = tuple(
        (n + 2 * p - d * (k - 1) - 1) // s + 1
        for n, k, s, p, d in zip(sizes, kernels, strides, paddings, dilations)
    )
    for n, value in zip(sizes, out):
        if value < 1:
            raise ValueError(f"the kernel does not fit in the padded input of size {n}")
    return out[0], out[1]


def pool2d_output_size(
    size: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
) -> tuple[int, int]:
    kernels = _at_least(_pair(kernel_size, "kernel_size"), 1, "kernel_size")
    paddings = _at_least(_pair(padding, "padding"), 0, "padding")
    for k, p in zip(kernels, paddings):
        if 2 * p > k:
            raise ValueError(f"padding {p} is more than half the kernel size {k}")
    return conv2d_output_size(size, kernels, kernels if stride is None else stride, paddings)


def build_cnn(in_channels: int, num_classes: int, image_size: tuple[int, int]) -> nn.Module:
    height, width = image_size
    for value in (in_channels, num_classes, height, width):
        if value <= 0:
            raise ValueError(f"sizes must be positive, got {value}")
    # Two conv blocks keep the size (padding 1) and halve it (pooling): H -> H//2 -> H//4.
    return nn.Sequential(
        nn.Conv2d(in_channels, 16, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(32 * (height // 4) * (width // 4), num_classes),
    )


def conv2d_manual(
    x: Tensor, weight: Tensor, bias: Tensor | None = None, stride: int = 1, padding: int = 0
) -> Tensor:
    _, _, height, width = x.shape
    _, _, kh, kw = weight.shape
    if padding:
        padded = x.new_zeros(x.shape[0], x.shape[1], height + 2 * padding, width + 2 * padding)
        padded[:, :, padding : padding + height, padding : padding + width] = x
    else:
        padded = x
    out_h = (height + 2 * padding - kh) // stride + 1
    out_w = (width + 2 * padding - kw) // stride + 1
    out = x.new_zeros(x.shape[0], weight.shape[0], out_h, out_w)
    # Cross-correlation: for each kernel offset (a, b), the input pixels it meets at
    # every output position are one strided slice; weight them and sum over channels.
    for a in range(kh):
        for b in range(kw):
            patch = padded[
                :,
                :,
                a : a + stride * (out_h - 1) + 1 : stride,
                b : b + stride * (out_w - 1) + 1 : stride,
            ]
            out = out + torch.einsum("nchw,oc->nohw", patch, weight[:, :, a, b])
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out


QUIZ = {"q1": 15, "q2": 4640, "q3": "A", "q4": 784, "q5": ["A", "C", "E"]}
