"""The class report over a generated class: every number is what the student reports imply.

A class of 36 students is made from the references and the buggy samples of
sections 2.1 and 2.4 (each student makes a known set of mistakes and gives known
quiz answers), graded by ``ch2-grade batch``; the test then recomputes every
table of the class report from the per-student JSON files on its own.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import random
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from autograder import catalogue

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {"2.1": "s21_basics", "2.4": "s24_optimizers"}
STUDENTS = 36
pytestmark = pytest.mark.slow


def _buggy(exercise_id: str) -> list[Path]:
    return sorted((ROOT / "tests" / "buggy" / exercise_id).glob("*.py"))


def _answer(question, right, rng: random.Random):
    """Right half of the time; otherwise a well-formed answer of the question's kind."""
    if rng.random() < 0.5:
        return right
    if question.kind == "numeric":
        return rng.choice([right + 1, right * 2, 0])
    if question.kind == "single":
        return rng.choice(question.letters)
    return sorted(rng.sample(question.letters, rng.randint(1, len(question.letters))))


def _module_for(module: str, section: str, rng: random.Random) -> tuple[str, set]:
    """The reference module with some exercises replaced by buggy samples, and new answers."""
    source = (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
    key = re.search(r"^QUIZ = (\{.*\})$", source, re.M)
    assert key is not None
    right = ast.literal_eval(key.group(1))
    questions = {q.id: q for q in catalogue.sections()[module].questions}
    answers = {q: _answer(questions[q], right[q], rng) for q in right if rng.random() < 0.9}
    source = source.replace(key.group(0), "QUIZ = " + repr(answers))
    made = set()
    for folder in sorted((ROOT / "tests" / "buggy").glob(f"{section}.*")):
        samples = _buggy(folder.name)
        if samples and rng.random() < 0.35:
            sample = rng.choice(samples)
            text = sample.read_text(encoding="utf-8")
            source += "\n\n" + re.sub(r"^from __future__ import .*$", "", text, flags=re.M)
            made.add((sample.stem.split("--")[0], folder.name))
    return source, made


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("class-report")
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["sections"] = [s for s in data["sections"] if s["id"] in SECTIONS]
    course = root / "course.yml"
    course.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    submissions = root / "class"
    rng = random.Random(2)
    known: dict[str, set] = {}
    for n in range(STUDENTS):
        student = submissions / f"student-{n:02d}"
        student.mkdir(parents=True)
        known[student.name] = set()
        for section, module in SECTIONS.items():
            source, made = _module_for(module, section, rng)
            (student / f"{module}.py").write_text(source, encoding="utf-8")
            known[student.name] |= made
    (submissions / "broken.zip").write_bytes(b"not a zip")  # one that cannot be graded
    out = root / "out"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course), "batch", str(submissions),
         "--output", str(out), "--lang", "en"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

    def report(fmt: str) -> str:
        made = subprocess.run(
            [sys.executable, "-m", "autograder", "--course", str(course), "class-report", str(out),
             "--format", fmt, "--lang", "en"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        return made.stdout

    reports = {
        p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))
    }
    return {
        "out": out,
        "known": known,
        "reports": reports,
        "tables": json.loads(report("json")),
        "csv": report("csv"),
        "html": report("html"),
        "items": [e["id"] for e in next(iter(reports.values()))["exercises"]],
    }


def _graded(reports: dict) -> list[dict]:
    return [r for r in reports.values() if not r.get("grading_error")]


def test_the_class_is_large_and_makes_the_known_mistakes(graded_class) -> None:
    reports = graded_class["reports"]
    assert len(reports) == STUDENTS + 1 and len(_graded(reports)) == STUDENTS
    named = {
        r["student"]: {(m, e["id"]) for e in r["exercises"] for m in e["mistakes"]}
        for r in _graded(reports)
    }
    for student, made in graded_class["known"].items():
        assert made <= named[student], (student, made - named[student])
    assert sum(len(m) for m in graded_class["known"].values()) >= STUDENTS


def test_summary_and_distribution_match_the_reports(graded_class) -> None:
    tables, reports = graded_class["tables"], graded_class["reports"]
    scores = [sum(e["score"] for e in r["exercises"]) for r in _graded(reports)]
    maximum = sum(e["max_score"] for e in _graded(reports)[0]["exercises"])
    summary = tables["summary"]
    assert summary["students"] == len(reports) and summary["graded"] == len(scores)
    assert summary["not_gradable"] == 1 and summary["max_score"] == pytest.approx(maximum)
    assert summary["mean"] == pytest.approx(statistics.fmean(scores), abs=1e-3)
    assert summary["median"] == pytest.approx(statistics.median(scores), abs=1e-3)
    counts = [0] * 10
    for score in scores:
        counts[min(9, int(score / maximum * 10))] += 1
    assert tables["distribution"]["counts"] == counts
    for row in tables["sections"]:
        ids = [e for e in graded_class["items"] if e.startswith(row["section"] + ".")]
        per = [sum(e["score"] for e in r["exercises"] if e["id"] in ids) for r in _graded(reports)]
        assert row["mean"] == pytest.approx(statistics.fmean(per), abs=1e-3)
        assert sum(row["distribution"]["counts"]) == len(per)


def test_exercise_means_and_pass_rates_hardest_first(graded_class) -> None:
    tables, reports = graded_class["tables"], graded_class["reports"]
    rows = {r["id"]: r for r in tables["exercises"]}
    assert set(rows) == set(graded_class["items"])
    for item in graded_class["items"]:
        results = [e for r in _graded(reports) for e in r["exercises"] if e["id"] == item]
        assert rows[item]["mean"] == pytest.approx(
            statistics.fmean(e["score"] for e in results), abs=1e-3
        )
        full = sum(e["score"] == e["max_score"] for e in results) / len(results)
        assert rows[item]["pass_rate"] == pytest.approx(full, abs=1e-4)
    shares = [r["mean"] / r["max_score"] for r in tables["exercises"]]
    assert shares == sorted(shares)


def test_mistake_frequency_and_cost_match_the_reports(graded_class) -> None:
    tables, reports = graded_class["tables"], graded_class["reports"]
    students: Counter = Counter()
    cost: dict = defaultdict(float)
    for r in _graded(reports):
        for e in r["exercises"]:
            for m in e["mistakes"]:
                students[(m, e["id"])] += 1
                cost[(m, e["id"])] += (e["max_score"] - e["score"]) / len(e["mistakes"])
    rows = {(r["mistake"], r["exercise"]): r for r in tables["mistakes"]}
    assert set(rows) == set(students) and rows
    for key, row in rows.items():
        assert row["students"] == students[key]
        assert row["points_lost"] == pytest.approx(cost[key], abs=0.01)
    lost = [r["points_lost"] for r in tables["mistakes"]]
    assert lost == sorted(lost, reverse=True)
    unnamed: Counter = Counter()
    for r in _graded(reports):
        for e in r["exercises"]:
            if ".quiz." not in e["id"] and e["score"] < e["max_score"] and not e["mistakes"]:
                unnamed[e["id"]] += 1
    assert {r["exercise"]: r["students"] for r in tables["unnamed"]} == dict(unnamed)


def _point_biserial(correct: list[bool], rest: list[float]) -> float | None:
    """Recomputed from its textbook form: r = (M1 - M0) / s * sqrt(n1 * n0 / n^2)."""
    n1 = sum(correct)
    n0 = len(correct) - n1
    if not n1 or not n0:
        return None
    m1 = sum(r for c, r in zip(correct, rest) if c) / n1
    m0 = sum(r for c, r in zip(correct, rest) if not c) / n0
    mean = sum(rest) / len(rest)
    s = math.sqrt(sum((r - mean) ** 2 for r in rest) / len(rest))
    return None if s == 0 else (m1 - m0) / s * math.sqrt(n1 * n0 / len(rest) ** 2)


def test_quiz_difficulty_discrimination_and_distractors(graded_class) -> None:
    tables, reports = graded_class["tables"], graded_class["reports"]
    rows = {r["id"]: r for r in tables["quiz"]}
    assert set(rows) == {i for i in graded_class["items"] if ".quiz." in i}
    for item, row in rows.items():
        pairs = [(r, next(e for e in r["exercises"] if e["id"] == item)) for r in _graded(reports)]
        correct = [e["score"] == e["max_score"] for _, e in pairs]
        rest = [sum(x["score"] for x in r["exercises"]) - e["score"] for r, e in pairs]
        assert row["difficulty"] == pytest.approx(sum(correct) / len(correct), abs=1e-4)
        expected = _point_biserial(correct, rest)
        if expected is None:
            assert row["discrimination"] is None
        else:
            assert row["discrimination"] == pytest.approx(expected, abs=1e-3)
        given = Counter(e["answer"] for _, e in pairs if e.get("answer"))
        assert {a["answer"]: a["count"] for a in row["answers"]} == dict(given)
        right = {e["answer"] for _, e in pairs if e.get("answer") and e["score"] == e["max_score"]}
        assert {a["answer"] for a in row["answers"] if a["right"]} == right
        assert row["answered"] == sum(given.values())


def test_needs_a_human_and_the_drill_down(graded_class) -> None:
    tables, reports = graded_class["tables"], graded_class["reports"]
    flagged = {(r["student"], r["reason"]) for r in tables["needs_human"]}
    assert ("broken", "not_gradable") in flagged
    students = {r["student"]: r for r in tables["students"]}
    assert set(students) == {r["student"] for r in reports.values()}
    for report in reports.values():
        row = students[report["student"]]
        assert row["score"] == pytest.approx(sum(e["score"] for e in report["exercises"]))
        assert row["mistakes"] == sorted({m for e in report["exercises"] for m in e["mistakes"]})


def test_csv_holds_the_same_tables(graded_class) -> None:
    tables = graded_class["tables"]
    blocks: dict[str, list[dict]] = {}
    name = None
    lines: list[str] = []
    for line in [*graded_class["csv"].splitlines(), ""]:
        if line.startswith("# "):
            name, lines = line[2:], []
        elif line == "" and name:
            blocks[name] = list(csv.DictReader(io.StringIO("\n".join(lines))))
            name = None
        elif name:
            lines.append(line)
    assert [(r["mistake"], r["exercise"], int(r["students"])) for r in blocks["mistakes"]] == [
        (r["mistake"], r["exercise"], r["students"]) for r in tables["mistakes"]
    ]
    assert [r["id"] for r in blocks["exercises"]] == [r["id"] for r in tables["exercises"]]
    assert len(blocks["students"]) == len(tables["students"])


def test_the_html_page_is_self_contained_and_shows_every_table(graded_class) -> None:
    html = graded_class["html"]
    for anchor in (
        "summary",
        "distribution",
        "exercises",
        "mistakes",
        "quiz",
        "needs-human",
        "students",
    ):
        assert f'id="{anchor}"' in html
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "https://" not in html
    assert html.count("<details") == len(graded_class["reports"])
    top = graded_class["tables"]["mistakes"][0]
    assert f"<code>{top['mistake']}</code>" in html
    written = (graded_class["out"] / "class-report.html").read_text(encoding="utf-8")
    assert written.count("<details") == len(graded_class["reports"])  # batch writes it too
