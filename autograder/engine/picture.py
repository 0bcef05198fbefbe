"""The data of a feedback picture, drawn from values the grader compared.

Only the grader's own copies are used (the expected features and the student's
features as decoded and derived in this process): nothing the student's process
rendered. Expected values are left out when the course hides them. The result is
small plain data (numbers, lists, strings) that the HTML writers turn into SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from autograder.engine.compare import compare
from autograder.engine.evidence import CaseEvidence
from autograder.probing.codec import TensorData
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import ExerciseSpec

MAX_SIDE = 16  # heatmap rows and columns
MAX_POINTS = 48  # values in a line
MAX_ROWS = 16  # rows of a shapes table


def picture_data(
    spec: ExerciseSpec, evidence: Sequence[CaseEvidence], show_expected: bool
) -> dict[str, Any] | None:
    """The picture of the first case where a drawn feature is wrong, or None."""
    picture = spec.picture
    if picture is None:
        return None
    for case in evidence:
        # The whole derived outcome: a picture earns nothing, so observations may show.
        if case.expected is None or case_status(case.outcome) != CaseStatus.OK:
            continue
        student = case.outcome.get("features") or {}
        if picture.kind == "shapes":
            rows = _shape_rows(picture.features, case.expected, student, show_expected)
            if rows is not None:
                return {"kind": "shapes", "rows": rows}
            continue
        if picture.kind == "path":
            drawn = _path_data(picture.features, case.expected, student, show_expected, spec)
            if drawn is not None:
                return drawn
            continue
        for feature in picture.features:
            if feature not in case.expected or feature not in student:
                continue
            if (
                compare(case.expected[feature], student[feature], spec.tolerance_for(feature))
                is None
            ):
                continue
            drawn = _draw(picture.kind, student[feature])
            if drawn is None:
                continue
            expected = _draw(picture.kind, case.expected[feature]) if show_expected else None
            return {
                "kind": picture.kind,
                "feature": feature,
                "student": drawn,
                "expected": expected,
            }
    return None


def _tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, TensorData):
        value = value.values
    if isinstance(value, torch.Tensor) and value.device.type != "meta":
        return value.detach().to("cpu", torch.float64)
    return None


def _number(x: float) -> float | None:
    """A finite value rounded for drawing; None for NaN and infinities."""
    return round(x, 5) if math.isfinite(x) else None


def _draw(kind: str, value: Any) -> Any:
    if kind == "heatmap":
        t = _tensor(value)
        if t is None or t.dim() < 2:
            return None
        while t.dim() > 2:
            t = t[0]
        t = t[:MAX_SIDE, :MAX_SIDE]
        return [[_number(float(x)) for x in row] for row in t.tolist()]
    if kind == "lines":
        t = _tensor(value)
        if t is None or t.dim() < 1:
            return None
        while t.dim() > 1:
            t = t[0]
        return [_number(float(x)) for x in t[:MAX_POINTS].tolist()]
    if kind == "path":
        steps = value if isinstance(value, (list, tuple)) else [value]
        points = []
        for step in steps[:MAX_POINTS]:
            t = _tensor(step)
            if t is None or t.numel() < 2:
                return None
            flat = t.flatten()
            points.append([_number(float(flat[0])), _number(float(flat[1]))])
        return points or None
    return None


def _steps(features: Sequence[str], values: dict) -> list[Any]:
    """The parameter after each step: the features in order, lists spread out."""
    steps: list[Any] = []
    for feature in features:
        value = values.get(feature)
        steps.extend(value if isinstance(value, (list, tuple)) else [value])
    return steps


def _path_data(
    features: Sequence[str], expected: dict, student: dict, show_expected: bool, spec: ExerciseSpec
) -> dict[str, Any] | None:
    """The optimizer's path when any of its steps is wrong."""
    present = [f for f in features if f in expected and f in student]
    if not present or all(
        compare(expected[f], student[f], spec.tolerance_for(f)) is None for f in present
    ):
        return None
    mine = _draw("path", _steps(present, student))
    if mine is None:
        return None
    theirs = _draw("path", _steps(present, expected)) if show_expected else None
    return {"kind": "path", "feature": ", ".join(present), "student": mine, "expected": theirs}


def _shape_of(value: Any) -> str | None:
    if isinstance(value, TensorData):
        return str(tuple(value.shape))
    if isinstance(value, torch.Tensor):
        return str(tuple(value.shape))
    if isinstance(value, (list, tuple)) and all(isinstance(x, int) for x in value):
        return str(tuple(value))
    if isinstance(value, str):
        return value[:60]
    return None


def _entries(value: Any) -> list[tuple[str, Any]]:
    """A feature as (label, shape-like) rows: a dict's items, a list's items, or itself."""
    if isinstance(value, dict):
        return [(str(k)[:60], v) for k, v in value.items()]
    if isinstance(value, (list, tuple)) and value and not all(type(v) is int for v in value):
        return [(str(i + 1), v) for i, v in enumerate(value)]
    return [("", value)]


def _shape_rows(
    features: Sequence[str], expected: dict, student: dict, show_expected: bool
) -> list[list[Any]] | None:
    """[label, student's shape, expected shape (or None), matches] rows, if any differs."""
    rows: list[list[Any]] = []
    differs = False
    for feature in features:
        if feature not in expected:
            continue
        want = dict(_entries(expected[feature]))
        got = dict(_entries(student.get(feature))) if feature in student else {}
        for label, value in want.items():
            name = f"{feature} {label}".strip() if len(features) > 1 or not label else label
            mine = _shape_of(got.get(label)) if label in got else None
            theirs = _shape_of(value)
            same = mine is not None and mine == theirs
            differs = differs or not same
            rows.append([name, mine or "—", theirs if show_expected else None, same])
    return rows[:MAX_ROWS] if differs else None
