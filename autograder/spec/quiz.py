"""Quiz questions: declaration, answer normalisation, and the probe that reads answers.

Students answer in their section module, in a dict ``QUIZ`` that maps each
question id (``"q1"``) to a letter, a list of letters or a number.
A quiz item is a :class:`QuizSpec`, an exercise whose "function" is that dict:
the probe reads and normalises one answer, and the usual comparison against
the reference (the answers in ``solutions/``) decides the points. The answers
never appear in anything that ships to students: the public self-check only
says whether an answer is well formed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.spec.exercise import Case, ExerciseSpec, Features, NotAttempted, ProbeContext, Text

QUIZ_VARIABLE = "QUIZ"
KINDS = ("single", "multiple", "numeric")
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Question:
    """One quiz question as students see it (no answer here)."""

    id: str  # "q1"
    kind: str  # single | multiple | numeric
    prompt: Text
    choices: tuple[Text, ...] = ()
    rel_tol: float = 1e-3  # numeric answers within this relative tolerance are right

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"question {self.id}: kind must be one of {KINDS}")
        if (self.kind == "numeric") != (not self.choices):
            raise ValueError(f"question {self.id}: choices go with single/multiple questions only")
        if len(self.choices) > len(LETTERS):
            raise ValueError(f"question {self.id}: at most {len(LETTERS)} choices")

    @property
    def letters(self) -> str:
        """The option letters, ``"ABCD"`` for four choices."""
        return LETTERS[: len(self.choices)]


@dataclass(frozen=True)
class QuizSpec(ExerciseSpec):
    """A quiz item: its probe reads one answer from the module's ``QUIZ`` dict.

    It is judged as an answer (:mod:`autograder.engine.quiz_verdict`), not as a
    function: it is never watched, never has mutants, and its public data holds no
    expected value.
    """

    question: Question = field(kw_only=True)

    @property
    def mistake_ids(self) -> tuple[str, ...]:
        """Only the mistakes it declares: an answer is never watched as a function is."""
        return tuple(rule.id for rule in self.mistakes)


class Unanswered(NotAttempted):
    """The answer is still ``None``: the question is not attempted."""


def normalize(question: Question, raw: Any) -> Any:
    """The canonical form of an answer, or ``"invalid: ..."`` describing what is wrong.

    single: ``"B"``; multiple: a tuple of letters in order, ``("A", "C")``;
    numeric: a float. Case, spaces and separators are forgiven.
    """
    if raw is None:
        raise Unanswered(question.id)
    if question.kind == "numeric":
        if isinstance(raw, bool):
            return "invalid: not a number"
        try:
            value = float(raw.strip() if isinstance(raw, str) else raw)
        except (TypeError, ValueError):
            return "invalid: not a number"
        return value if math.isfinite(value) else "invalid: not a finite number"
    if isinstance(raw, str):
        letters = [c for c in raw.upper() if not c.isspace() and c not in ",;/、，"]
    elif isinstance(raw, (list, tuple, set, frozenset)):
        letters = [str(item).strip().upper() for item in raw]
    else:
        return "invalid: not letters"
    if not letters or any(letter not in question.letters for letter in letters):
        return f"invalid: choose from {', '.join(question.letters)}"
    if question.kind == "single":
        return letters[0] if len(letters) == 1 else "invalid: choose exactly one letter"
    return tuple(sorted(set(letters)))


def quiz_probe(question: Question):
    """The probe for one question: reads ``QUIZ[question.id]`` and normalises it."""

    def probe(answers: Any, case: Case, ctx: ProbeContext) -> Features:
        if not isinstance(answers, Mapping):
            return {"answer": "invalid: QUIZ is not a dict"}
        return {"answer": normalize(question, answers.get(question.id))}

    probe.__doc__ = f"Read the answer to {question.id}."
    return probe


def describe_answer(question: Question, answer: Any, lang: str) -> str:
    """An answer as students write it: ``B``, ``A, C`` or a number."""
    if isinstance(answer, tuple):
        return ", ".join(answer)
    if isinstance(answer, float):
        return f"{answer:g}"
    return str(answer)
