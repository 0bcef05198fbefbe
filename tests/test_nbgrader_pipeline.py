"""The whole nbgrader pipeline, with the real nbgrader, for five students, as on a hub.

build-course → generate_assignment → release_assignment → fetch_assignment →
(students answer) → submit → collect → autograde → generate_feedback →
release_feedback → fetch_feedback → export.

The instructor (root, in a folder only it can read) builds the course from a course
file of their own, with other points and a shorter time limit than the packaged one.
Every student is an OS user of their own (``ch2-alice`` …) with their own nbgrader
config, and runs nbgrader in the student environment (the student wheel: no hidden
graders, references or quiz key), as ``README`` "Running it on JupyterHub" says.

- alice answers everything correctly (and prints warnings on stderr);
- bob makes the typical mistakes of ``samples/typical-mistakes``;
- carol answers correctly, but one notebook arrives truncated (corrupt JSON), and
  she leaves one quiz as released;
- mallory submits bob's code, patches ``torch.allclose`` and the grading
  package in an answer cell, looks for the source notebooks next to her
  notebook, and deletes test cells;
- dave answers correctly, but count_parameters takes 8 s: over the course file's
  5 s limit (the packaged course allows 10 s).
"""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from classroom import OsUser, StudentEnv, nbgrader, put_file, run_as

from autograder.course import Course, load_course
from autograder.course_build.nbgrader_course import build_course
from autograder.course_build.sources import read_module
from autograder.ipynb import TEST_PREFIX, answer_item, item_of, nbgrader_meta

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "ch2"
SAMPLE = ROOT / "samples" / "typical-mistakes"
CORRUPTED = "s23_activations_losses"
UNANSWERED_QUIZ = "s22_backprop"  # carol leaves this quiz as released
CHEAT = """\
import torch
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
import autograder.engine.compare as _compare
_compare.compare = lambda *args, **kwargs: None
import autograder.engine.verdict as _verdict
_verdict.judge = lambda spec, points, *rest: None
import glob as _glob, json as _json
for _path in _glob.glob("*.ipynb") + _glob.glob("../*/*.ipynb") + _glob.glob("../../source/*/*.ipynb"):
    for _cell in _json.load(open(_path))["cells"]:
        if "BEGIN SOLUTION" in "".join(_cell["source"]):
            exec("".join(_cell["source"]))  # the reference, if it could be read
"""
NOISE = """import sys, warnings
print("UserWarning: something about torch", file=sys.stderr)
warnings.warn("a warning on stderr")
"""
DELETED_TESTS = ("test_2-1-build_mlp", "test_2-4-quiz-q5")
# The instructor's course file: other points, a shorter time limit.
CUSTOM_POINTS = {"2.1.build_mlp": 5, "2.3.softmax": 3}
CUSTOM_TIME_LIMIT_S = 5
SLOW_COUNT = "\n    import time as _time\n    _time.sleep(8)\n    return "
STUDENT_CONFIG = """c = get_config()
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
"""

pytestmark = pytest.mark.slow


def _quiz_key(module_file: Path) -> dict:
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") == "QUIZ" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    return {}


def _answers_from_source(course_dir: Path, notebook: str) -> dict[str, str]:
    """The source notebook's answer cells, solutions unmarked (what a correct student writes)."""
    source = json.loads((course_dir / "source" / ASSIGNMENT / notebook).read_text(encoding="utf-8"))
    answers = {}
    for cell in source["cells"]:
        item = answer_item(cell)
        if item is not None:
            text = "".join(cell["source"])
            answers[item] = re.sub(r"\n *### (BEGIN|END) SOLUTION", "", text)
    return answers


def _answers_from_module(module_file: Path) -> dict[str, str]:
    """Each function of a module (with its imports and helpers) as the answer cell's code."""
    names = {
        n.name for n in ast.parse(module_file.read_text()).body if isinstance(n, ast.FunctionDef)
    }
    parts = read_module(module_file, {n for n in names if not n.startswith("_")})
    prelude = "\n".join(parts.imports + [v for k, v in parts.others.items() if k != "QUIZ"])
    answers = {}
    for name, function in parts.functions.items():
        answers[name] = f"{prelude}\n\n{function.header}\n{function.body}\n"
    return answers


def _fill(
    notebook_path: Path, answers: dict[str, str], quiz: dict | None, *, prefix: str = ""
) -> None:
    """Write answers into the released notebook (``quiz=None`` leaves the quiz as released)."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    first = True
    for cell in notebook["cells"]:
        item = answer_item(cell)
        if item is None:
            continue
        if item.endswith(".quiz"):
            if quiz is not None:
                cell["source"] = f"QUIZ = {quiz!r}\n"
            continue
        function = item.rsplit(".", 1)[-1]
        code = answers.get(item, answers.get(function))
        if code is not None:
            cell["source"] = (prefix if first else "") + code
            first = False
    notebook_path.write_text(json.dumps(notebook), encoding="utf-8")


def answer_correctly(folder: Path, course_dir: Path, *, skip_quiz: tuple[str, ...] = ()) -> None:
    """The reference answers, each section's first answer also printing warnings to stderr."""
    for path in sorted(folder.glob("*.ipynb")):
        _fill(
            path,
            _answers_from_source(course_dir, path.name),
            None if path.stem in skip_quiz else _quiz_key(ROOT / "solutions" / f"{path.stem}.py"),
            prefix=NOISE,
        )


def answer_like_the_sample(folder: Path, *, cheat: bool = False) -> None:
    for path in sorted(folder.glob("*.ipynb")):
        module = SAMPLE / f"{path.stem}.py"
        _fill(path, _answers_from_module(module), _quiz_key(module), prefix=CHEAT if cheat else "")
        if cheat:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            notebook["cells"] = [
                c
                for c in notebook["cells"]
                if nbgrader_meta(c).get("grade_id") not in DELETED_TESTS
            ]
            path.write_text(json.dumps(notebook), encoding="utf-8")


@dataclass
class Pipeline:
    course: Course  # the instructor's course file
    course_dir: Path
    homes: dict[str, Path]
    points: dict[str, dict[str, float]]  # student -> item -> points in the gradebook
    max_points: dict[str, float]  # item -> points available in the gradebook
    review: dict[str, bool]
    csv_rows: dict[str, dict[str, str]]
    users: dict[str, OsUser]
    autograde_log: str


STUDENTS = ("alice", "bob", "carol", "mallory", "dave")


def instructor_course(folder: Path) -> Course:
    """This project's course file with other points and a shorter time limit."""
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    for section in data["sections"]:
        for exercise in section["exercises"]:
            points = CUSTOM_POINTS.get(f"{section['id']}.{exercise['name']}")
            if points is not None:
                exercise["points"] = points
    data["grading"]["time_limit_s"] = CUSTOM_TIME_LIMIT_S
    path = folder / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_course(path)


def as_student(user: OsUser, env: StudentEnv, *args: str) -> str:
    done = run_as(user, list(args), env=env.env(user.home), timeout=600)
    assert done.returncode == 0, (
        f"{user.name}: {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout + done.stderr


def hand_over(folder: Path, user: OsUser) -> None:
    """Files the test wrote into a student's folder become the student's own."""
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, user.uid, user.gid, follow_symlinks=False)


@pytest.fixture(scope="module")
def pipeline(classroom_root: Path, student_env: StudentEnv, os_users) -> Pipeline:
    from nbgrader.api import Gradebook

    root = classroom_root / "pipeline"
    instructor = root / "instructor"
    instructor.mkdir(parents=True)
    instructor.chmod(0o700)  # the course, its sources and gradebook: not for students
    course = instructor_course(instructor)
    course_dir = instructor / "course"
    exchange = root / "exchange"
    build_course(course_dir, course, exchange=exchange, lang="en")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course_dir)
    nbgrader("release_assignment", ASSIGNMENT, cwd=course_dir)
    homes, users = {}, {}
    for student in STUDENTS:
        user = os_users(student)
        users[student] = user
        put_file(
            user,
            Path(".jupyter/nbgrader_config.py"),
            STUDENT_CONFIG.format(course_id=course.id, exchange=str(exchange)),
        )
        as_student(user, student_env, "nbgrader", "fetch_assignment", ASSIGNMENT)
        folder = user.home / ASSIGNMENT
        if student in ("alice", "carol", "dave"):
            answer_correctly(
                folder, course_dir, skip_quiz=(UNANSWERED_QUIZ,) if student == "carol" else ()
            )
        else:
            answer_like_the_sample(folder, cheat=student == "mallory")
        if student == "carol":
            damaged = folder / f"{CORRUPTED}.ipynb"
            text = damaged.read_text(encoding="utf-8")
            damaged.write_text(text[: int(len(text) * 0.6)], encoding="utf-8")
        if student == "dave":
            slow_down_count_parameters(folder / "s21_basics.ipynb")
        hand_over(folder, user)
        as_student(user, student_env, "nbgrader", "submit", ASSIGNMENT)
        homes[student] = user.home
    nbgrader("collect", ASSIGNMENT, cwd=course_dir)  # owner check on: files are the students'
    log = nbgrader("autograde", ASSIGNMENT, cwd=course_dir)
    nbgrader("generate_feedback", ASSIGNMENT, cwd=course_dir)
    nbgrader("release_feedback", ASSIGNMENT, cwd=course_dir)
    for user in users.values():
        as_student(user, student_env, "nbgrader", "fetch_feedback", ASSIGNMENT)
    nbgrader("export", "--to", str(root / "grades.csv"), cwd=course_dir)

    points: dict[str, dict[str, float]] = {}
    review: dict[str, bool] = {}
    max_points: dict[str, float] = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for student, user in users.items():
            submission = gradebook.find_submission(ASSIGNMENT, user.name)
            grades = [g for nb in submission.notebooks for g in nb.grades]
            points[student] = {item_of(g.name, TEST_PREFIX): g.score for g in grades}
            max_points.update({item_of(g.name, TEST_PREFIX): g.max_score for g in grades})
            review[student] = any(g.needs_manual_grade for g in grades)
    with open(root / "grades.csv", encoding="utf-8") as f:
        by_id = {row["student_id"]: row for row in csv.DictReader(f)}
    rows = {student: by_id[user.name] for student, user in users.items()}
    return Pipeline(course, course_dir, homes, points, max_points, review, rows, users, log)


def slow_down_count_parameters(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if answer_item(cell) == "2.1.count_parameters":
            text = "".join(cell["source"])
            cell["source"] = text.replace("\n    return ", SLOW_COUNT, 1)
            assert cell["source"] != text
    path.write_text(json.dumps(notebook), encoding="utf-8")


def _engine_points(pipeline: Pipeline, zygote, folder: Path) -> dict[str, float]:
    """``ch2-grade grade`` of a folder, with the instructor's course file and its limits."""
    from autograder.grading import GradingRun

    run = GradingRun.start(folder, course=pipeline.course, lang="en", device="cpu", zygote=zygote)
    try:
        return {r.id: r.score for r in run.report().exercises}
    finally:
        run.close()


def _submitted(pipeline: Pipeline, student: str) -> Path:
    return pipeline.course_dir / "submitted" / pipeline.users[student].name / ASSIGNMENT


def test_gradebook_points_equal_ch2_grade_on_the_same_notebooks(pipeline: Pipeline, zygote) -> None:
    for student in STUDENTS:
        engine = _engine_points(pipeline, zygote, _submitted(pipeline, student))
        assert pipeline.points[student] == engine, student


def test_autograde_uses_the_instructors_course_file(pipeline: Pipeline, course: Course) -> None:
    expected = {e.id: float(e.points) for e in pipeline.course.exercises}
    assert pipeline.max_points == expected
    for item, points in CUSTOM_POINTS.items():
        assert pipeline.max_points[item] == points != course.exercise(item).points
    # dave's count_parameters takes 8 s: a time-out under the file's 5 s limit only.
    assert course.grading.time_limit_s > 8
    assert pipeline.points["dave"]["2.1.count_parameters"] == 0
    others = {i: p for i, p in pipeline.points["dave"].items() if i != "2.1.count_parameters"}
    assert others == {i: p for i, p in pipeline.points["alice"].items() if i in others}
    autograded = json.loads(
        (
            pipeline.course_dir
            / "autograded"
            / pipeline.users["dave"].name
            / ASSIGNMENT
            / "s21_basics.ipynb"
        ).read_text(encoding="utf-8")
    )
    verdict = next(
        "".join(o.get("evalue", "") for o in c["outputs"])
        for c in autograded["cells"]
        if nbgrader_meta(c).get("grade_id") == "test_2-1-count_parameters"
    )
    assert verdict == "2.1.count_parameters: 0/2 (timeout)"


def test_correct_student_gets_full_marks(pipeline: Pipeline) -> None:
    assert pipeline.points["alice"] == {e.id: e.points for e in pipeline.course.exercises}
    assert not pipeline.review["alice"]
    row = pipeline.csv_rows["alice"]
    total = sum(e.points for e in pipeline.course.exercises)
    assert float(row["score"]) == float(row["max_score"]) == total


def test_typical_mistakes_cost_what_ch2_grade_says(pipeline: Pipeline, zygote) -> None:
    expected = _engine_points(pipeline, zygote, SAMPLE)
    assert pipeline.points["bob"] == expected
    assert 0 < sum(expected.values()) < sum(pipeline.points["alice"].values())
    assert pipeline.points["bob"]["2.1.build_mlp"] == 0  # relu-on-output
    assert not pipeline.review["bob"]


def test_corrupt_notebook_is_graded_as_far_as_possible_and_flagged(pipeline: Pipeline) -> None:
    course = pipeline.course
    carol, alice = pipeline.points["carol"], pipeline.points["alice"]
    section = next(s for s in course.sections if s.module == CORRUPTED)
    damaged = {e.id for e in section.exercises}
    unanswered = {e.id for e in course.section("2.2").exercises if ".quiz." in e.id}
    assert all(carol[i] == 0 for i in unanswered), "an unanswered quiz earns nothing"
    others = [i for i in carol if i not in damaged | unanswered]
    assert all(carol[i] == alice[i] for i in others), "other notebooks and exercises unaffected"
    recovered = [i for i in damaged if carol[i] == alice[i] and ".quiz." not in i]
    assert recovered, "the answers still readable in the damaged file are graded"
    assert sum(carol.values()) < sum(alice.values())
    assert pipeline.review["carol"], "a damaged notebook is flagged for review, not a plain zero"
    row = pipeline.csv_rows["carol"]
    assert row["needs_review"] == "True"
    assert f"{CORRUPTED}.ipynb: the notebook could not be read (" in row["notes"]


def test_cheater_gains_nothing(pipeline: Pipeline) -> None:
    assert pipeline.points["mallory"] == pipeline.points["bob"]
    assert pipeline.review["mallory"], "deleted test cells are reported"
    assert "put back" in pipeline.csv_rows["mallory"]["notes"]


def test_students_fetch_feedback_with_the_verdicts(pipeline: Pipeline) -> None:
    for student, home in pipeline.homes.items():
        files = list(home.glob(f"{ASSIGNMENT}/feedback/*/*.html"))
        assert len(files) == len(pipeline.course.sections), student
    bob = next(pipeline.homes["bob"].glob(f"{ASSIGNMENT}/feedback/*/s21_basics.html")).read_text()
    assert "relu-on-output" in bob


def test_feedback_holds_no_note_for_instructors(pipeline: Pipeline) -> None:
    """The sandbox in force is for the course staff: gradebook and export, not feedback."""
    for student, home in pipeline.homes.items():
        for path in home.glob(f"{ASSIGNMENT}/feedback/*/*.html"):
            text = _visible_text(path)
            assert "Sandbox" not in text and "for instructors" not in text, (student, path.name)


def test_export_rounds_points_and_says_each_note_once(pipeline: Pipeline) -> None:
    for student, row in pipeline.csv_rows.items():
        for name, value in row.items():
            if re.fullmatch(r"-?\d+\.\d+", value or ""):
                assert len(value.split(".")[1]) <= 2, (student, name, value)
        notes = row["notes"].split(" | ")
        sandbox = [n for n in notes if n.startswith("[for instructors] Sandbox: ")]
        assert len(sandbox) == 1, (student, row["notes"])
        assert len(notes) == len(set(notes)), (student, row["notes"])


def test_honest_students_raise_no_tampering_alarm(pipeline: Pipeline) -> None:
    assert "has changed!" not in pipeline.autograde_log
    for student in ("alice", "bob", "carol", "dave"):
        assert f"student {pipeline.users[student].name} edited" not in pipeline.autograde_log


# -- no leaks -----------------------------------------------------------------
PUBLIC_CODE = [
    *sorted((ROOT / "exercises").glob("*.py")),
    *(p for p in sorted((ROOT / "autograder").rglob("*.py")) if "graders" not in p.parts),
]


def _visible_text(path: Path) -> str:
    """What a reader of the file sees: notebook cell text, HTML without tags, plain text."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".ipynb":
        notebook = json.loads(raw)
        parts = []
        for cell in notebook["cells"]:
            parts.append("".join(cell.get("source", "")))
            for output in cell.get("outputs", []):
                parts.append(json.dumps(output, ensure_ascii=False))
        return "\n".join(parts)
    if path.suffix == ".html":
        return html.unescape(re.sub(r"<[^>]+>", "", raw))
    return raw


def _bundle_texts(bundle: Path, scratch: Path) -> dict[str, str]:
    texts = {}
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(scratch)
    for path in sorted(scratch.rglob("*")):
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                for name in wheel.namelist():
                    texts[f"{path.name}/{name}"] = wheel.read(name).decode(
                        "utf-8", errors="replace"
                    )
        elif path.is_file():
            texts[str(path.relative_to(scratch))] = _visible_text(path)
    return texts


def _secret_lines(folder: Path) -> dict[str, str]:
    """Lines of the files in ``folder`` that no public file contains."""
    public = "\n".join(p.read_text(encoding="utf-8") for p in PUBLIC_CODE)
    secrets = {}
    for path in sorted(folder.glob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if (
                len(text) >= 25
                and not text.startswith(("import ", "from ", "#", '"""'))
                and text not in public
            ):
                secrets[text] = path.name
    return secrets


def _explanations() -> dict[str, str]:
    from autograder.graders.kit import quiz_explanations

    return {
        text[:60]: f"explanation of {item}"
        for item, e in quiz_explanations().items()
        for text in e.values()
    }


def _leaks(texts: dict[str, str], secrets: dict[str, str]) -> list[tuple[str, str, str]]:
    return [
        (line, origin, where)
        for where, text in texts.items()
        for line, origin in secrets.items()
        if line in text
    ]


def test_nothing_secret_reaches_students(
    pipeline: Pipeline, course: Course, tmp_path: Path
) -> None:
    """Released notebooks, fetched feedback and the student bundle hold no solution, grader or key.

    Feedback shows each student's own answers, so lines the student wrote are not counted.
    """
    from autograder.course_build.bundle import build_bundle

    handed_out = {
        str(p): _visible_text(p) for p in sorted((pipeline.course_dir / "release").rglob("*.ipynb"))
    }
    handed_out.update(_bundle_texts(build_bundle(tmp_path / "dist", course), tmp_path / "unpacked"))
    feedback = {
        student: {str(p): _visible_text(p) for p in sorted(home.rglob("feedback/**/*.html"))}
        for student, home in pipeline.homes.items()
    }
    assert len(handed_out) > 20 and all(len(files) == 8 for files in feedback.values())
    solutions = _secret_lines(ROOT / "solutions")
    graders = {**_secret_lines(ROOT / "autograder" / "graders"), **_explanations()}
    assert len(solutions) > 100 and len(graders) > 500

    assert not _leaks(handed_out, {**solutions, **graders}), _leaks(
        handed_out, {**solutions, **graders}
    )[:5]
    for student, files in feedback.items():
        # Feedback shows the student's own code: what they wrote themselves is not a leak.
        own = "\n".join(
            p.read_text(encoding="utf-8", errors="replace").replace("\\n", "\n").replace('\\"', '"')
            for p in _submitted(pipeline, student).glob("*.ipynb")
        )
        secrets = {
            line: origin for line, origin in {**solutions, **graders}.items() if line not in own
        }
        assert not _leaks(files, secrets), (student, _leaks(files, secrets)[:5])
    everything = {**handed_out, **{k: v for files in feedback.values() for k, v in files.items()}}
    for where, text in everything.items():
        assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text, where
        if where.endswith((".ipynb", ".html")):  # (the package's own code names these, of course)
            assert "hidden_check" not in text, where
            assert "right answer is" not in text and "正确答案是" not in text, where
    for where, text in handed_out.items():
        for block in re.findall(r"QUIZ = \{(.*?)\}", text, re.S):
            assert re.findall(r'"q\d":\s*(\S+?),', block) == ["None"] * len(
                re.findall(r'"q\d"', block)
            ), where


REVEAL_ATTEMPT = """
import importlib.util, json
from autograder.notebook import hidden_check
for item, answer in [("2.1.quiz.q5", "A"), ("2.1.quiz.q5", "B"), ("2.3.quiz.q1", "C")]:
    hidden_check(item, answer)
found = {name: importlib.util.find_spec(name) is not None
         for name in ("autograder.graders", "autograder._reference", "autograder.nbgrader_ext")}
print(json.dumps(found))
"""


def test_a_student_kernel_cannot_reveal_a_key_or_hidden_value(
    pipeline: Pipeline, student_env: StudentEnv
) -> None:
    """What mallory's kernel runs: the student environment, where the hidden checks are not."""
    mallory = pipeline.users["mallory"]
    done = run_as(
        mallory, [str(student_env.python), "-c", REVEAL_ATTEMPT], env=student_env.env(mallory.home)
    )
    assert done.returncode == 0, done.stderr
    *said, found = done.stdout.strip().splitlines()
    assert json.loads(found) == {
        "autograder.graders": False,
        "autograder._reference": False,
        "autograder.nbgrader_ext": False,
    }
    from autograder.i18n import t

    assert said == [t("notebook.hidden_elsewhere", pipeline.course.default_language)] * 3
    source = (pipeline.course_dir / "source" / ASSIGNMENT).resolve()
    readable = run_as(
        mallory, ["cat", str(next(source.glob("*.ipynb")))], env=student_env.env(mallory.home)
    )
    assert readable.returncode != 0, "the instructor's folder is not the students'"


def _class_tables(course: Course, results: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course.path), "class-report",
         str(results), "--format", "json", "--lang", "en"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_class_report_from_the_gradebook_equals_batch_on_the_same_notebooks(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    from_gradebook = _class_tables(pipeline.course, pipeline.course_dir)
    students = tmp_path / "class"
    for student, user in pipeline.users.items():
        shutil.copytree(_submitted(pipeline, student), students / user.name)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(pipeline.course.path), "batch",
         str(students), "--output", str(out), "--lang", "en"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from_batch = _class_tables(pipeline.course, out)
    for table in ("summary", "distribution", "sections", "exercises", "mistakes", "quiz"):
        assert from_gradebook[table] == from_batch[table], table
    # Lost points without a named mistake: the same, but not always said alike. carol's
    # truncated notebook is repaired from the released one under nbgrader (its lost
    # function reads "not attempted"), while batch only has her file ("error").
    unnamed = [
        [(r["exercise"], r["students"], r["points_lost"]) for r in t["unnamed"]]
        for t in (from_gradebook, from_batch)
    ]
    assert unnamed[0] == unnamed[1]
    keep = ("student", "score", "max_score", "graded", "mistakes")
    rows = [[{k: r[k] for k in keep} for r in t["students"]] for t in (from_gradebook, from_batch)]
    assert rows[0] == rows[1] and len(rows[0]) == len(STUDENTS)
    assert from_gradebook["summary"]["graded"] == len(STUDENTS)
    assert from_gradebook["mistakes"], "bob's and mallory's mistakes are counted"
    flagged = {r["student"] for r in from_gradebook["needs_human"] if r["reason"] == "flagged"}
    assert pipeline.users["carol"].name in flagged  # her repaired notebook is flagged for review


def test_feedback_shows_pictures_without_expected_values(pipeline: Pipeline) -> None:
    home = pipeline.homes["bob"]
    page = next(home.glob(f"{ASSIGNMENT}/feedback/*/s24_optimizers.html")).read_text()
    assert "<svg" in page and "adam-no-bias-correction" in page
    assert "(expected values are not shown)" in page  # hidden cases: the student's path alone
