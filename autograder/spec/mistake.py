"""A named mistake: what went wrong and how to fix it, in zh and en.

Ids are kebab-case and appear verbatim in results. Each section's catalogue
module declares the mistakes its exercises name (``MISTAKES``); one id may be
named by several exercises and is described once, where it first appears.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.spec.exercise import Text


@dataclass(frozen=True)
class Mistake:
    """A common mistake: what went wrong and how to fix it, in zh and en."""

    id: str
    message: Text
    hint: Text


def mistake(id: str, *, zh: str, en: str, hint_zh: str, hint_en: str) -> Mistake:
    """Declare a mistake with its message and hint in both languages."""
    return Mistake(id=id, message={"zh": zh, "en": en}, hint={"zh": hint_zh, "en": hint_en})
