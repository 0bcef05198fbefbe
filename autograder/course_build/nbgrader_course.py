"""Write a ready nbgrader course directory for the chapter.

    <root>/nbgrader_config.py          course id, exchange, our autograde pipeline
    <root>/source/<assignment>/*.ipynb one source notebook per section, nothing else

Everything in ``source/<assignment>/`` is copied into the release, so only the
notebooks go there.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.atomic import replace_file
from autograder.course import Course
from autograder.course_build.notebooks import (
    REPO,
    build_notebook,
    notebook_bytes,
    write_notebook,
)
from autograder.errors import AutograderError

DEFAULT_ASSIGNMENT = "ch2"

CONFIG = '''\
"""nbgrader configuration for the course {course_id}, written by `ch2-grade build-course`.

Autograde does not execute student notebooks in a kernel: GradeWithEngine grades
their code with the hidden graders in isolated processes (as `ch2-grade grade`
does) and writes each test cell's verdict, which SaveAutoGrades records.
"""

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    LimitOutput,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from autograder.nbgrader_ext.export import DetailedCsvExport
from autograder.nbgrader_ext.preprocessors import (
    GradeWithEngine,
    HideGradingNotes,
    RecordGradingNotes,
)
from autograder.nbgrader_ext.reader import RepairingNotebookExporter
from autograder.nbgrader_ext.renamed import renamed_notebook_hook
from autograder.nbgrader_ext.tampering import FlagEditedCells

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.Exchange.root = {exchange!r}

# The course file this course was built from: autograde grades with its points, limits
# and sandbox settings. Edit that file, then re-run build-course and generate_assignment.
COURSE_FILE = {course_file!r}

# Grading: the isolated engine instead of the student's kernel.
c.Autograde.exporter_class = RepairingNotebookExporter
c.Autograde.autograde_preprocessors = [
    GradeWithEngine,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    RecordGradingNotes,
    AssignLatePenalties,
]
# The nbgrader metadata was checked (CheckCellMetadata) when the notebook was sanitized;
# checking it again, and the whole notebook after every step, only costs time.
c.RepairingNotebookExporter.optimistic_validation = True
c.GradeWithEngine.course_file = COURSE_FILE
c.GradeWithEngine.lang = {lang!r}
c.GradeWithEngine.reveal_quiz_answers = False
c.RepairingNotebookExporter.course_file = COURSE_FILE
c.RepairingNotebookExporter.lang = {lang!r}
c.OverwriteCells.add_missing_cells = True
# Restoring locked cells: silent for cells as released, one warning and a review flag for
# a cell the student edited. A section notebook saved under another name is graded, flagged.
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    FlagEditedCells,
    CheckCellMetadata,
]
c.Autograde.pre_convert_hook = renamed_notebook_hook(COURSE_FILE)
c.FlagEditedCells.course_file = COURSE_FILE

# Kernels still run where students validate their work: give `import torch` time.
c.Execute.timeout = 120

# Feedback students fetch: test cells without their hidden part, and no grading notes in
# comments (students read them in the notebook; the sandbox note is the instructors').
c.GenerateFeedback.preprocessors = [
    GetGrades,
    HideGradingNotes,
    ClearHiddenTests,
    CSSHTMLHeaderPreprocessor,
]

# `nbgrader export`: points per exercise and quiz item, review flags and notes.
c.ExportApp.plugin_class = DetailedCsvExport
'''


@dataclass(frozen=True)
class CourseBuild:
    """What ``build_course`` did: files written, files already as they should be, where
    the replaced files were saved (``--force``), and files in the source folder that are
    not ours (nbgrader would release them to students)."""

    written: list[Path]
    unchanged: list[Path]
    backup: Path | None
    strays: list[Path]


class CourseExistsError(AutograderError):
    """The folder holds a course whose files differ from what would be written."""

    exit_code = 8


def build_course(
    root: Path,
    course: Course,
    *,
    lang: str | None = None,
    exchange: Path | None = None,
    assignment: str = DEFAULT_ASSIGNMENT,
    sources: Path = REPO,
    force: bool = False,
) -> CourseBuild:
    """Write the course directory.

    Everything is made and checked before anything is written (an exercise the
    catalogue does not declare stops the build with nothing written); each file is
    replaced atomically. A file that exists with other content (an instructor's edit,
    another course) is only replaced with ``force``, after a copy is saved in
    ``<root>/backup-<time>/``.
    """
    from autograder.grading import specs_for

    specs_for(course, course.exercises)  # raises CourseConfigError naming what is unknown
    root = Path(root).resolve()
    lang = lang or course.default_language
    exchange = (Path(exchange) if exchange else root / "exchange").resolve()
    source = root / "source" / assignment
    planned: dict[Path, bytes] = {
        root / "nbgrader_config.py": CONFIG.format(
            course_id=course.id,
            exchange=str(exchange),
            lang=lang,
            course_file=str(Path(course.path).resolve()),
        ).encode("utf-8")
    }
    for section in course.sections:
        notebook = build_notebook(section, course, lang=lang, variant="source", root=sources)
        planned[source / f"{section.module}.ipynb"] = notebook_bytes(notebook)
    different = [p for p, data in planned.items() if p.exists() and _content(p) != data]
    strays = sorted(p for p in source.iterdir() if p not in planned) if source.is_dir() else []
    if different and not force:
        shown = ", ".join(str(p.relative_to(root)) for p in different[:4])
        raise CourseExistsError(
            f"{root} already holds a course whose files differ from what build-course writes "
            f"({shown}{', ...' if len(different) > 4 else ''}); nothing was changed. "
            "Re-run with --force to replace them (a copy is kept in backup-<time>/)."
        )
    backup = _save(root, different) if different else None
    written, unchanged = [], []
    for path, data in planned.items():
        if path.exists() and path not in different:
            unchanged.append(path)
            continue
        replace_file(path, data, 0o644)
        written.append(path)
    return CourseBuild(written, unchanged, backup, strays)


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _save(root: Path, files: list[Path]) -> Path:
    """Copies of ``files`` under ``root/backup-<time>/``, at their paths below ``root``."""
    folder = root / time.strftime("backup-%Y%m%d-%H%M%S")
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = root / time.strftime(f"backup-%Y%m%d-%H%M%S-{suffix}")
    for path in files:
        target = folder / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return folder


def build_student_notebooks(
    target: Path, course: Course, *, lang: str | None = None, sources: Path = REPO
) -> list[Path]:
    """Write the student version of every section notebook into ``target``."""
    lang = lang or course.default_language
    written = []
    for section in course.sections:
        path = Path(target) / f"{section.module}.ipynb"
        write_notebook(
            build_notebook(section, course, lang=lang, variant="student", root=sources), path
        )
        written.append(path)
    return written
