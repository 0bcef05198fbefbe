"""Run one probe on one case and turn whatever happens into plain data.

This runs wherever the function under test lives: in the student process for
grading, in the grader for references and mutants, in the notebook kernel for
``check()``. The result is a dict of plain values (see :mod:`codec`):

``{"status": "ok", "features": {...}}``, ``{"status": "not_attempted"}``,
``{"status": "error", "error": {"type", "message", "where"}}``,
``{"status": "wrong_return", "returned": "None"}`` (a value of another kind
than the task asks for) or ``{"status": "exit"}`` (the code called
``sys.exit``). Any of them may carry ``"conduct"``: what the watched calls did
(:mod:`autograder.probing.conduct`).
"""

from __future__ import annotations

import linecache
import os
import traceback
from collections.abc import Callable
from typing import Any

import torch

from autograder.ipynb import cell_position
from autograder.probing.conduct import (
    WatchedFunction,
    WrongReturn,
    exception_message,
    watching,
)
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import Case, ExerciseSpec, NotAttempted, ProbeContext, QuizSpec

# This package's own files, told apart from the student's in tracebacks.
_PACKAGE_INIT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "__init__.py"
)


def run_probe(
    spec: ExerciseSpec,
    fn: Callable[..., Any],
    case: Case,
    ctx: ProbeContext,
    student_file: str | None = None,
) -> dict[str, Any]:
    """Call ``spec.probe`` with ``fn`` watched, and report its features or what went wrong.

    A quiz's ``fn`` is the student's answers (a dict), read as they are.
    """
    if isinstance(spec, QuizSpec):
        return _outcome(spec, fn, case, ctx, student_file)
    watched = watch(spec, fn, student_file)
    with watching(watched):
        outcome = _outcome(spec, watched, case, ctx, student_file)
    conduct = watched.conduct.as_data()
    if conduct and case_status(outcome) != CaseStatus.NOT_ATTEMPTED:
        outcome["conduct"] = conduct
    return outcome


def watch(spec: ExerciseSpec, fn: Callable[..., Any], student_file: str | None) -> WatchedFunction:
    """``fn`` as the probe of ``spec`` calls it: returns, inputs and forbidden calls watched."""
    keeps = spec.keeps_inputs
    return WatchedFunction(
        fn,
        returns=spec.returns,
        forbidden=spec.forbidden_calls,
        input_tolerance=(keeps.rtol, keeps.atol) if keeps else (0.0, 0.0),
        describe_error=lambda exc: describe_exception(exc, student_file),
    )


def _outcome(
    spec: ExerciseSpec,
    fn: Any,
    case: Case,
    ctx: ProbeContext,
    student_file: str | None,
) -> dict[str, Any]:
    try:
        features = spec.probe(fn, case, ctx)
    except WrongReturn as wrong:
        return {"status": CaseStatus.WRONG_RETURN.value, "returned": wrong.returned}
    except NotImplementedError as exc:
        if _raised_by(exc, student_file):
            return {"status": CaseStatus.NOT_ATTEMPTED.value}
        return {"status": CaseStatus.ERROR.value, "error": describe_exception(exc, student_file)}
    except SystemExit:
        return {"status": CaseStatus.EXIT.value}
    except Exception as exc:
        return {"status": CaseStatus.ERROR.value, "error": describe_exception(exc, student_file)}
    except BaseException as exc:  # KeyboardInterrupt or a class of the student's own: an error
        if isinstance(exc, GeneratorExit):
            raise
        return {"status": CaseStatus.ERROR.value, "error": describe_exception(exc, student_file)}
    return {"status": CaseStatus.OK.value, "features": features}


def _raised_by(exc: BaseException, student_file: str | None) -> bool:
    """True when the student's own code raised it (a stub), not torch or the probe.

    Torch raises NotImplementedError too (an op missing on some device); that is
    an error in working code, not an exercise left undone.
    """
    if student_file is None or isinstance(exc, NotAttempted):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename == student_file


# Frames of this package and of torch are never "the line of your code".
_NOT_STUDENT = tuple(
    os.path.dirname(os.path.abspath(path)) + os.sep for path in (_PACKAGE_INIT, torch.__file__)
)


def describe_exception(exc: BaseException, student_file: str | None = None) -> dict[str, str]:
    """Type, message and the innermost line of the student's file involved."""
    message = exception_message(exc, 500)
    where = ""
    try:
        frames = traceback.extract_tb(exc.__traceback__)
        mine = [f for f in frames if student_file and f.filename == student_file]
        if student_file is None:  # in-process: any frame that is not this package's own
            mine = [f for f in frames if not f.filename.startswith(_NOT_STUDENT)]
        frame = mine[-1] if mine else None
        if frame is not None:
            where = f"line {frame.lineno}: {(frame.line or '').strip()}"
            # A notebook's module: the line as the student sees it, in its cell.
            cell = cell_position(linecache.getlines(frame.filename), frame.lineno or 0)
            if cell is not None:
                where = f"cell {cell[0]}, line {cell[1]}: {(frame.line or '').strip()}"
    except Exception:
        where = ""
    return {"type": type(exc).__name__, "message": message, "where": where[:300]}
