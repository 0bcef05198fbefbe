"""Find a submission's section modules: ``.py`` modules or section notebooks.

A submission is a folder holding any of the section modules (``s21_basics.py``
or ``s21_basics.ipynb``; a folder whose modules sit in ``exercises/`` or
``notebooks/`` works too), or one module or notebook file. Notebooks are
turned into modules in a private folder; what went wrong while reading them
(a damaged file, a cell that does not compile, a deleted answer cell) is kept
as notes that end up in the feedback.

Every submitted file is hostile input: it is read without following links,
only if it is a regular file with one name, within a size cap, and a module
must be text Python can read (see :mod:`autograder.safe_io`). A refused file
is never handed on: its module counts as missing, with a note naming the file
and the reason, and every other module is still graded.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.course import Course
from autograder.errors import SubmissionError
from autograder.ipynb import ANSWER_PREFIX, cell_grade_id, module_source, parse_notebook_bytes
from autograder.safe_io import (
    MAX_MODULE_BYTES,
    MAX_NOTEBOOK_BYTES,
    UnsafeFileError,
    describe_size,
    is_plain_dir,
    lexists,
    open_regular_file,
    printable,
    python_text,
    read_regular_file,
)

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
    """Map every course module to its file in ``path`` (a folder, a module, a notebook or a .zip).

    The folder named by ``path`` may be reached through a link (whoever runs the
    grader chose it); everything in it, and a single file named by ``path``, is
    read without following links, within the size caps of :mod:`autograder.safe_io`.
    A file that is refused leaves its module out, with a note saying why.
    """
    path = Path(path)
    names = [section.module for section in course.sections]
    if path.is_dir():
        return _from_folder(path.resolve(), names, course)
    if not lexists(path):
        raise SubmissionError(f"{path}: no such file or folder")
    if path.suffix == ".zip":
        return _from_zip(path, names, course)
    if path.suffix not in (".py", ".ipynb") or path.stem not in names:
        raise SubmissionError(
            f"{path}: not a section module or notebook; expected one of "
            + ", ".join(f"{n}.py" for n in names)
        )
    root = path.parent.resolve()
    found = {n: (root / path.name if n == path.stem else None) for n in names}
    return _materialize(root, found, course)


def _from_zip(archive: Path, names: list[str], course: Course) -> Submission:
    unpacked = Path(tempfile.mkdtemp(prefix="ch2-zip-"))
    try:
        folder = _unzip(archive, unpacked)
        submission = _from_folder(folder, names, course)
    except BaseException:
        shutil.rmtree(unpacked, ignore_errors=True)
        raise
    submission.extra_dirs.append(unpacked)
    return submission


def _from_folder(folder: Path, names: list[str], course: Course) -> Submission:
    """The modules in ``folder`` or in its ``exercises/`` or ``notebooks/`` sub-folder."""
    modules_folder, notes = _modules_folder(folder, names)
    found = {n: _module_file(modules_folder, n) for n in names}
    submission = _materialize(folder, found, course)
    for name in names:  # say why a module may be missing: the folder holding it was a link
        if notes and submission.modules[name] is None and name not in submission.module_notes:
            submission.module_notes[name] = list(notes)
    return submission


def _modules_folder(folder: Path, names: list[str]) -> tuple[Path, list[str]]:
    """Where the modules are, and notes on sub-folders that were not entered (links)."""
    notes = [
        f"not graded: {sub}/ is a link; submit the folder itself"
        for sub in _SUBFOLDERS
        if (folder / sub).is_symlink()
    ]
    if _holds_any(folder, names):
        return folder, notes
    inner = (folder / sub for sub in _SUBFOLDERS)
    return next((f for f in inner if _holds_any(f, names)), folder), notes


def _holds_any(folder: Path, names: list[str]) -> bool:
    return is_plain_dir(folder) and any(_module_file(folder, n) for n in names)


def _module_file(folder: Path, name: str) -> Path | None:
    """The module's file in ``folder``, even a link (it is refused later, with a note)."""
    for suffix in (".py", ".ipynb"):
        candidate = folder / f"{name}{suffix}"
        if lexists(candidate):
            return candidate
    return None


def _materialize(root: Path, found: dict[str, Path | None], course: Course) -> Submission:
    """Check every module file in ``root``; turn notebooks into modules in a private folder.

    ``.py`` files that pass the checks are used where they are; a refused file
    leaves its module out (None) with a note, so nobody reads it later.
    """
    submission = Submission(root, {})
    try:
        for name, file in found.items():
            submission.modules[name] = None
            if file is None:
                continue
            try:
                if file.suffix == ".py":
                    python_text(read_regular_file(file, MAX_MODULE_BYTES, beneath=root), file.name)
                    submission.modules[name] = file
                else:
                    data = read_regular_file(file, MAX_NOTEBOOK_BYTES, beneath=root)
                    submission.modules[name] = _convert(file.name, data, name, course, submission)
            except UnsafeFileError as exc:
                submission.module_notes[name] = [f"not graded: {printable(str(exc))}"]
    except BaseException:
        submission.cleanup()
        raise
    return submission


def _convert(
    file_name: str, data: bytes, name: str, course: Course, submission: Submission
) -> Path:
    """Write the notebook's code as a module in the submission's private folder."""
    notebook = parse_notebook_bytes(data)
    if not notebook.readable:
        raise UnsafeFileError(f"{file_name}: {notebook.damage}")
    extracted = module_source(notebook)
    if len(extracted.source.encode("utf-8", "backslashreplace")) > MAX_MODULE_BYTES:
        raise UnsafeFileError(
            f"{file_name} holds too much code (at most {describe_size(MAX_MODULE_BYTES)} is graded)"
        )
    notes = []
    if notebook.damage:
        notes.append(f"{file_name} was damaged: {notebook.damage}; graded from what was recovered")
    notes += [f"{file_name}: {problem}" for problem in extracted.problems]
    submission.module_notes[name] = [printable(note) for note in notes]
    section = course.section_for_module(name)
    if section is not None:
        for entry in section.exercises:
            answered = _answer_key(entry.id)
            answer = cell_grade_id(ANSWER_PREFIX, answered)
            if answered in extracted.broken_answers:
                submission.exercise_notes[entry.id] = printable(extracted.broken_answers[answered])
            elif extracted.answer_items and answered not in extracted.answer_items:
                submission.exercise_notes[entry.id] = (
                    f"the answer cell {answer} is missing from {file_name}"
                )
    if submission.workdir is None:
        submission.workdir = Path(tempfile.mkdtemp(prefix="ch2-notebooks-"))
    target = submission.workdir / f"{name}.py"
    # Cells that do not encode were left out by module_source; comments may still quote them.
    target.write_text(extracted.source, encoding="utf-8", errors="backslashreplace")
    return target


def _answer_key(exercise_id: str) -> str:
    """The answer cell's id for an exercise: quiz items share one cell per section."""
    parts = exercise_id.split(".")
    return ".".join(parts[:3]) if len(parts) > 3 and parts[2] == "quiz" else exercise_id


def _unzip(archive: Path, target: Path) -> Path:
    """Extract a submission archive safely; the folder that holds its content.

    The archive itself is read like any submitted file (no link, size-capped).
    Members with absolute paths, ``..`` or links are refused; so are archives
    that would expand beyond the size or file-count limits. What is extracted
    is read later through the same checks as any submitted file.
    """
    fd = open_regular_file(archive, MAX_ZIP_BYTES)
    try:
        with os.fdopen(fd, "rb") as stream, zipfile.ZipFile(stream) as bundle:
            _extract(archive, bundle, target)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(f"{archive}: not a valid zip archive ({exc})") from exc
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        # A member that cannot be written (odd name, file over folder) or decompressed.
        raise SubmissionError(f"{archive}: the archive cannot be extracted ({exc})") from exc
    entries = [p for p in target.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else target


def _extract(archive: Path, bundle: zipfile.ZipFile, target: Path) -> None:
    members = [m for m in bundle.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_FILES or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        raise SubmissionError(f"{archive}: the archive is too large to be a submission")
    names = [m.filename for m in members]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:  # which copy is "the" file would depend on the tool that unpacks it
        raise SubmissionError(f"{archive}: the archive holds {repeated[0]!r} more than once")
    for member in members:
        name = PurePosixPath(member.filename)
        is_link = stat.S_ISLNK(member.external_attr >> 16)
        if name.is_absolute() or ".." in name.parts or is_link or not name.parts:
            raise SubmissionError(f"{archive}: refusing the unsafe entry {member.filename!r}")
        destination = target.joinpath(*name.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        # The member's declared size bounds what zipfile hands out, whatever the data claims.
        with bundle.open(member) as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
