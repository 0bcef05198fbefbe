"""Write a ready nbgrader course directory for the chapter.

    <root>/nbgrader_config.py          course id, exchange, our autograde pipeline
    <root>/source/<assignment>/*.ipynb one source notebook per section, nothing else

Everything in ``source/<assignment>/`` is copied into the release, so only the
notebooks go there.
"""

from __future__ import annotations

from pathlib import Path

from autograder.course import Course
from autograder.course_build.notebooks import REPO, build_notebook, write_notebook

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
    GetGrades,
    LimitOutput,
    SaveAutoGrades,
)

from autograder.nbgrader_ext.export import DetailedCsvExport
from autograder.nbgrader_ext.preprocessors import GradeWithEngine, RecordGradingNotes
from autograder.nbgrader_ext.reader import RepairingNotebookExporter

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.Exchange.root = {exchange!r}

# Grading: the isolated engine instead of the student's kernel.
c.Autograde.exporter_class = RepairingNotebookExporter
c.Autograde.autograde_preprocessors = [
    GradeWithEngine,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    RecordGradingNotes,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.GradeWithEngine.lang = {lang!r}
c.GradeWithEngine.reveal_quiz_answers = False
c.RepairingNotebookExporter.lang = {lang!r}
c.OverwriteCells.add_missing_cells = True

# Kernels still run where students validate their work: give `import torch` time.
c.Execute.timeout = 120

# Feedback students fetch: test cells without their hidden part.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# `nbgrader export`: points per exercise and quiz item, review flags and notes.
c.ExportApp.plugin_class = DetailedCsvExport
'''


def build_course(
    root: Path,
    course: Course,
    *,
    lang: str | None = None,
    exchange: Path | None = None,
    assignment: str = DEFAULT_ASSIGNMENT,
    sources: Path = REPO,
) -> list[Path]:
    """Write the course directory; returns the files written."""
    root = Path(root).resolve()
    lang = lang or course.default_language
    exchange = (Path(exchange) if exchange else root / "exchange").resolve()
    written = []
    config = root / "nbgrader_config.py"
    root.mkdir(parents=True, exist_ok=True)
    config.write_text(
        CONFIG.format(course_id=course.id, exchange=str(exchange), lang=lang), encoding="utf-8"
    )
    written.append(config)
    source = root / "source" / assignment
    for section in course.sections:
        path = source / f"{section.module}.ipynb"
        write_notebook(
            build_notebook(section, course, lang=lang, variant="source", root=sources), path
        )
        written.append(path)
    return written


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
