"""Compare two observed values (decoded plain data) and describe the difference."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch

from autograder.probing.codec import Opaque, TensorData
from autograder.spec import Tolerance

_FLOAT_DTYPES = {"float16", "bfloat16", "float32", "float64", "complex64", "complex128"}


@dataclass(frozen=True)
class Mismatch:
    """How an observed value differs from the expected one.

    ``kind`` is one of: type, dtype, shape, device, values, value, length, keys,
    raised (the call that should have given the value raised ``actual``).
    ``path`` locates the difference inside nested values (``[1]``, ``['lr']``).
    """

    kind: str
    path: str
    expected: str
    actual: str
    differing: int = 0  # for kind "values": how many elements differ,
    total: int = 0  # out of how many,
    index: str = ""  # and where the first one is


def kind_of(value: Any) -> str:
    """A short, language-neutral name for the kind of a value."""
    if isinstance(value, TensorData):
        return "tensor"
    if isinstance(value, Opaque):
        return value.type_name
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, torch.dtype):
        return "torch.dtype"
    if isinstance(value, torch.device):
        return "torch.device"
    return type(value).__name__


def short(value: Any, limit: int = 80) -> str:
    """A compact printable form of a value for feedback."""
    if isinstance(value, TensorData):
        return f"tensor{list(value.shape)} {value.dtype}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare(expected: Any, actual: Any, tol: Tolerance, path: str = "") -> Mismatch | None:
    """None when actual matches expected within tol, else the first difference."""
    if _raised(actual) and not _raised(expected):
        # A probe records a call that raised as "error: <type>": say so, not "got a str".
        return Mismatch("raised", path, kind_of(expected), actual[len(_RAISED) :][:80])
    if isinstance(expected, TensorData):
        return _compare_tensor(expected, actual, tol, path)
    if isinstance(expected, bool) or expected is None or isinstance(expected, (str, Opaque)):
        if type(actual) is not type(expected):
            return Mismatch("type", path, kind_of(expected), kind_of(actual))
        if actual != expected:
            return Mismatch("value", path, short(expected), short(actual))
        return None
    if isinstance(expected, int):
        if type(actual) is not int:
            return Mismatch("type", path, "int", kind_of(actual))
        if actual != expected:
            return Mismatch("value", path, short(expected), short(actual))
        return None
    if isinstance(expected, float):
        if type(actual) not in (float, int):
            return Mismatch("type", path, "float", kind_of(actual))
        if not _close(expected, float(actual), tol):
            return Mismatch("value", path, f"{expected:.6g}", f"{float(actual):.6g}")
        return None
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)):
            return Mismatch("type", path, kind_of(expected), kind_of(actual))
        if len(actual) != len(expected):
            return Mismatch("length", path, str(len(expected)), str(len(actual)))
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = compare(e, a, tol, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return Mismatch("type", path, "dict", kind_of(actual))
        if set(actual) != set(expected):
            return Mismatch(
                "keys", path, short(sorted(map(str, expected))), short(sorted(map(str, actual)))
            )
        for key in expected:
            found = compare(expected[key], actual[key], tol, f"{path}[{key!r}]")
            if found:
                return found
        return None
    if type(actual) is not type(expected) or actual != expected:
        return Mismatch("value", path, short(expected), short(actual))
    return None


_RAISED = "error: "


def _raised(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_RAISED)


def _close(expected: float, actual: float, tol: Tolerance) -> bool:
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return expected == actual
    return abs(actual - expected) <= tol.atol + tol.rtol * abs(expected)


def _compare_tensor(
    expected: TensorData, actual: Any, tol: Tolerance, path: str
) -> Mismatch | None:
    if not isinstance(actual, TensorData):
        return Mismatch("type", path, "tensor", kind_of(actual))
    if actual.device != expected.device:
        return Mismatch("device", path, expected.device, actual.device)
    if actual.dtype != expected.dtype:
        return Mismatch("dtype", path, expected.dtype, actual.dtype)
    if actual.shape != expected.shape:
        return Mismatch("shape", path, str(tuple(expected.shape)), str(tuple(actual.shape)))
    if expected.values is None or actual.values is None:
        return None
    e, a = expected.values, actual.values
    if expected.dtype in _FLOAT_DTYPES:
        e64 = e.to(torch.complex128 if e.is_complex() else torch.float64)
        a64 = a.to(e64.dtype)
        ok = torch.isclose(a64, e64, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    else:
        ok = a == e
    if bool(ok.all()):
        return None
    bad = (~ok).nonzero()
    first = tuple(int(i) for i in bad[0]) if bad.numel() else ()
    return Mismatch(
        "values", path, _item(e, first), _item(a, first), int((~ok).sum()), ok.numel(), str(first)
    )


def _item(t: torch.Tensor, index: tuple[int, ...]) -> str:
    value = t[index].item() if index else t.item()
    return f"{value:.6g}" if isinstance(value, float) else str(value)
