"""Load the reference solutions (``solutions/`` in a checkout, or the installed copy)."""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path
from types import ModuleType

from autograder.errors import GraderUnavailableError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def solutions_dir() -> Path:
    """``$CH2_SOLUTIONS``, the packaged copy, or the checkout's ``solutions/``."""
    override = os.environ.get("CH2_SOLUTIONS")
    candidates = [Path(override)] if override else []
    candidates += [_PACKAGE_DIR / "_reference", _PACKAGE_DIR.parent / "solutions"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise GraderUnavailableError(
        "the reference solutions are not installed here (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); hidden grading needs the instructor's copy of the course"
    )


@cache
def reference_module(module: str) -> ModuleType:
    """The reference implementation of one section module."""
    path = solutions_dir() / f"{module}.py"
    spec = importlib.util.spec_from_file_location(f"ch2_reference.{module}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise GraderUnavailableError(f"reference module {path} is missing")
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded
