"""`ch2-grade build-course` on a live course: validate first, never overwrite an
instructor's work without --force (and then keep a copy), warn about files it would
release that are not ours."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _build(root: Path, *args: str, course: Path | None = None):
    options = ["--course", str(course)] if course else []
    return CliRunner().invoke(main, [*options, "build-course", str(root), "--lang", "en", *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("course") / "ch2-course"
    result = _build(root)
    assert result.exit_code == 0, result.output
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_an_unknown_exercise_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    course = tmp_path / "course.yml"
    course.write_text(
        (ROOT / "course.yml")
        .read_text(encoding="utf-8")
        .replace(
            "      - {name: count_parameters, points: 2}\n",
            "      - {name: count_parameters, points: 2}\n      - {name: bogus_fn, points: 1}\n",
        ),
        encoding="utf-8",
    )
    result = _build(tmp_path / "ch2-course", course=course)
    assert result.exit_code == 3
    assert "no exercise '2.1.bogus_fn' is declared" in result.output
    assert not (tmp_path / "ch2-course").exists()


def test_a_second_build_of_the_same_course_changes_nothing(built: Path) -> None:
    before = _files(built)
    result = _build(built)
    assert result.exit_code == 0, result.output
    assert "wrote" not in result.output and result.output.count("unchanged") == 9
    assert _files(built) == before


def test_an_instructors_edit_is_not_overwritten_without_force(built: Path) -> None:
    notebook = built / "source" / "ch2" / "s23_activations_losses.ipynb"
    original = notebook.read_bytes()
    edited = original.replace(
        b'"cells": [',
        b'"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["my note"]},',
        1,
    )
    notebook.write_bytes(edited)
    config = (built / "nbgrader_config.py").read_bytes()
    try:
        refused = _build(built)
        assert refused.exit_code == 8
        assert "source/ch2/s23_activations_losses.ipynb" in refused.output
        assert "--force" in refused.output and "nothing was changed" in refused.output
        assert notebook.read_bytes() == edited
        assert (built / "nbgrader_config.py").read_bytes() == config

        forced = _build(built, "--force")
        assert forced.exit_code == 0, forced.output
        backups = sorted(built.glob("backup-*"))
        assert len(backups) == 1 and f"saved the files it replaced in {backups[0]}" in forced.output
        saved = backups[0] / "source" / "ch2" / "s23_activations_losses.ipynb"
        assert saved.read_bytes() == edited
        assert notebook.read_bytes() == original
        assert f"wrote {notebook}" in forced.output
        assert not (backups[0] / "nbgrader_config.py").exists()  # only what was replaced
    finally:
        notebook.write_bytes(original)


def test_files_that_would_be_released_and_are_not_ours_are_named(built: Path) -> None:
    stray = built / "source" / "ch2" / "answers-draft.py"
    stray.write_text("KEY = 'B'\n", encoding="utf-8")
    try:
        result = _build(built)
        assert result.exit_code == 0, result.output
        assert (
            f"warning: {stray} is not one of the course's notebooks; "
            "generate_assignment would release it to students"
        ) in result.output
        assert stray.read_text(encoding="utf-8") == "KEY = 'B'\n"
    finally:
        stray.unlink()
