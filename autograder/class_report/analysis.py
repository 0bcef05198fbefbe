"""The class report's tables, computed from the students' records (plain data out).

Every number here is a count, a mean or a share of what the per-student reports
say; the tests recompute each one independently from the same JSON files.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from autograder.class_report.results import ClassResults, StudentResult
from autograder.course import Course

BINS = 10  # score distribution: tenths of the maximum
PROTECTED = ("namespaces", "uid")


@dataclass(frozen=True)
class ReportTables:
    """Everything the class report shows, as JSON-able data."""

    summary: dict[str, Any]
    distribution: dict[str, Any]
    sections: list[dict[str, Any]]
    exercises: list[dict[str, Any]]
    mistakes: list[dict[str, Any]]
    unnamed: list[dict[str, Any]]
    quiz: list[dict[str, Any]]
    needs_human: list[dict[str, Any]]
    students: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """The tables by name."""
        return dict(self.__dict__)


def analyse(results: ClassResults, course: Course) -> ReportTables:
    """All the tables of the class report."""
    graded = [s for s in results.students if not s.grading_error]
    return ReportTables(
        summary=_summary(results, graded, course),
        distribution=histogram([s.score for s in graded], course_max(course)),
        sections=_sections(graded, course),
        exercises=_exercises(graded, course),
        mistakes=_mistakes(graded),
        unnamed=_unnamed(graded, course),
        quiz=_quiz(graded, course),
        needs_human=_needs_human(results),
        students=_students(results.students),
    )


def course_max(course: Course) -> float:
    """The chapter's total points."""
    return round(sum(e.points for e in course.exercises), 2)


def histogram(scores: Sequence[float], maximum: float, bins: int = BINS) -> dict[str, Any]:
    """Counts of scores in ``bins`` equal bins of 0..maximum (the maximum in the last)."""
    counts = [0] * bins
    for score in scores:
        index = min(bins - 1, int(score / maximum * bins)) if maximum > 0 else 0
        counts[max(0, index)] += 1
    edges = [round(maximum * i / bins, 2) for i in range(bins + 1)]
    return {"maximum": maximum, "edges": edges, "counts": counts}


def _mean(values: Sequence[float]) -> float:
    return round(statistics.fmean(values), 3) if values else 0.0


def _summary(results: ClassResults, graded: list[StudentResult], course: Course) -> dict[str, Any]:
    scores = [s.score for s in graded]
    return {
        "students": len(results.students),
        "graded": len(graded),
        "not_gradable": len(results.students) - len(graded),
        "unreadable_files": len(results.unreadable),
        "max_score": course_max(course),
        "mean": _mean(scores),
        "median": round(statistics.median(scores), 3) if scores else 0.0,
    }


def _sections(graded: list[StudentResult], course: Course) -> list[dict[str, Any]]:
    rows = []
    for section in course.sections:
        ids = [e.id for e in section.exercises]
        maximum = round(sum(e.points for e in section.exercises), 2)
        scores = [round(sum(s.items[i].score for i in ids if i in s.items), 2) for s in graded]
        rows.append(
            {
                "section": section.id,
                "title": dict(section.title),
                "max_score": maximum,
                "mean": _mean(scores),
                "distribution": histogram(scores, maximum),
            }
        )
    return rows


def _exercises(graded: list[StudentResult], course: Course) -> list[dict[str, Any]]:
    rows = []
    for entry in course.exercises:
        items = [s.items[entry.id] for s in graded if entry.id in s.items]
        rows.append(
            {
                "id": entry.id,
                "max_score": float(entry.points),
                "mean": _mean([i.score for i in items]),
                "pass_rate": _share(sum(i.score == i.max_score for i in items), len(items)),
                "students": len(items),
            }
        )
    # Hardest first: lowest mean share of the points, then lowest pass rate.
    return sorted(rows, key=lambda r: (r["mean"] / r["max_score"], r["pass_rate"], r["id"]))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _lost(item: Any) -> float:
    return item.max_score - item.score


def _mistakes(graded: list[StudentResult]) -> list[dict[str, Any]]:
    """Each named mistake: who made it where, and the points the class lost on it.

    An exercise naming several mistakes shares its lost points among them equally.
    """
    made: dict[tuple[str, str], list[float]] = defaultdict(list)
    for student in graded:
        for item in student.items.values():
            for mistake in item.mistakes:
                made[(mistake, item.id)].append(_lost(item) / len(item.mistakes))
    rows = [
        {
            "mistake": mistake,
            "exercise": exercise,
            "students": len(costs),
            "points_lost": round(sum(costs), 2),
        }
        for (mistake, exercise), costs in made.items()
    ]
    return sorted(
        rows, key=lambda r: (-r["points_lost"], -r["students"], r["mistake"], r["exercise"])
    )


def _unnamed(graded: list[StudentResult], course: Course) -> list[dict[str, Any]]:
    """Per exercise, the students who lost points with no mistake named."""
    rows = []
    for entry in course.exercises:
        if ".quiz." in entry.id:
            continue
        lost = [
            s.items[entry.id]
            for s in graded
            if entry.id in s.items
            and s.items[entry.id].score < s.items[entry.id].max_score
            and not s.items[entry.id].mistakes
        ]
        if lost:
            rows.append(
                {
                    "exercise": entry.id,
                    "students": len(lost),
                    "points_lost": round(sum(_lost(i) for i in lost), 2),
                    "statuses": dict(sorted(Counter(i.status for i in lost).items())),
                }
            )
    return sorted(rows, key=lambda r: (-r["points_lost"], r["exercise"]))


def point_biserial(correct: Sequence[bool], rest: Sequence[float]) -> float | None:
    """The point-biserial correlation of an item (right or not) with the rest of the score.

    None when it is undefined: everyone (or no one) right, or every rest score equal.
    """
    n = len(correct)
    right = [r for c, r in zip(correct, rest) if c]
    wrong = [r for c, r in zip(correct, rest) if not c]
    if not right or not wrong:
        return None
    spread = statistics.pstdev(rest)
    if spread == 0:
        return None
    p = len(right) / n
    value = (statistics.fmean(right) - statistics.fmean(wrong)) / spread * math.sqrt(p * (1 - p))
    return round(value, 4)


def _quiz(graded: list[StudentResult], course: Course) -> list[dict[str, Any]]:
    """Each quiz item: difficulty, discrimination, and how often each answer was given."""
    rows = []
    for entry in course.exercises:
        if ".quiz." not in entry.id:
            continue
        items = [(s, s.items[entry.id]) for s in graded if entry.id in s.items]
        correct = [i.score == i.max_score for _, i in items]
        rest = [s.score - i.score for s, i in items]
        answers = Counter(i.answer for _, i in items if i.answer)
        right_answers = Counter(i.answer for _, i in items if i.answer and i.score == i.max_score)
        rows.append(
            {
                "id": entry.id,
                "students": len(items),
                "answered": sum(1 for _, i in items if i.answer),
                "difficulty": _share(sum(correct), len(items)),
                "discrimination": point_biserial(correct, rest),
                "answers": [
                    {"answer": a, "count": n, "right": a in right_answers}
                    for a, n in sorted(answers.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
            }
        )
    return rows


def _needs_human(results: ClassResults) -> list[dict[str, Any]]:
    """Submissions a person should look at, each with why."""
    rows = [
        {"student": "", "file": name, "reason": "unreadable", "detail": why}
        for name, why in results.unreadable
    ]
    for s in results.students:
        if s.grading_error:
            rows.append(_flag(s, "not_gradable", s.grading_error))
            continue
        timeouts = [i.id for i in s.items.values() if i.status == "timeout"]
        if timeouts:
            rows.append(_flag(s, "timeout", ", ".join(timeouts)))
        reading = s.notes[:-1]  # the last note says how the student's code was run
        for note in reading:
            rows.append(_flag(s, "note", note))
        for notebook in s.flagged:
            rows.append(_flag(s, "flagged", f"{notebook}.ipynb"))
        if s.protection not in PROTECTED:
            rows.append(_flag(s, "unprotected", s.protection or "?"))
    return rows


def _flag(student: StudentResult, reason: str, detail: str) -> dict[str, Any]:
    return {"student": student.student, "file": student.file, "reason": reason, "detail": detail}


def _students(students: list[StudentResult]) -> list[dict[str, Any]]:
    return [
        {
            "student": s.student,
            "file": s.file,
            "score": s.score,
            "max_score": s.max_score,
            "graded": not s.grading_error,
            "mistakes": sorted({m for i in s.items.values() for m in i.mistakes}),
        }
        for s in sorted(students, key=lambda s: s.student)
    ]
