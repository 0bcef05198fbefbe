"""The public exercise declarations, one module per section.

Each module declares its exercises (probe, checks, recognised mistakes) on a
:class:`~autograder.engine.spec.Section`. Nothing here knows the right
answers: the references live in ``solutions/`` and the hidden graders.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module

from autograder.engine.spec import ExerciseSpec, Section

SECTION_MODULES = (
    "s21_basics",
    "s22_backprop",
    "s23_activations_losses",
    "s24_optimizers",
    "s25_cnn",
    "s26_rnn",
    "s27_lstm",
    "s28_transformer",
)


@cache
def sections() -> Mapping[str, Section]:
    """Declared sections by student module name."""
    found: dict[str, Section] = {}
    for name in SECTION_MODULES:
        section = import_module(f"autograder.catalogue.{name}").SECTION
        found[section.module] = section
    return found


@cache
def specs() -> Mapping[str, ExerciseSpec]:
    """Every declared exercise by id, in section order."""
    return {sid: s for section in sections().values() for sid, s in section.specs.items()}


def spec(exercise_id: str) -> ExerciseSpec:
    """The declaration of one exercise (KeyError if there is none)."""
    return specs()[exercise_id]
