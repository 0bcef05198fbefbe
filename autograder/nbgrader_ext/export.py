"""``nbgrader export`` plugin: points per exercise and quiz item, with review flags and notes."""

from __future__ import annotations

import csv

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

from autograder.ipynb import TEST_PREFIX, item_of
from autograder.reporters.safe_text import csv_cell


def _points(value: float | None) -> float | str:
    """Points as people write them: sums of floats rounded to hundredths (32.46, not
    32.459999999999994)."""
    return "" if value is None else round(float(value), 2)


class DetailedCsvExport(ExportPlugin):
    """One row per student and assignment: total, one column per graded item, review flag, notes."""

    def export(self, gradebook: Gradebook) -> None:
        """Write the CSV to ``--to`` (default ``grades.csv``)."""
        destination = self.to or "grades.csv"
        students = [str(s) for s in self.student]
        assignments = [str(a) for a in self.assignment]
        rows: list[dict[str, object]] = []
        items: list[str] = []
        for assignment in gradebook.assignments:
            if assignments and assignment.name not in assignments:
                continue
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    item = item_of(cell.name, TEST_PREFIX) or cell.name
                    if item not in items:
                        items.append(item)
            for student in gradebook.students:
                if students and student.id not in students:
                    continue
                rows.append(self._row(gradebook, assignment.name, student.id))
        header = [
            "assignment",
            "student_id",
            "submitted",
            "score",
            "max_score",
            "needs_review",
            "notes",
            *items,
        ]
        with open(destination, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header)
            # Student ids and notes are text students influence: never a spreadsheet formula.
            writer.writerow({name: csv_cell(name) for name in header})
            writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
        self.log.info("Exported %d rows to %s", len(rows), destination)

    @staticmethod
    def _row(gradebook: Gradebook, assignment: str, student: str) -> dict[str, object]:
        row: dict[str, object] = {"assignment": assignment, "student_id": student}
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return {
                **row,
                "submitted": False,
                "score": 0.0,
                "max_score": "",
                "needs_review": False,
                "notes": "",
            }
        notes: list[str] = []
        review = False
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                row[item_of(grade.name, TEST_PREFIX) or grade.name] = _points(grade.score)
                review = review or bool(grade.needs_manual_grade)
            for comment in notebook.comments:
                for line in (comment.auto_comment or "").splitlines():
                    if line.strip() and line not in notes:  # the sandbox note: once per row
                        notes.append(line)
        row.update(
            submitted=True,
            score=_points(submission.score),
            max_score=_points(submission.max_score),
            needs_review=review,
            notes=" | ".join(notes),
        )
        return row
