"""Chapter 2 PyTorch exercises: graders, self-checks and course tooling.

In a notebook, check a function you just wrote::

    from autograder import check
    check("2.2.train_step", train_step)
"""

from __future__ import annotations

from typing import Any

from autograder.version import __version__

__all__ = ["__version__", "check"]


def check(exercise_id: str, fn: Any, *, lang: str | None = None) -> Any:
    """Run the public checks of one exercise on ``fn`` in this process and show feedback."""
    from autograder.notebook import check as _check

    return _check(exercise_id, fn, lang=lang)
