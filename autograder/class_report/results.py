"""The class's results as plain records, read from a batch output folder.

Reports are read as data, never followed as links, with a size cap: a folder
that holds something else (a planted link, a huge file, broken JSON) loses that
file only, which the report lists under "needs a human".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.errors import SubmissionError
from autograder.reporters.json_report import read_report_file
from autograder.safe_io import read_regular_file

MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024
# Where GradeWithEngine keeps a notebook's verdicts in the autograded copy.
NOTEBOOK_REPORT_KEY = "ch2_report"


@dataclass(frozen=True)
class ItemResult:
    """One exercise or quiz item of one student."""

    id: str
    score: float
    max_score: float
    status: str
    mistakes: tuple[str, ...] = ()
    answer: str = ""

    @property
    def section(self) -> str:
        """``2.3`` for ``2.3.softmax`` and ``2.3.quiz.q1``."""
        return ".".join(self.id.split(".")[:2])

    @property
    def is_quiz(self) -> bool:
        """Whether it is a quiz item."""
        return ".quiz." in self.id


@dataclass(frozen=True)
class StudentResult:
    """One student's graded submission (or why it could not be graded)."""

    student: str
    file: str  # the report's file name, for the drill-down
    items: dict[str, ItemResult]
    notes: tuple[str, ...] = ()
    protection: str = ""
    grading_error: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    flagged: tuple[str, ...] = ()  # notebooks nbgrader flagged for review

    @property
    def score(self) -> float:
        """Points earned over every item."""
        return round(sum(i.score for i in self.items.values()), 2)

    @property
    def max_score(self) -> float:
        """Points available over every item."""
        return round(sum(i.max_score for i in self.items.values()), 2)


@dataclass(frozen=True)
class ClassResults:
    """Every student's results, and the files that could not be read."""

    students: list[StudentResult]
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)


def read_batch_folder(folder: Path | str) -> ClassResults:
    """The reports of a ``ch2-grade batch`` output folder (``*.json`` directly in it)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SubmissionError(f"{folder}: not a folder of batch results")
    students: list[StudentResult] = []
    unreadable: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = read_report_file(path)
            students.append(student_from_report(data, path.name))
        except (OSError, ValueError, TypeError, KeyError, RecursionError, SubmissionError) as exc:
            unreadable.append((path.name, str(exc)[:200] or type(exc).__name__))
    return ClassResults(students, unreadable)


def student_from_report(data: Any, file: str) -> StudentResult:
    """One student's record from a batch JSON report (``ValueError`` if it is none)."""
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise ValueError("not a batch report")
    items: dict[str, ItemResult] = {}
    feedback: dict[str, str] = {}
    for entry in data["exercises"]:
        item = ItemResult(
            id=str(entry["id"]),
            score=float(entry["score"]),
            max_score=float(entry["max_score"]),
            status=str(entry["status"]),
            mistakes=tuple(str(m) for m in entry.get("mistakes") or ()),
            answer=str(entry.get("answer") or ""),
        )
        items[item.id] = item
        feedback[item.id] = str(entry.get("feedback") or "")
    return StudentResult(
        student=str(data.get("student", Path(file).stem)),
        file=file,
        items=items,
        notes=tuple(str(n) for n in data.get("notes") or ()),
        protection=str(data.get("protection") or ""),
        grading_error=str(data.get("grading_error") or ""),
        feedback=feedback,
    )


def read_nbgrader_course(root: Path | str, assignment: str | None = None) -> ClassResults:
    """The class of an nbgrader course folder, read through its gradebook.

    The gradebook says who submitted, which notebooks, and which are flagged for
    review; each autograded notebook holds its verdicts (written by
    ``GradeWithEngine``). A student's notebooks make one record, as ``batch`` makes
    one report of a submission; a notebook without verdicts is listed as unreadable.
    """
    from nbgrader.api import Gradebook

    root = Path(root)
    database = root / "gradebook.db"
    if not database.is_file():
        raise SubmissionError(f"{root}: no gradebook.db (not an nbgrader course folder)")
    students: list[StudentResult] = []
    unreadable: list[tuple[str, str]] = []
    with Gradebook(f"sqlite:///{database}") as gradebook:
        names = [a.name for a in gradebook.assignments]
        if assignment is None:
            if len(names) != 1:
                raise SubmissionError(
                    f"{root}: the gradebook has the assignments {', '.join(names) or 'none'}; "
                    "choose one with --assignment"
                )
            assignment = names[0]
        for submission in gradebook.assignment_submissions(assignment):
            student = submission.student_id
            parts = []
            flagged = []
            for notebook in submission.notebooks:
                path = root / "autograded" / student / assignment / f"{notebook.name}.ipynb"
                if notebook.flagged or notebook.needs_manual_grade:  # our review flag
                    flagged.append(notebook.name)
                try:
                    data = json.loads(read_regular_file(path, MAX_NOTEBOOK_BYTES).decode("utf-8"))
                    parts.append(data["metadata"][NOTEBOOK_REPORT_KEY])
                except (
                    OSError,
                    ValueError,
                    TypeError,
                    KeyError,
                    RecursionError,
                    SubmissionError,
                ) as exc:
                    unreadable.append((f"{student}/{notebook.name}.ipynb", str(exc)[:200]))
            if parts:
                students.append(_merged(student, parts, tuple(flagged)))
    return ClassResults(students, unreadable)


def _merged(student: str, parts: list[Any], flagged: tuple[str, ...]) -> StudentResult:
    """One record of a student's notebooks' reports (their notes, then how code ran)."""
    errors = [str(p.get("grading_error")) for p in parts if p.get("grading_error")]
    graded = [
        student_from_report({**p, "student": student}, student)
        for p in parts
        if isinstance(p, dict) and isinstance(p.get("exercises"), list)
    ]
    items: dict[str, ItemResult] = {}
    feedback: dict[str, str] = {}
    notes: list[str] = []
    for record in graded:
        items.update(record.items)
        feedback.update(record.feedback)
        notes.extend(n for n in record.notes[:-1] if n not in notes)
    protection = graded[-1].protection if graded else ""
    last = [graded[-1].notes[-1]] if graded and graded[-1].notes else []
    return StudentResult(
        student=student,
        file=student,
        items=items,
        notes=tuple(notes + last),
        protection=protection,
        grading_error="; ".join(errors) if errors and not graded else "",
        feedback=feedback,
        flagged=flagged,
    )
