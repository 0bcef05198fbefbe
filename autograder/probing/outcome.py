"""How one case ended in the process that ran it: the ``status`` of an outcome.

Outcomes travel as plain data (``{"status": "ok", "features": {...}}``), so the
wire holds the string values; everything that reads one asks :func:`case_status`
for the typed value instead of comparing strings of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any


class CaseStatus(str, Enum):
    """The ending of one case (not the exercise's result: see ``autograder.model.Status``)."""

    OK = "ok"  # the probe returned its features
    NOT_ATTEMPTED = "not_attempted"  # the stub's NotImplementedError
    ERROR = "error"  # the student's code raised
    EXIT = "exit"  # the student's code called exit()
    WRONG_RETURN = "wrong_return"  # a value of another kind than the task asks for
    MISSING_FUNCTION = "missing_function"  # the module has no such function


def case_status(outcome: Mapping[str, Any]) -> CaseStatus | None:
    """The status of an outcome, or None when it holds no known status."""
    try:
        return CaseStatus(outcome.get("status"))
    except ValueError:
        return None
