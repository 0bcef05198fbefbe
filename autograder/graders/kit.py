"""What a hidden grader module declares: case generators and mutants per exercise."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import torch

from autograder.errors import DeclarationError
from autograder.spec import Case, ExerciseSpec, Text
from autograder.spec.section import bilingual, quiz_entries


class Rng:
    """Seeded randomness for case generators (Python's and torch's, both from one seed)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.py = random.Random(seed)
        self.torch = torch.Generator().manual_seed(seed)

    def int(self, lo: int, hi: int) -> int:
        """A whole number in [lo, hi]."""
        return self.py.randint(lo, hi)

    def distinct(self, count: int, lo: int, hi: int) -> list[int]:
        """``count`` different whole numbers in [lo, hi], so no two dimensions can be confused."""
        return self.py.sample(range(lo, hi + 1), count)

    def choice(self, options: list[Any] | tuple[Any, ...]) -> Any:
        """One of the options."""
        return self.py.choice(list(options))

    def uniform(self, lo: float, hi: float) -> float:
        """A float in [lo, hi]."""
        return self.py.uniform(lo, hi)

    def randn(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """Standard normal values."""
        return torch.randn(*shape, generator=self.torch, dtype=torch.float64).to(dtype)

    def rand(self, *shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """Uniform values in [0, 1)."""
        return torch.rand(*shape, generator=self.torch, dtype=torch.float64).to(dtype)

    def randint(self, lo: int, hi: int, *shape: int) -> torch.Tensor:
        """int64 values in [lo, hi)."""
        return torch.randint(lo, hi, shape, generator=self.torch)


def case_seed(exercise_id: str, index: int) -> int:
    """A stable seed for case ``index`` of an exercise."""
    return zlib.crc32(f"{exercise_id}#{index}".encode())


@dataclass(frozen=True)
class HiddenExercise:
    """How to grade one exercise: random cases, fixed edge cases, and mutants by mistake id.

    A mistake that can be made in more than one way maps to a tuple of mutants.
    """

    exercise_id: str
    generate: Callable[[Rng], Case]
    mutants: Mapping[str, Callable[..., Any] | tuple[Callable[..., Any], ...]] = field(
        default_factory=dict
    )
    edge_cases: tuple[Callable[[], Case], ...] = ()

    def variants(self, mistake_id: str) -> tuple[Callable[..., Any], ...]:
        """The mutants making one mistake: one, or one per way of making it."""
        mutant = self.mutants[mistake_id]
        return tuple(mutant) if isinstance(mutant, (tuple, list)) else (mutant,)

    def cases(self, count: int, first_seed: int = 0) -> list[Case]:
        """``count`` generated cases then the edge cases."""
        generated = [
            self.generate(Rng(case_seed(self.exercise_id, first_seed + i))) for i in range(count)
        ]
        return generated + [make() for make in self.edge_cases]


class Graders:
    """Collects the hidden exercises of one section module."""

    def __init__(self, section: str) -> None:
        self.section = section
        self.exercises: dict[str, HiddenExercise] = {}
        self.explanations: dict[str, Text] = {}

    def explain(self, question_id: str, *, zh: str, en: str) -> None:
        """The explanation shown after grading quiz question ``question_id``."""
        self.explanations[f"{self.section}.quiz.{question_id}"] = {"zh": zh, "en": en}

    def explain_from(self, path: Path) -> None:
        """The explanations of the YAML file ``path``: ``q1: {zh: ..., en: ...}`` per question.

        An unknown or missing language, or a text that is not a string, raises
        :class:`ValueError` naming the file and the question.
        """
        for question_id, entry in quiz_entries(path, ("zh", "en"), ("zh", "en")).items():
            zh, en = bilingual(entry, f"{path}: {question_id}")
            self.explain(question_id, zh=zh, en=en)

    def cases(
        self,
        function: str,
        *,
        mutants: Mapping[str, Callable[..., Any] | tuple[Callable[..., Any], ...]] | None = None,
        edge_cases: tuple[Callable[[], Case], ...] = (),
    ) -> Callable[[Callable[[Rng], Case]], Callable[[Rng], Case]]:
        """Decorator: the decorated function generates cases for ``function``."""

        def register(generate: Callable[[Rng], Case]) -> Callable[[Rng], Case]:
            exercise_id = f"{self.section}.{function}"
            self.exercises[exercise_id] = HiddenExercise(
                exercise_id, generate, dict(mutants or {}), edge_cases
            )
            return generate

        return register


@cache
def _all_graders() -> tuple[Graders, ...]:
    from autograder import catalogue

    # One hidden module per section of the chapter, named like its student module.
    return tuple(module.GRADERS for module in catalogue.section_modules("graders"))


@cache
def hidden_exercises() -> Mapping[str, HiddenExercise]:
    """Every hidden exercise by id."""
    return {i: ex for graders in _all_graders() for i, ex in graders.exercises.items()}


@cache
def quiz_explanations() -> Mapping[str, Text]:
    """The explanation of every quiz question by item id (``2.1.quiz.q1``)."""
    return {i: text for graders in _all_graders() for i, text in graders.explanations.items()}


def hidden_exercise(spec: ExerciseSpec) -> HiddenExercise:
    """The case generator and mutants of a declared exercise (a clear error when missing)."""
    found = hidden_exercises().get(spec.id)
    if found is None:
        raise DeclarationError(
            f"{spec.id} is declared but has no case generator: add @GRADERS.cases"
            f"({spec.function!r}, ...) to autograder/graders/{spec.module}.py"
        )
    return found


def exercise_ids() -> list[str]:
    """Ids of every exercise and quiz item of the chapter, in course order."""
    from autograder import catalogue

    return list(catalogue.specs())
