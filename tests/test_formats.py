"""Output formats: Gradescope results.json, JUnit XML, Markdown, and JSON read back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

from autograder.course import FeedbackPolicy
from autograder.model import ExerciseResult, Report, Status
from autograder.reporters.gradescope import gradescope_dict
from autograder.reporters.json_report import render_json, report_from_dict
from autograder.reporters.junit import render_junit
from autograder.reporters.table import render_markdown

REPORT = Report(
    [
        ExerciseResult(
            "2.1.build_mlp",
            0.0,
            3.0,
            Status.FAILED,
            ("relu-on-output",),
            "✗ output\nMistake",
            ("Put ReLU ...",),
        ),
        ExerciseResult(
            "2.1.output_activation", 3.0, 3.0, Status.PASSED, feedback="All checks passed."
        ),
        ExerciseResult(
            "2.1.quiz.q2", 0.0, 1.0, Status.NOT_ATTEMPTED, feedback="q2 is not answered"
        ),
        ExerciseResult("2.2.train_step", 1.33, 4.0, Status.ERROR, feedback="raised KeyError"),
        ExerciseResult("2.3.softmax", 0.0, 2.0, Status.MISSING, feedback="missing module"),
    ],
    lang="en",
    notes=["s23.ipynb was damaged"],
)


def test_gradescope_results_follow_the_specification() -> None:
    data = gradescope_dict(REPORT, FeedbackPolicy(), execution_time=1.5)
    assert isinstance(data["score"], float) and data["score"] == 4.33
    assert isinstance(data["execution_time"], float) and data["visibility"] == "visible"
    assert data["stdout_visibility"] == "hidden" and "damaged" in data["output"]
    names = [t["name"] for t in data["tests"]]
    assert names == [r.id for r in REPORT.exercises]
    for test, result in zip(data["tests"], REPORT.exercises):
        assert set(test) == {
            "name",
            "number",
            "score",
            "max_score",
            "status",
            "output",
            "tags",
            "visibility",
        }
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert test["status"] == ("passed" if result.full_marks else "failed")
        assert isinstance(test["output"], str) and isinstance(test["tags"], list)
    assert [t["number"] for t in data["tests"]] == ["2.1.1", "2.1.2", "2.1.q2", "2.2.1", "2.3.1"]
    assert data["tests"][0]["tags"] == ["relu-on-output"]
    json.dumps(data)  # serialisable


def test_gradescope_detail_follows_the_course_policy() -> None:
    full = gradescope_dict(REPORT, FeedbackPolicy(detail="full"))["tests"][0]["output"]
    mistakes = gradescope_dict(REPORT, FeedbackPolicy(detail="mistakes"))["tests"][0]["output"]
    score = gradescope_dict(
        REPORT, FeedbackPolicy(detail="score", gradescope_visibility="after_due_date")
    )
    assert "✗ output" in full
    assert "✗ output" not in mistakes and "[relu-on-output]" in mistakes and "Put ReLU" in mistakes
    assert (
        score["tests"][0]["output"] == "failed"
        and score["tests"][0]["visibility"] == "after_due_date"
    )


def test_junit_parses_back_with_one_case_per_item() -> None:
    root = ET.fromstring(render_junit(REPORT))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["2.1", "2.2", "2.3"]
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [r.id for r in REPORT.exercises]
    by_name = {c.get("name"): c for c in cases}
    failure = by_name["2.1.build_mlp"].find("failure")
    assert (
        failure is not None
        and "Mistake" in failure.text
        and failure.get("type") == "relu-on-output"
    )
    assert by_name["2.1.output_activation"].find("failure") is None
    assert by_name["2.2.train_step"].find("error") is not None
    assert by_name["2.3.softmax"].find("error") is not None
    props = {p.get("name"): p.get("value") for p in by_name["2.2.train_step"].iter("property")}
    assert props["score"] == "1.33" and props["max_score"] == "4.0"
    assert suites[0].get("failures") == "2" and suites[1].get("errors") == "1"


def test_json_round_trip_and_markdown() -> None:
    back = report_from_dict(json.loads(render_json(REPORT)))
    assert [(r.id, r.score, r.status, r.mistakes) for r in back.exercises] == [
        (r.id, r.score, r.status, r.mistakes) for r in REPORT.exercises
    ]
    markdown = render_markdown(replace(REPORT, lang="en"))
    assert "| 2.1.build_mlp | 0/3 | failed | relu-on-output |" in markdown
    assert "**total: 4.33/13**" in markdown
