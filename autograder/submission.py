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
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

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
    extra_dirs: list[Path] = field(default_factory=list)  # e.g. an unpacked zip

    @property
    def present(self) -> list[str]:
        """Names of the modules the submission holds."""
        return [name for name, path in self.modules.items() if path is not None]

    def cleanup(self) -> None:
        """Remove the folders made while reading the submission."""
        for folder in [self.workdir, *self.extra_dirs]:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self.workdir = None
        self.extra_dirs = []


MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_ZIP_FILES = 2000


def locate_submission(path: Path | str, course: Course) -> Submission:
    """Map every course module to its file in ``path`` (a folder, a module, a notebook or a .zip)."""
    path = Path(path)
    names = [section.module for section in course.sections]
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder")
    if path.is_file() and path.suffix == ".zip":
        unpacked = Path(tempfile.mkdtemp(prefix="ch2-zip-"))
        try:
            folder = _unzip(path, unpacked)
            submission = locate_submission(folder, course)
        except BaseException:
            shutil.rmtree(unpacked, ignore_errors=True)
            raise
        submission.extra_dirs.append(unpacked)
        return submission
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
            answered = _answer_key(entry.id)
            answer = cell_grade_id(ANSWER_PREFIX, answered)
            if answered in extracted.broken_answers:
                submission.exercise_notes[entry.id] = extracted.broken_answers[answered]
            elif extracted.answer_items and answered not in extracted.answer_items:
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


def _unzip(archive: Path, target: Path) -> Path:
    """Extract a submission archive safely; the folder that holds its content.

    Members with absolute paths, ``..`` or links are refused; so are archives
    that would expand beyond the size or file-count limits.
    """
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_FILES or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
                raise SubmissionError(f"{archive}: the archive is too large to be a submission")
            for member in members:
                name = PurePosixPath(member.filename)
                is_link = stat.S_ISLNK(member.external_attr >> 16)
                if name.is_absolute() or ".." in name.parts or is_link:
                    raise SubmissionError(
                        f"{archive}: refusing the unsafe entry {member.filename!r}"
                    )
                destination = target.joinpath(*name.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(member) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(f"{archive}: not a valid zip archive ({exc})") from exc
    entries = [p for p in target.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else target
