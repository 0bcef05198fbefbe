"""Every named mistake is recognised, correct code earns full marks, wrong code loses points.

The samples are modules as a student would write them, each holding the one function
graded, in a folder named by its exercise id:

- ``tests/buggy/<exercise id>/<mistake id>.py``: the sample of each declared mistake;
  ``<mistake id>--<name>.py``: more ways of making it, sometimes with a second slip.
  The hidden grader and the public check both take points off and name the mistake.
- ``tests/correct/<exercise id>/<name>.py``: other correct ways of writing it; full
  marks from the hidden grader and the public check.
- ``tests/wrong/<exercise id>/<name>.py``: wrong, but not one of the named mistakes:
  the hidden grader takes points off and names no mistake.

Independent correct variants of each whole section module live in ``tests/variants/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import catalogue
from autograder.model import ExerciseResult, Status

TESTS = Path(__file__).resolve().parent
BUGGY = TESTS / "buggy"
CORRECT = TESTS / "correct"
WRONG = TESTS / "wrong"
VARIANTS = TESTS / "variants"

# Sections where a buggy sample must be named with its mistake and with no other.
ONLY_ITS_MISTAKE = {"2.8"}


def _samples(folder: Path) -> list[tuple[str, str, Path]]:
    """(exercise id, file stem, path) for every ``folder/<exercise id>/<stem>.py``."""
    return sorted(
        (sub.name, path.stem, path)
        for sub in folder.iterdir()
        if sub.is_dir()
        for path in sub.glob("*.py")
    )


def _parametrize(samples: list[tuple[str, str, Path]]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("exercise_id", "stem", "path"), samples, ids=[f"{e}:{s}" for e, s, _ in samples]
    )


def _mistake_of(stem: str) -> str:
    """``flatten-includes-batch`` for ``flatten-includes-batch--view-1``."""
    return stem.split("--")[0]


SAMPLES = _samples(BUGGY)
CORRECT_SAMPLES = _samples(CORRECT)
WRONG_SAMPLES = _samples(WRONG)


def _grade(grader, exercise_id: str, path: Path, *, hidden: bool) -> ExerciseResult:
    module = catalogue.spec(exercise_id).module
    return grader.grade_source(module, path.read_text(), exercise_id, hidden=hidden)


def test_every_mistake_has_a_buggy_sample() -> None:
    have = {(exercise_id, _mistake_of(stem)) for exercise_id, stem, _ in SAMPLES}
    missing = [
        f"{spec.id}: {rule.id}"
        for spec in catalogue.specs().values()
        for rule in spec.mistakes
        if (spec.id, rule.id) not in have
    ]
    assert not missing, "no buggy sample for " + ", ".join(missing)


def test_every_sample_names_a_declared_mistake() -> None:
    for exercise_id, stem, path in SAMPLES:
        assert _mistake_of(stem) in catalogue.spec(exercise_id).mistake_ids, path


def test_every_sample_folder_is_a_declared_exercise() -> None:
    every = SAMPLES + CORRECT_SAMPLES + WRONG_SAMPLES
    for exercise_id, _, path in every:
        assert exercise_id in catalogue.specs(), path


def _costs_points(exercise_id: str, mistake: str) -> bool:
    """Whether naming the mistake costs points: a mistake seen in results, one the engine
    names from how the function was called (mutates-input, uses-builtin, no-return), or
    one declared with a cost. Other observations (a call made) only name it."""
    spec = catalogue.spec(exercise_id)
    rule = next((r for r in spec.mistakes if r.id == mistake), None)
    if rule is None or rule.cost > 0:
        return True
    scored = {f for c in spec.checks if c.scored for f in c.features}
    return rule.features is None or bool(set(rule.features) & scored)


def _names_the_mistake(grader, exercise_id: str, stem: str, path: Path, hidden: bool) -> None:
    result = _grade(grader, exercise_id, path, hidden=hidden)
    mistake = _mistake_of(stem)
    if _costs_points(exercise_id, mistake):
        assert result.score < result.max_score, result.feedback
    if result.section in ONLY_ITS_MISTAKE:
        assert list(result.mistakes) == [mistake], result.feedback
    else:
        assert mistake in result.mistakes, result.feedback


@_parametrize(SAMPLES)
def test_hidden_grader_names_the_mistake(grader, exercise_id: str, stem: str, path: Path) -> None:
    _names_the_mistake(grader, exercise_id, stem, path, hidden=True)


@_parametrize(SAMPLES)
def test_public_check_names_the_mistake(grader, exercise_id: str, stem: str, path: Path) -> None:
    _names_the_mistake(grader, exercise_id, stem, path, hidden=False)


def _gets_full_marks(grader, exercise_id: str, path: Path, hidden: bool) -> None:
    result = _grade(grader, exercise_id, path, hidden=hidden)
    assert result.status is Status.PASSED, result.feedback
    assert result.full_marks, result.feedback


@_parametrize(CORRECT_SAMPLES)
def test_hidden_grader_gives_correct_code_full_marks(
    grader, exercise_id: str, stem: str, path: Path
) -> None:
    _gets_full_marks(grader, exercise_id, path, hidden=True)


@_parametrize(CORRECT_SAMPLES)
def test_public_check_gives_correct_code_full_marks(
    grader, exercise_id: str, stem: str, path: Path
) -> None:
    _gets_full_marks(grader, exercise_id, path, hidden=False)


@_parametrize(WRONG_SAMPLES)
def test_wrong_code_loses_points_and_no_mistake_is_named(
    grader, exercise_id: str, stem: str, path: Path
) -> None:
    result = _grade(grader, exercise_id, path, hidden=True)
    assert result.score < result.max_score, result.feedback
    assert not result.mistakes, result.feedback


@pytest.mark.parametrize("module", list(catalogue.sections()))
def test_independent_correct_variant_gets_full_marks(grader, module: str) -> None:
    variant = VARIANTS / f"{module}.py"
    assert variant.is_file(), f"write an independent correct version of {module} in {variant}"
    folder = grader.folder_with({f"{module}.py": variant.read_text()})
    report = grader.grade_dir(folder, [catalogue.sections()[module].id])
    for result in report.exercises:
        assert result.status is Status.PASSED, f"{result.id}: {result.feedback}"


@pytest.mark.parametrize("module", list(catalogue.sections()))
def test_solutions_get_full_marks(grader, module: str) -> None:
    root = TESTS.parent / "solutions"
    report = grader.grade_dir(root, [catalogue.sections()[module].id])
    assert report.score == report.max_score, [
        r.feedback for r in report.exercises if not r.full_marks
    ]


# Patches a student could put in their own module to fool graders that judge
# inside the student's process. The verdict is taken in the grader, so they
# must never raise a score.
CHEATS = """\
import math as _math
import torch as _torch
_torch.equal = lambda *args, **kwargs: True
_torch.allclose = lambda *args, **kwargs: True
_torch.isclose = lambda a, *args, **kwargs: _torch.ones_like(a, dtype=_torch.bool)
_torch.Tensor.equal = lambda self, *args, **kwargs: True
_torch.Tensor.allclose = lambda self, *args, **kwargs: True
_torch.Tensor.__eq__ = lambda self, other: _torch.ones_like(self, dtype=_torch.bool)
_true = _torch.tensor(True)
_torch.all = lambda *args, **kwargs: _true
_torch.any = lambda *args, **kwargs: _true
_torch.Tensor.all = lambda self, *args, **kwargs: _true
_torch.Tensor.any = lambda self, *args, **kwargs: _true
_math.isclose = lambda *args, **kwargs: True
import autograder.engine.compare as _compare
_compare.compare = lambda *args, **kwargs: None
import autograder.probing.probe_tools as _tools
_tools.observe_call = lambda call: ["ValueError", "every value: -1 -2 -3 -4 -5 -6 -7 -8 -9 0"]
_tools.snapshot = lambda *tensors: [t.detach().clone() for t in tensors]
"""


def with_cheats(source: str) -> str:
    """The module with the cheats added after its ``__future__`` imports."""
    lines = source.splitlines(keepends=True)
    cut = max(
        (i + 1 for i, line in enumerate(lines) if line.startswith("from __future__")), default=0
    )
    return "".join(lines[:cut]) + CHEATS + "".join(lines[cut:])


PRIMARY = [(e, s, p) for e, s, p in SAMPLES if "--" not in s]


@_parametrize(PRIMARY)
def test_patching_torch_or_the_grader_gains_nothing(
    grader, exercise_id: str, stem: str, path: Path
) -> None:
    module = catalogue.spec(exercise_id).module
    honest = grader.grade_source(module, path.read_text(), exercise_id)
    cheating = grader.grade_source(module, with_cheats(path.read_text()), exercise_id)
    assert "Importing" not in cheating.feedback, "the patches themselves must import cleanly"
    assert cheating.score <= honest.score, cheating.feedback
