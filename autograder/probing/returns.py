"""What kind of value a task asks a function to return, and whether a value is of it.

An exercise declares its function's return kind as a short expression:

- ``"tensor"``, ``"int"``, ``"float"`` (a Python number: int or float, not bool),
  ``"module"`` (an ``nn.Module``), ``"optimizer"`` (a ``torch.optim.Optimizer``),
  ``"list"`` (a list or tuple of any length), ``"any"``;
- ``"(tensor, tensor)"``: a tuple (or list) of that many values; the values are
  judged by the exercise's checks, so a wrong element costs only its own part;
- ``"float | tensor"``: either; the first is what the task asks for (feedback
  names it), the others are kinds the exercise's own checks explain (a loss
  returned as a tensor where a float is asked for is ``returns-tensor-loss``).

The check runs beside the student's code, so it may only take points away (a
function that returns ``None`` scores 0 and is told to ``return``); values are
still compared in the grader.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

_SIMPLE = {
    "tensor": lambda v: isinstance(v, torch.Tensor),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "module": lambda v: isinstance(v, nn.Module),
    "optimizer": lambda v: isinstance(v, torch.optim.Optimizer),
    "list": lambda v: isinstance(v, (list, tuple)),
    "any": lambda v: True,
}


def _alternatives(kind: str) -> list[str]:
    return [part.strip() for part in kind.split("|")]


def _arity(kind: str) -> int | None:
    """How many values a tuple kind holds, or None for a simple kind."""
    if kind.startswith("(") and kind.endswith(")"):
        return len([p for p in kind[1:-1].split(",") if p.strip()])
    return None


def validate_kind(kind: str) -> None:
    """Raise ValueError for an expression this module cannot judge (declaration time)."""
    for alternative in _alternatives(kind):
        arity = _arity(alternative)
        parts = alternative[1:-1].split(",") if arity is not None else [alternative]
        for part in parts:
            if part.strip() not in _SIMPLE:
                raise ValueError(f"unknown return kind {part.strip()!r} in {kind!r}")


def matches(value: Any, kind: str) -> bool:
    """Whether ``value`` is of the declared kind (tuples: the right number of values)."""
    for alternative in _alternatives(kind):
        arity = _arity(alternative)
        if arity is None:
            if _SIMPLE[alternative](value):
                return True
        elif isinstance(value, (list, tuple)) and len(value) == arity:
            return True
    return False


def describe_value(value: Any) -> str:
    """A short, language-neutral name for what was returned: ``None``, ``str``,
    ``tuple of 3``, ``Tensor``."""
    if value is None:
        return "None"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    if isinstance(value, torch.Tensor):
        return "Tensor"
    return type(value).__name__[:60]
