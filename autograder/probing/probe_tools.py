"""Helpers probes use to build inputs and observe what a function did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

from autograder.probing.codec import Opaque
from autograder.probing.conduct import expecting_error, note_exception

# Layers that do nothing to a tensor in eval mode: skipped when describing structure.
_TRANSPARENT = (nn.Identity, nn.Dropout)


def fill_deterministic_(module: nn.Module, scale: float = 0.5) -> nn.Module:
    """Overwrite every parameter with fixed values, so equal architectures compute equally.

    The values depend only on each parameter's position and size (not on the
    random generator), so they are the same for every torch version.
    """
    with torch.no_grad():
        for index, param in enumerate(module.parameters()):
            n = param.numel()
            fan_in = param.shape[-1] if param.dim() > 1 else max(n, 1)
            base = torch.arange(n, dtype=torch.float64, device="cpu")
            values = torch.sin(base * 1.37 + 0.61 * (index + 1)) * scale * (3.0 / fan_in) ** 0.5
            param.copy_(values.reshape(param.shape).to(param.dtype))
    return module


def leaf_layers(module: nn.Module) -> list[nn.Module]:
    """Leaf modules in call order for nested Sequentials, skipping transparent ones."""
    leaves = [m for m in module.modules() if not list(m.children())]
    return [m for m in leaves if not isinstance(m, _TRANSPARENT)]


def describe_layer(layer: nn.Module) -> str:
    """A short structural description: ``Linear(5->7)``, ``ReLU``, ``Softmax(dim=1)``."""
    if isinstance(layer, nn.Linear):
        bias = "" if layer.bias is not None else ", no bias"
        return f"Linear({layer.in_features}->{layer.out_features}{bias})"
    if isinstance(layer, nn.Conv2d):
        return f"Conv2d({layer.in_channels}->{layer.out_channels}, k={tuple(layer.kernel_size)})"
    if isinstance(layer, nn.Flatten):
        return f"Flatten({layer.start_dim},{layer.end_dim})"
    if isinstance(layer, (nn.Softmax, nn.LogSoftmax)):
        return f"{type(layer).__name__}(dim={layer.dim})"
    return type(layer).__name__


def describe_layers(module: Any) -> list[str] | str:
    """Descriptions of a module's leaf layers, or a note when it is no module."""
    if not isinstance(module, nn.Module):
        return f"not an nn.Module: {type(module).__name__}"
    return [describe_layer(m) for m in leaf_layers(module)]


def raised(exc: BaseException) -> str:
    """What a probe records for a call that raised: ``"error: <type>"`` (only the type, so
    that a mistake's mutant and the student's code compare equal). The exception itself
    is noted as the cause to show the student (type, message, their line)."""
    note_exception(exc)
    return f"error: {type(exc).__name__}"


def forward_or_error(model: Any, *inputs: Any) -> Any:
    """model(*inputs) without gradients, or ``"error: <ExceptionType>"`` if it raises."""
    try:
        with torch.no_grad():
            return model(*inputs)
    except Exception as exc:
        return raised(exc)


def observe_call(call: Callable[[], Any]) -> list[str]:
    """How a call with a bad argument failed, as observed (no judgement): ``[error type, message]``.

    ``["ValueError", message]`` for any ValueError (subclasses too),
    ``["<OtherType>", ""]`` for another exception, ``["no error", ""]`` when the
    call returned. Only a ValueError's message is kept: the grader looks for the
    bad value in it (:func:`autograder.spec.rules.bad_argument_verdict`).
    """
    try:
        with expecting_error():
            call()
    except ValueError as exc:
        return ["ValueError", str(exc)]
    except Exception as exc:
        return [type(exc).__name__, ""]
    return ["no error", ""]


def on_meta(call: Callable[[], Any]) -> Any:
    """What ``call()`` returns when the function was asked for the meta device, or
    ``"error: <type>"`` when it raised.

    Called after the function has worked on the grading device, so an error here
    comes from the meta device: typically torch refusing to copy a meta tensor's
    (missing) data elsewhere (``.cpu()``), or a meta tensor meeting one made
    elsewhere. Either way the result did not stay where it was asked to be.
    """
    try:
        return call()
    except Exception as exc:  # any failure on meta is an answer, not a broken exercise
        return raised(exc)


def snapshot(*tensors: torch.Tensor) -> list[torch.Tensor]:
    """Copies of tensors as they are now (after a call), for ``derive`` to compare with the case's
    (:func:`autograder.spec.rules.same_tensors`)."""
    return [t.detach().clone() for t in tensors]


def state_snapshot(module: nn.Module) -> dict[str, torch.Tensor]:
    """A copy of a module's parameters and buffers."""
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def build_layers(
    spec: Sequence[Sequence[Any]], device: torch.device | str = "cpu"
) -> nn.Sequential:
    """An nn.Sequential from a plain description such as ``[["linear", 4, 3], ["relu"]]``.

    Kinds: ``linear in out [bias]``, ``conv2d in out k [stride padding]``,
    ``maxpool2d k``, ``relu``, ``tanh``, ``sigmoid``, ``flatten``,
    ``layernorm n``, ``batchnorm1d n``.
    """
    layers: list[nn.Module] = []
    for entry in spec:
        kind, *args = entry
        if kind == "linear":
            layers.append(
                nn.Linear(args[0], args[1], bias=bool(args[2]) if len(args) > 2 else True)
            )
        elif kind == "conv2d":
            stride, padding = (args[3], args[4]) if len(args) > 4 else (1, 0)
            layers.append(nn.Conv2d(args[0], args[1], args[2], stride=stride, padding=padding))
        elif kind == "maxpool2d":
            layers.append(nn.MaxPool2d(args[0]))
        elif kind == "relu":
            layers.append(nn.ReLU())
        elif kind == "tanh":
            layers.append(nn.Tanh())
        elif kind == "sigmoid":
            layers.append(nn.Sigmoid())
        elif kind == "flatten":
            layers.append(nn.Flatten())
        elif kind == "layernorm":
            layers.append(nn.LayerNorm(args[0]))
        elif kind == "batchnorm1d":
            layers.append(nn.BatchNorm1d(args[0]))
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
    return fill_deterministic_(nn.Sequential(*layers)).to(device)


def short_type_name(value: Any) -> str:
    """The bare name of a value's type (``Linear``, ``float``), in a probe or in ``derive``.

    In the grader a value that is not plain data arrives as an ``Opaque`` carrying
    the name of its type; that name is given, not ``Opaque``.
    """
    if isinstance(value, Opaque):
        return value.type_name.rpartition(".")[2]
    return type(value).__name__
