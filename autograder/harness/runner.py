"""Run one probe on one case and turn whatever happens into plain data.

This runs wherever the function under test lives: in the student process for
grading, in the grader for references and mutants, in the notebook kernel for
``check()``. The result is a dict of plain values (see :mod:`codec`):

``{"status": "ok", "features": {...}}``, ``{"status": "not_attempted"}``,
``{"status": "error", "error": {"type", "message", "where"}}`` or
``{"status": "exit"}`` (the code called ``sys.exit``).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from autograder.engine.spec import Case, ExerciseSpec, NotAttempted, ProbeContext


def run_probe(
    spec: ExerciseSpec,
    fn: Callable[..., Any],
    case: Case,
    ctx: ProbeContext,
    student_file: str | None = None,
) -> dict[str, Any]:
    """Call ``spec.probe(fn, case, ctx)`` and report its features or what went wrong."""
    try:
        features = spec.probe(fn, case, ctx)
    except NotImplementedError as exc:
        if _raised_by(exc, student_file):
            return {"status": "not_attempted"}
        return {"status": "error", "error": describe_exception(exc, student_file)}
    except SystemExit:
        return {"status": "exit"}
    except Exception as exc:
        return {"status": "error", "error": describe_exception(exc, student_file)}
    return {"status": "ok", "features": features}


def _raised_by(exc: BaseException, student_file: str | None) -> bool:
    """True when the student's own code raised it (a stub), not torch or the probe.

    Torch raises NotImplementedError too (an op missing on some device); that is
    an error in working code, not an exercise left undone.
    """
    if student_file is None or isinstance(exc, NotAttempted):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename == student_file


def describe_exception(exc: BaseException, student_file: str | None = None) -> dict[str, str]:
    """Type, message and the innermost line of the student's file involved."""
    try:
        message = str(exc)
    except Exception:
        message = "<unprintable message>"
    where = ""
    try:
        frames = traceback.extract_tb(exc.__traceback__)
        mine = [f for f in frames if student_file and f.filename == student_file]
        frame = (mine or frames)[-1] if (mine or frames) else None
        if frame is not None and (mine or student_file is None):
            where = f"line {frame.lineno}: {(frame.line or '').strip()}"
    except Exception:
        where = ""
    return {"type": type(exc).__name__, "message": message[:500], "where": where[:300]}
