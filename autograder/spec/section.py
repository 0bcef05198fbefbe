"""A section: the exercise and quiz declarations of one student module."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from autograder.errors import DeclarationError
from autograder.probing.returns import validate_kind
from autograder.spec.exercise import (
    Check,
    Derive,
    ExerciseSpec,
    Forbidden,
    KeepsInputs,
    MistakeRule,
    Picture,
    Probe,
    Tolerance,
    check,
)
from autograder.spec.quiz import QUIZ_VARIABLE, Question, QuizSpec, quiz_probe


class Section:
    """Collects the exercise declarations of one student module."""

    def __init__(self, section_id: str, module: str) -> None:
        self.id = section_id
        self.module = module
        self.specs: dict[str, ExerciseSpec] = {}

    def exercise(
        self,
        function: str,
        *,
        checks: tuple[Check, ...],
        mistakes: tuple[MistakeRule | str, ...] = (),
        tolerance: Tolerance = Tolerance(),
        feature_tolerance: Mapping[str, Tolerance] | None = None,
        derive: Derive | None = None,
        results: tuple[str, ...],
        observations: tuple[str, ...] = (),
        returns: str,
        forbids: tuple[Forbidden, ...] = (),
        keeps_inputs: KeepsInputs | None = KeepsInputs(),
        labels: Mapping[str, tuple[str, str]] | None = None,
        picture: Picture | None = None,
    ) -> Callable[[Probe], Probe]:
        """Decorator: declare the exercise ``function`` with the decorated probe.

        The probe runs beside the function under test (in the student's process)
        and must only *observe*: call, record what came back, copy inputs after
        the call. Any judgement (comparisons, labels, "did the input change?")
        belongs in ``derive``, which runs in the grader on those raw observations:
        a student who patches torch or this package in their own process cannot
        touch it.

        ``returns`` is the kind of value the function must return (an expression
        of :mod:`autograder.probing.returns`: ``"tensor"``, ``"(tensor, tensor)"``,
        ``"float | tensor"``); ``forbids`` the library calls its task rules out;
        ``keeps_inputs`` None when the task allows changing the tensors passed in;
        ``labels`` gives (zh, en) words for feature names the shared vocabulary lacks.

        ``results`` and ``observations`` name the probe's raw features (see
        :class:`ExerciseSpec`). Points are judged on results alone: a scored check
        may not name an observation, and features derived from observations are
        missing when points are judged, so a scored check that needs one fails
        for everybody (the reference included, which the tests catch).
        """
        validate_kind(returns)
        overlap = set(results) & set(observations)
        if not results or overlap:
            raise ValueError(f"{self.id}.{function}: declare results (and observations) apart")
        for chk in checks:
            seen = set(chk.features) & set(observations)
            if chk.scored and seen:
                raise ValueError(
                    f"{self.id}.{function}: the scored check {chk.name['en']!r} uses the "
                    f"observations {sorted(seen)}; give it weight 0 or judge a result"
                )

        def register(probe: Probe) -> Probe:
            spec = ExerciseSpec(
                id=f"{self.id}.{function}",
                section=self.id,
                module=self.module,
                function=function,
                probe=probe,
                checks=checks,
                mistakes=tuple(
                    m if isinstance(m, MistakeRule) else MistakeRule(m) for m in mistakes
                ),
                tolerance=tolerance,
                feature_tolerance=dict(feature_tolerance or {}),
                derive=derive,
                results=tuple(results),
                observations=tuple(observations),
                returns=returns,
                forbids=tuple(forbids),
                keeps_inputs=keeps_inputs,
                labels={name: {"zh": zh, "en": en} for name, (zh, en) in (labels or {}).items()},
                picture=picture,
            )
            self.specs[spec.id] = spec
            return probe

        return register

    def quiz(
        self,
        question_id: str,
        *,
        kind: str,
        prompt: tuple[str, str],
        choices: tuple[tuple[str, str], ...] = (),
        rel_tol: float = 1e-3,
    ) -> None:
        """Declare quiz question ``question_id`` (prompt and choices as (zh, en) pairs)."""
        question = Question(
            id=question_id,
            kind=kind,
            prompt={"zh": prompt[0], "en": prompt[1]},
            choices=tuple({"zh": zh, "en": en} for zh, en in choices),
            rel_tol=rel_tol,
        )
        spec = QuizSpec(
            id=f"{self.id}.quiz.{question_id}",
            section=self.id,
            module=self.module,
            function=QUIZ_VARIABLE,
            probe=quiz_probe(question),
            checks=(check("答案", "answer", "answer"),),
            tolerance=Tolerance(rtol=rel_tol, atol=1e-9),
            question=question,
            results=("answer",),
        )
        self.specs[spec.id] = spec

    def quizzes_from(self, path: Path) -> None:
        """Declare the quiz questions of the YAML file ``path``, in its order.

        Each top-level key is a question id mapping to the arguments of
        :meth:`quiz`, texts as ``{zh: ..., en: ...}``::

            q1:
              kind: single
              prompt: {zh: ..., en: ...}
              choices:
                - {zh: ..., en: ...}
            q5:
              kind: numeric
              prompt: {zh: ..., en: ...}
              rel_tol: 1.0e-9

        An unknown key, a missing ``kind`` or ``prompt`` or a malformed text
        raises :class:`ValueError` naming the file and the question.
        """
        for question_id, entry in quiz_entries(path, QUESTION_KEYS, ("kind", "prompt")).items():
            where = f"{path}: {question_id}"
            options: dict[str, Any] = {}
            if "rel_tol" in entry:
                options["rel_tol"] = _number(entry["rel_tol"], f"{where}: rel_tol")
            choices = entry.get("choices", [])
            if not isinstance(choices, list):
                raise DeclarationError(f"{where}: choices must be a list of {{zh: ..., en: ...}}")
            prompt = bilingual(entry["prompt"], f"{where}: prompt")
            pairs = tuple(bilingual(c, f"{where}: choice {n}") for n, c in enumerate(choices, 1))
            try:
                self.quiz(question_id, kind=entry["kind"], prompt=prompt, choices=pairs, **options)
            except ValueError as exc:  # the question's own checks (kind, choices)
                raise DeclarationError(f"{path}: {exc}") from None

    @property
    def questions(self) -> list[Question]:
        """The section's quiz questions, in order."""
        return [s.question for s in self.specs.values() if isinstance(s, QuizSpec)]


QUESTION_KEYS = ("kind", "prompt", "choices", "rel_tol")


def quiz_entries(
    path: Path, keys: tuple[str, ...], required: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """The entries of a quiz data file by question id, each holding only ``keys``, all ``required``."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DeclarationError(f"{path}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise DeclarationError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise DeclarationError(f"{path}: expected question ids (q1, q2, ...) at the top level")
    for question_id, entry in data.items():
        where = f"{path}: {question_id}"
        if not isinstance(question_id, str) or not isinstance(entry, dict):
            raise DeclarationError(f"{where}: expected a question id mapping to {', '.join(keys)}")
        unknown = sorted(str(key) for key in entry if key not in keys)
        if unknown:
            raise DeclarationError(
                f"{where}: unknown key {', '.join(unknown)} (known: {', '.join(keys)})"
            )
        missing = [key for key in required if key not in entry]
        if missing:
            raise DeclarationError(f"{where}: missing {', '.join(missing)}")
    return data


def bilingual(value: object, where: str) -> tuple[str, str]:
    """``(zh, en)`` of a ``{zh: ..., en: ...}`` mapping of two strings."""
    if (
        not isinstance(value, dict)
        or set(value) != {"zh", "en"}
        or not all(isinstance(text, str) and text for text in value.values())
    ):
        raise DeclarationError(f"{where}: expected {{zh: ..., en: ...}}, two non-empty strings")
    return value["zh"], value["en"]


def _number(value: object, where: str) -> float:
    # PyYAML reads ``1e-9`` (no dot) as a string: accept what float() accepts.
    if not isinstance(value, bool):
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            pass
    raise DeclarationError(f"{where}: expected a number, got {value!r}")
