"""Find a submission's section modules: ``.py`` modules or section notebooks.

A submission is a folder holding any of the section modules (``s21_basics.py``
or ``s21_basics.ipynb``; a folder whose modules sit in ``exercises/`` or
``notebooks/`` works too), or one module or notebook file. Notebooks are
turned into modules in a private folder; what went wrong while reading them
(a damaged file, a cell that does not compile, a deleted answer cell) is kept
as notes that end up in the feedback.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course import Course
from autograder.errors import SubmissionError
from autograder.ipynb import ANSWER_PREFIX, cell_grade_id, module_source, read_notebook

_SUBFOLDERS = ("exercises", "notebooks")


@dataclass
class Submission:
    """Where each course module is (None when missing), and notes from reading it."""

    root: Path
    modules: dict[str, Path | None]
    module_notes: dict[str, list[str]] = field(default_factory=dict)
    exercise_notes: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None

    @property
    def present(self) -> list[str]:
        """Names of the modules the submission holds."""
        return [name for name, path in self.modules.items() if path is not None]

    def cleanup(self) -> None:
        """Remove the folder of modules made from notebooks."""
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def locate_submission(path: Path | str, course: Course) -> Submission:
    """Map every course module to its file in ``path`` (a folder, a module or a notebook)."""
    path = Path(path)
    names = [section.module for section in course.sections]
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix not in (".py", ".ipynb") or path.stem not in names:
            raise SubmissionError(
                f"{path}: not a section module or notebook; expected one of "
                + ", ".join(f"{n}.py" for n in names)
            )
        found = {n: (path if n == path.stem else None) for n in names}
        return _materialize(path.parent, found, course)
    folder = path
    if not _holds_any(folder, names):
        folder = next((folder / s for s in _SUBFOLDERS if _holds_any(folder / s, names)), folder)
    found = {n: _module_file(folder, n) for n in names}
    return _materialize(folder, found, course)


def _holds_any(folder: Path, names: list[str]) -> bool:
    return folder.is_dir() and any(_module_file(folder, n) for n in names)


def _module_file(folder: Path, name: str) -> Path | None:
    for suffix in (".py", ".ipynb"):
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _materialize(root: Path, found: dict[str, Path | None], course: Course) -> Submission:
    """Turn notebooks into modules in a private folder; .py files are used where they are."""
    submission = Submission(root.resolve(), {})
    for name, file in found.items():
        if file is None or file.suffix == ".py":
            submission.modules[name] = file.resolve() if file else None
            continue
        if submission.workdir is None:
            submission.workdir = Path(tempfile.mkdtemp(prefix="ch2-notebooks-"))
        submission.modules[name] = _convert(file, name, course, submission)
    return submission


def _convert(notebook_path: Path, name: str, course: Course, submission: Submission) -> Path:
    assert submission.workdir is not None
    notebook = read_notebook(notebook_path)
    extracted = module_source(notebook)
    notes = []
    if notebook.damage:
        notes.append(
            f"{notebook_path.name} was damaged: {notebook.damage}; graded from what was recovered"
        )
    notes += [f"{notebook_path.name}: {problem}" for problem in extracted.problems]
    submission.module_notes[name] = notes
    section = course.section_for_module(name)
    if section is not None:
        for entry in section.exercises:
            answer = cell_grade_id(ANSWER_PREFIX, _answer_key(entry.id))
            if answer in extracted.broken_answers:
                submission.exercise_notes[entry.id] = extracted.broken_answers[answer]
            elif extracted.answer_ids and answer not in extracted.answer_ids:
                submission.exercise_notes[entry.id] = (
                    f"the answer cell {answer} is missing from {notebook_path.name}"
                )
    target = submission.workdir / f"{name}.py"
    target.write_text(extracted.source, encoding="utf-8")
    return target


def _answer_key(exercise_id: str) -> str:
    """The answer cell's id for an exercise: quiz items share one cell per section."""
    parts = exercise_id.split(".")
    return ".".join(parts[:3]) if len(parts) > 3 and parts[2] == "quiz" else exercise_id
