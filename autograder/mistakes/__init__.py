"""The mistake catalogue: every named mistake with its explanation and hint.

Ids are kebab-case and appear verbatim in results. One id may be recognised by
several exercises (``softmax-wrong-dim``); it is described once, in the
section where it first appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from autograder.engine.spec import Text

# "generic": mistakes the engine names for any exercise (returns, inputs, forbidden calls).
SECTION_MODULES = ("generic", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28")


@dataclass(frozen=True)
class Mistake:
    """A common mistake: what went wrong and how to fix it, in zh and en."""

    id: str
    message: Text
    hint: Text


def mistake(id: str, *, zh: str, en: str, hint_zh: str, hint_en: str) -> Mistake:
    """Declare a mistake with its message and hint in both languages."""
    return Mistake(id=id, message={"zh": zh, "en": en}, hint={"zh": hint_zh, "en": hint_en})


@cache
def catalogue() -> Mapping[str, Mistake]:
    """All mistakes by id."""
    found: dict[str, Mistake] = {}
    for name in SECTION_MODULES:
        for entry in import_module(f"autograder.mistakes.{name}").MISTAKES:
            if entry.id in found:
                raise ValueError(f"mistake {entry.id!r} is described twice")
            found[entry.id] = entry
    return found


def describe(mistake_id: str) -> Mistake:
    """The catalogue entry for an id (KeyError if unknown)."""
    return catalogue()[mistake_id]
