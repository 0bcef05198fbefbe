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

import json
import tempfile
from pathlib import Path
from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from autograder.course import Course, SectionEntry, load_course
from autograder.executor.zygote import Zygote
from autograder.ipynb import TEST_PREFIX, is_test_cell, item_of, nbgrader_meta
from autograder.model import ExerciseResult, Report
from autograder.nbgrader_ext.reader import METADATA_KEY
from autograder.reporters.safe_text import safe_text

_zygote: Zygote | None = None  # one pristine fork server per nbgrader process


def _shared_zygote() -> Zygote:
    global _zygote
    if _zygote is None:
        _zygote = Zygote.start()
    return _zygote


def verdict_outputs(
    exercise_id: str, result: ExerciseResult | None, reason: str = ""
) -> list[dict[str, Any]]:
    """The outputs of a test cell that make nbgrader record the engine's points."""
    if result is None:
        text = safe_text(f"{exercise_id}: 0 — {reason or 'not graded'}")
        return [{"output_type": "error", "ename": "NotGraded", "evalue": text, "traceback": [text]}]
    head = f"{exercise_id}: {result.score:g}/{result.max_score:g} ({result.status.value})"
    text = safe_text(f"{head}\n{result.feedback}\n")  # student text: no lone surrogates
    if result.score <= 0:
        return [
            {
                "output_type": "error",
                "ename": "NoPoints",
                "evalue": head,
                "traceback": text.splitlines(),
            }
        ]
    outputs: list[dict[str, Any]] = [{"output_type": "stream", "name": "stdout", "text": text}]
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


class GradeWithEngine(NbGraderPreprocessor):
    """Grade a section notebook with the hidden graders, outside the student's kernel."""

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
        module = resources["nbgrader"]["notebook"]
        course = load_course()
        section = course.section_for_module(module)
        if section is None:
            self.log.warning("%s is not a section notebook of %s; left ungraded", module, course.id)
            return nb, resources
        repairs = list((nb.metadata.get(METADATA_KEY) or {}).get("repairs", []))
        report: Report | None = None
        failure = ""
        try:
            report = self._grade(nb, section, course)
        except Exception as exc:
            failure = f"grading failed: {type(exc).__name__}: {exc}"
            self.log.error("%s: %s", module, failure)
        results = {r.id: r for r in report.exercises} if report else {}
        for cell in nb.cells:
            grade_id = str(nbgrader_meta(cell).get("grade_id", ""))
            exercise_id = item_of(grade_id, TEST_PREFIX)
            if cell.cell_type == "code" and is_test_cell(cell) and exercise_id:
                cell.outputs = [
                    from_dict(o)
                    for o in verdict_outputs(exercise_id, results.get(exercise_id), failure)
                ]
        notes = repairs + (report.notes if report else []) + ([failure] if failure else [])
        notes = [safe_text(note) for note in notes]
        if notes:
            text = "**⚠ " + "**\n\n**⚠ ".join(notes) + "**"
            nb.cells.insert(0, from_dict({"cell_type": "markdown", "metadata": {}, "source": text}))
        resources[METADATA_KEY] = {"notes": notes, "needs_review": bool(repairs or failure)}
        return nb, resources

    def _grade(self, nb: NotebookNode, section: SectionEntry, course: Course) -> Report:
        from autograder.grading import GradingRun

        with tempfile.TemporaryDirectory(prefix="ch2-autograde-") as folder:
            path = Path(folder) / f"{section.module}.ipynb"
            path.write_text(json.dumps(nb), encoding="utf-8")
            run = GradingRun.start(
                folder,
                course=course,
                selectors=[section.id],
                lang=self.lang or None,
                device=self.device or None,
                zygote=_shared_zygote(),
                reveal_quiz_answers=self.reveal_quiz_answers,
            )
            try:
                return run.report()
            finally:
                run.close()


class RecordGradingNotes(NbGraderPreprocessor):
    """After SaveAutoGrades: put the grading notes in the gradebook, and flag repaired notebooks.

    A repaired notebook (damaged file, deleted test cells) has its grades marked
    as needing manual review, so it never passes for an honest zero; the notes
    become the auto-comments of its answer cells.
    """

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict
    ) -> tuple[NotebookNode, ResourcesDict]:
        """Write notes and review flags for this notebook into the gradebook."""
        info = resources.get(METADATA_KEY) or {}
        notes = info.get("notes") or []
        if not notes:
            return nb, resources
        ids = resources["nbgrader"]
        with Gradebook(ids["db_url"]) as gradebook:
            submitted = gradebook.find_submission_notebook(
                ids["notebook"], ids["assignment"], ids["student"]
            )
            if info.get("needs_review"):
                for grade in submitted.grades:
                    grade.needs_manual_grade = True
            for comment in submitted.comments:
                comment.auto_comment = "\n".join(notes)
            gradebook.db.commit()
        return nb, resources
