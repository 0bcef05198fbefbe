"""Every named mistake is recognised, and independent correct code earns full marks.

Buggy samples live in ``tests/buggy/<exercise id>/<mistake id>.py``: a module
holding the one function, with that mistake. Independent correct variants of
each section module live in ``tests/variants/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import catalogue
from autograder.model import Status

TESTS = Path(__file__).resolve().parent
BUGGY = TESTS / "buggy"
VARIANTS = TESTS / "variants"

SAMPLES = sorted(
    (folder.name, path.stem, path)
    for folder in BUGGY.iterdir()
    if folder.is_dir()
    for path in folder.glob("*.py")
)


def _module_of(exercise_id: str) -> str:
    return catalogue.spec(exercise_id).module


def test_every_mistake_has_a_buggy_sample() -> None:
    have = {(exercise_id, mistake) for exercise_id, mistake, _ in SAMPLES}
    missing = [
        f"{spec.id}: {rule.id}"
        for spec in catalogue.specs().values()
        for rule in spec.mistakes
        if (spec.id, rule.id) not in have
    ]
    assert not missing, "no buggy sample for " + ", ".join(missing)


def test_every_sample_names_a_declared_mistake() -> None:
    for exercise_id, mistake, path in SAMPLES:
        assert mistake in catalogue.spec(exercise_id).mistake_ids, path


@pytest.mark.parametrize(
    ("exercise_id", "mistake", "path"), SAMPLES, ids=[f"{e}:{m}" for e, m, _ in SAMPLES]
)
def test_hidden_grader_names_the_mistake(
    grader, exercise_id: str, mistake: str, path: Path
) -> None:
    result = grader.grade_source(_module_of(exercise_id), path.read_text(), exercise_id)
    assert result.score < result.max_score, result.feedback
    assert mistake in result.mistakes, result.feedback


@pytest.mark.parametrize(
    ("exercise_id", "mistake", "path"), SAMPLES, ids=[f"{e}:{m}" for e, m, _ in SAMPLES]
)
def test_public_check_names_the_mistake(grader, exercise_id: str, mistake: str, path: Path) -> None:
    result = grader.grade_source(
        _module_of(exercise_id), path.read_text(), exercise_id, hidden=False
    )
    assert result.score < result.max_score, result.feedback
    assert mistake in result.mistakes, result.feedback


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
