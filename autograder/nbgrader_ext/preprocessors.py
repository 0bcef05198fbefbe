"""nbgrader preprocessors that grade with the isolated engine instead of the student's kernel.

``GradeWithEngine`` replaces ``Execute`` in ``Autograde.autograde_preprocessors``:
the notebook's code is graded with the hidden graders in separate processes
(exactly as ``ch2-grade grade`` grades the same notebook), and each test
cell's output is set to its verdict, in the form ``SaveAutoGrades`` reads:
an error output for 0 points, an ``execute_result`` holding the points for
partial credit, plain text for full marks. Nothing a student does in their
kernel or in an answer cell (patching torch, deleting a test cell) reaches
the process that decides.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from autograder.class_report.results import NOTEBOOK_REPORT_KEY
from autograder.course import Course, SectionEntry
from autograder.executor.zygote import Zygote
from autograder.i18n import MESSAGES, t
from autograder.ipynb import ANSWER_PREFIX, TEST_PREFIX, is_test_cell, item_of, nbgrader_meta
from autograder.model import ExerciseResult, Report, Status
from autograder.nbgrader_ext.course_file import check_points, course_for
from autograder.nbgrader_ext.prefetch import Prefetch, student_submissions
from autograder.nbgrader_ext.reader import METADATA_KEY
from autograder.reporters.figures import render_picture
from autograder.reporters.json_report import report_dict
from autograder.reporters.safe_text import safe_text

_zygote: Zygote | None = None  # one pristine fork server per nbgrader process
_prefetch: dict[str, Prefetch | None] = {}  # assignment -> the run's background pool

# Lines of gradebook notes that are for the course staff only (removed from feedback).
INSTRUCTOR_PREFIXES = tuple(MESSAGES["nbgrader.instructor_only"].values())
_CELL = re.compile(r"\bcell (\d+)\b|第 (\d+) 个单元格")
_SHARED = (Status.ERROR, Status.TIMEOUT)


def _shared_zygote() -> Zygote:
    global _zygote
    if _zygote is None:
        _zygote = Zygote.start()
    return _zygote


def verdict_outputs(
    exercise_id: str, result: ExerciseResult | None, reason: str = "", lang: str = "en"
) -> list[dict[str, Any]]:
    """The outputs of a test cell that make nbgrader record the engine's points."""
    if result is None:
        reason = reason or t("status.error", lang)
        text = safe_text(t("nbgrader.not_graded", lang, exercise=exercise_id, reason=reason))
        return [{"output_type": "error", "ename": "NotGraded", "evalue": text, "traceback": [text]}]
    status = t("status." + result.status.value, lang)
    head = f"{exercise_id}: {result.score:g}/{result.max_score:g} ({status})"
    text = safe_text(f"{head}\n{result.feedback}\n")  # student text: no lone surrogates
    if result.score <= 0:
        return [
            {
                "output_type": "error",
                "ename": "NoPoints",
                "evalue": head,
                "traceback": text.splitlines(),
            },
            *_picture_output(result, lang),
        ]
    outputs: list[dict[str, Any]] = [{"output_type": "stream", "name": "stdout", "text": text}]
    outputs += _picture_output(result, lang)
    if not result.full_marks:
        outputs.append(
            {
                "output_type": "execute_result",
                "execution_count": None,
                "metadata": {},
                "data": {"text/plain": f"{result.score:g}"},
            }
        )
    return outputs


def _picture_output(result: ExerciseResult, lang: str) -> list[dict[str, Any]]:
    """The feedback picture as a display output (nbgrader's points ignore display data)."""
    html_text = render_picture(result.picture, lang) if result.picture else ""
    if not html_text:
        return []
    return [
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/html": html_text, "text/plain": f"[{result.id}: picture]"},
        }
    ]


@dataclass
class NotebookVerdicts:
    """One section notebook's results, with each message placed once where it belongs."""

    results: dict[str, ExerciseResult]  # feedback under each test cell
    cell_notes: dict[int, list[str]] = field(default_factory=dict)  # 1-based cell -> messages
    notes: list[str] = field(default_factory=list)  # said once, at the top of the notebook
    instructor_notes: list[str] = field(default_factory=list)  # gradebook and export only


def _cell_of(text: str, cells: int) -> int | None:
    """The notebook cell a message is about ("cell 4, line 2"), if it names one that exists."""
    found = _CELL.search(text)
    if found is None:
        return None
    cell = int(found.group(1) or found.group(2))
    return cell if 1 <= cell <= cells else None


def _without_notes(feedback: str, notes: list[str]) -> str:
    """The feedback without the leading "⚠ note" lines of the notebook's reading notes."""
    lines = feedback.split("\n")
    while lines and lines[0].startswith("⚠ ") and lines[0][2:] in notes:
        lines.pop(0)
    return "\n".join(lines)


def notebook_verdicts(
    report: Report, section: SectionEntry, module: str, cells: int, lang: str
) -> NotebookVerdicts:
    """Place what a report says about one section notebook of ``cells`` cells.

    The sandbox note (always the report's last) is for instructors. A reading note
    (a cell that does not compile, a damaged file) and a module-level failure shared
    by several exercises (an import error) are said once: under the cell they name,
    else at the top; the test cells they affect point there.
    """
    *reading, sandbox = report.notes or [""]
    mine = [n for n in reading if n.startswith(f"{module}.")]
    wanted = {e.id for e in section.exercises}
    verdicts = NotebookVerdicts(
        {
            r.id: replace(r, feedback=_without_notes(r.feedback, mine))
            for r in report.exercises
            if r.id in wanted
        },
        instructor_notes=[sandbox] if sandbox else [],
    )

    def place(text: str) -> int | None:
        cell = _cell_of(text, cells)
        if cell is None:
            verdicts.notes.append(text)
        else:
            verdicts.cell_notes.setdefault(cell, []).append(text)
        return cell

    for note in mine:
        place(note)
    shared = Counter(
        (r.status, r.feedback)
        for r in verdicts.results.values()
        if r.status in _SHARED and not r.full_marks
    )
    for (status, text), count in shared.items():
        if count < 2:
            continue
        cell = place(text)
        pointer = t("nbgrader.see_cell", lang, cell=cell) if cell else t("nbgrader.see_top", lang)
        for exercise_id, r in list(verdicts.results.items()):
            if (r.status, r.feedback) == (status, text):
                verdicts.results[exercise_id] = replace(r, feedback=pointer)
    return verdicts


class GradeWithEngine(NbGraderPreprocessor):
    """Grade a section notebook with the hidden graders, outside the student's kernel."""

    course_file = Unicode(
        "", help="the course file the course was built from (default: the packaged course)"
    ).tag(config=True)
    lang = Unicode("", help="feedback language (default: the course's)").tag(config=True)
    device = Unicode("", help="auto, cpu or cuda (default: the course's)").tag(config=True)
    reveal_quiz_answers = Bool(
        None,
        allow_none=True,
        help="explain the right answer of quiz questions in the feedback students get "
        "(default: feedback.quiz_answers and feedback.due in course.yml)",
    ).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        """Grade the notebook and write every test cell's verdict as its output."""
        ids = resources["nbgrader"]
        module = ids["notebook"]
        course = course_for(self.course_file)
        section = course.section_for_module(module)
        if section is None:
            # In the gradebook but not in the course file: zero and flagged, never the full
            # points nbgrader gives a test cell without an error.
            note = (
                f"{module}.ipynb is not a section notebook of the course file {course.path}: "
                "not graded (the course file and the generated assignment disagree)"
            )
            self.log.warning("%s", note)
            for cell in nb.cells:
                grade_id = str(nbgrader_meta(cell).get("grade_id", ""))
                if cell.cell_type == "code" and is_test_cell(cell):
                    outputs = verdict_outputs(
                        item_of(grade_id, TEST_PREFIX) or grade_id, None, note
                    )
                    cell.outputs = [from_dict(o) for o in outputs]
            resources[METADATA_KEY] = {"notes": [note], "needs_review": True}
            return nb, resources
        # Points out of another maximum than the gradebook's would be wrong: stop here.
        check_points(course, ids["db_url"], ids["assignment"], module)
        lang = self.lang or course.default_language
        repairs = list((nb.metadata.get(METADATA_KEY) or {}).get("repairs", []))
        report: Report | None = None
        failure = ""
        try:
            report = self._report(nb, section, course, ids, lang)
        except Exception as exc:
            failure = t("nbgrader.grading_failed", lang, error=f"{type(exc).__name__}: {exc}")
            self.log.error("%s: %s", module, failure)
        verdicts = (
            notebook_verdicts(report, section, module, len(nb.cells), lang)
            if report is not None
            else NotebookVerdicts({})
        )
        for index, cell in enumerate(nb.cells, start=1):
            grade_id = str(nbgrader_meta(cell).get("grade_id", ""))
            exercise_id = item_of(grade_id, TEST_PREFIX)
            if cell.cell_type == "code" and is_test_cell(cell) and exercise_id:
                outputs = verdict_outputs(
                    exercise_id, verdicts.results.get(exercise_id), failure, lang
                )
                cell.outputs = [from_dict(o) for o in outputs]
            elif cell.cell_type == "code" and index in verdicts.cell_notes:
                text = safe_text("".join(f"⚠ {n}\n" for n in verdicts.cell_notes[index]))
                cell.outputs = [
                    from_dict({"output_type": "stream", "name": "stderr", "text": text})
                ]
        notes = [safe_text(n) for n in repairs + verdicts.notes + ([failure] if failure else [])]
        if notes:
            # A markdown cell renders HTML: notes may quote student text (an exception
            # message), shown as text, never as markup in the formgrader or feedback.
            shown = [html.escape(n).replace("*", "&#42;").replace("\n", " ") for n in notes]
            text = "**⚠ " + "**\n\n**⚠ ".join(shown) + "**"
            nb.cells.insert(0, from_dict({"cell_type": "markdown", "metadata": {}, "source": text}))
        # The verdicts as data, for the class report (read with the gradebook); the
        # autograded notebook stays with the instructor.
        nb.metadata[NOTEBOOK_REPORT_KEY] = (
            report_dict(report) if report is not None else {"grading_error": failure}
        )
        resources[METADATA_KEY] = {
            "notes": notes,
            # said under their cells in the notebook; the gradebook and export keep them too
            "cell_notes": [safe_text(n) for ns in verdicts.cell_notes.values() for n in ns],
            "instructor_notes": [
                t("nbgrader.instructor_only", lang) + safe_text(n)
                for n in verdicts.instructor_notes
            ],
            "needs_review": bool(repairs or failure),
        }
        return nb, resources

    def _report(
        self, nb: NotebookNode, section: SectionEntry, course: Course, ids: Any, lang: str
    ) -> Report:
        """The student's report: from the run's background pool when it graded this very
        code, else graded here and now."""
        pool = self._pool(ids, course, lang)
        if pool is not None:
            report = pool.report(ids["student"], section.module, nb)
            if report is not None:
                return report
            self.log.info("%s of %s: graded on its own", section.module, ids["student"])
        return self._grade(nb, section, course, lang)

    def _pool(self, ids: Any, course: Course, lang: str) -> Prefetch | None:
        """The background pool of this autograde run, started by its first notebook."""
        assignment = ids["assignment"]
        if assignment not in _prefetch:
            exporter = getattr(self, "parent", None)
            converter = getattr(exporter, "parent", None)
            submissions = student_submissions(converter, ids["student"])
            modules = {s.module for s in course.sections}
            _prefetch[assignment] = None
            if hasattr(exporter, "repaired_bytes") and len(submissions) > 1:
                try:
                    _prefetch[assignment] = Prefetch.start(
                        submissions,
                        read=exporter.repaired_bytes,
                        course_file=str(course.path),
                        modules=modules,
                        lang=lang,
                        device=self.device,
                        reveal_quiz_answers=self.reveal_quiz_answers,
                    )
                except Exception as exc:  # each notebook is then graded on its own
                    self.log.warning("Grading ahead is off for this run: %r", exc)
            if _prefetch[assignment] is not None:
                self.log.info("Grading %d submissions ahead, in parallel", len(submissions))
        return _prefetch[assignment]

    def _grade(self, nb: NotebookNode, section: SectionEntry, course: Course, lang: str) -> Report:
        from autograder.grading import GradingRun

        with tempfile.TemporaryDirectory(prefix="ch2-autograde-") as folder:
            path = Path(folder) / f"{section.module}.ipynb"
            path.write_text(json.dumps(nb), encoding="utf-8")
            run = GradingRun.start(
                folder,
                course=course,
                selectors=[section.id],
                lang=lang,
                device=self.device or None,
                zygote=_shared_zygote(),
                reveal_quiz_answers=self.reveal_quiz_answers,
            )
            try:
                return run.report()
            finally:
                run.close()


def _file_note(notebook: str, note: str) -> str:
    """A note about one notebook, naming its file (for the export, where notebooks mix)."""
    name = f"{notebook}.ipynb"
    note = " ".join(note.splitlines())  # one line each: the feedback filter reads lines
    return note if note.startswith(name) else f"{name}: {note}"


class RecordGradingNotes(NbGraderPreprocessor):
    """After SaveAutoGrades: put the grading notes in the gradebook, and flag repaired notebooks.

    A repaired notebook (damaged file, deleted test cells) has its grades marked
    as needing manual review, so it never passes for an honest zero. The notes,
    each naming its file, and the instructors' notes (the sandbox in force) go
    once into the comment of the notebook's first answer cell; students read the
    notes in the notebook itself (:class:`HideGradingNotes` keeps the comment out
    of their feedback).
    """

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        """Write notes and review flags for this notebook into the gradebook."""
        info = resources.get(METADATA_KEY) or {}
        ids = resources["nbgrader"]
        notes = list(info.get("notes") or []) + list(info.get("cell_notes") or [])
        lines = [_file_note(ids["notebook"], n) for n in notes]
        lines += list(info.get("instructor_notes") or [])
        if not lines and not info.get("needs_review"):
            return nb, resources
        answers = [
            str(nbgrader_meta(c).get("grade_id", ""))
            for c in nb.cells
            if str(nbgrader_meta(c).get("grade_id", "")).startswith(ANSWER_PREFIX)
        ]
        with Gradebook(ids["db_url"]) as gradebook:
            submitted = gradebook.find_submission_notebook(
                ids["notebook"], ids["assignment"], ids["student"]
            )
            if info.get("needs_review"):
                for grade in submitted.grades:
                    grade.needs_manual_grade = True
            comments = sorted(
                submitted.comments,
                key=lambda c: answers.index(c.name) if c.name in answers else len(answers),
            )
            if comments and lines:
                # After SaveAutoGrades' own comment ("No response."), which stays.
                first = comments[0]
                first.auto_comment = "\n".join([*filter(None, [first.auto_comment]), *lines])
            gradebook.db.commit()
        return nb, resources


def _is_grading_note(line: str, notebook: str) -> bool:
    """A line :class:`RecordGradingNotes` wrote (not nbgrader's own "No response.")."""
    return line.startswith((f"{notebook}.ipynb", *INSTRUCTOR_PREFIXES))


class HideGradingNotes(NbGraderPreprocessor):
    """For ``generate_feedback``, after GetGrades: the grading notes are left out of the
    comments students see (they read those notes in the notebook, and the instructors'
    notes are not theirs); nbgrader's own comments and any an instructor wrote stay."""

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        """Take the grading notes out of every comment no person wrote."""
        ids = resources["nbgrader"]
        with Gradebook(ids["db_url"]) as gradebook:
            for cell in nb.cells:
                meta = nbgrader_meta(cell)
                if not meta.get("comment"):
                    continue
                try:
                    comment = gradebook.find_comment(
                        meta.get("grade_id", ""), ids["notebook"], ids["assignment"], ids["student"]
                    )
                except MissingEntry:
                    continue
                if comment.manual_comment is None:
                    kept = [
                        line
                        for line in (comment.auto_comment or "").splitlines()
                        if not _is_grading_note(line, ids["notebook"])
                    ]
                    cell.metadata.nbgrader["comment"] = "\n".join(kept) or None
        return nb, resources
