"""docs/authoring.md holds: an exercise with two mistakes is added in five files and graded.

A copy of the package, the stubs, the references and the course file gets a
throw-away exercise, ``2.1.leaky_relu``, exactly as the authoring checklist
says: its stub, its reference, its public declaration (probe, check, two
mistakes with their messages), its hidden declaration (cases, two mutants) and
its line in ``course.yml``; ``ch2-grade build-public`` regenerates the rest. Its
feature has a name the shared vocabulary lacks, so the declaration labels it.
The copy then grades the reference (full marks) and one student-like answer per
mistake (the mistake named), and refuses a declaration the course file lacks.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Under the checkout, not /tmp: student processes get a private /tmp of their own.
WORK = ROOT / "test-artifacts" / "authoring"
COPIED = ("autograder", "exercises", "solutions", "course.yml")

STUB = '''

def leaky_relu(x: torch.Tensor, slope: float) -> torch.Tensor:
    """带泄漏的 ReLU / Leaky ReLU: ``x`` where positive, ``slope * x`` elsewhere."""
    raise NotImplementedError
'''

REFERENCE = """

def leaky_relu(x: torch.Tensor, slope: float) -> torch.Tensor:
    return torch.where(x > 0, x, slope * x)
"""

MISTAKES = """
    mistake(
        "leaky-relu-zero-negatives",
        zh="负数输出成了 0:这是普通 ReLU。",
        en="Negative inputs give 0: that is a plain ReLU.",
        hint_zh="负数乘以 slope。",
        hint_en="Multiply negative inputs by slope.",
    ),
    mistake(
        "leaky-relu-slope-on-positives",
        zh="正数也乘了 slope。",
        en="Positive inputs were multiplied by slope too.",
        hint_zh="正数原样输出。",
        hint_en="Pass positive inputs through unchanged.",
    ),
"""

PUBLIC = """

@SECTION.exercise(
    "leaky_relu",
    returns="tensor",
    checks=(check("输出", "output", "activated"),),
    mistakes=("leaky-relu-zero-negatives", "leaky-relu-slope-on-positives"),
    results=("activated",),
    labels={"activated": ("激活后的值", "the activated values")},
)
def probe_leaky_relu(fn, case: Case, ctx: ProbeContext) -> Features:
    return {"activated": fn(case["x"], case["slope"])}
"""

HIDDEN = """

def _zero_negatives(x, slope):
    return x.clamp(min=0)


def _slope_on_positives(x, slope):
    return slope * x


@GRADERS.cases(
    "leaky_relu",
    mutants={
        "leaky-relu-zero-negatives": _zero_negatives,
        "leaky-relu-slope-on-positives": _slope_on_positives,
    },
)
def leaky_relu_cases(rng: Rng) -> Case:
    rows, cols = rng.distinct(2, 2, 9)
    return {"x": rng.randn(rows, cols), "slope": rng.uniform(0.05, 0.3)}
"""

COURSE_LINE = "      - {name: count_parameters, points: 2}\n"

ANSWERS = {
    "leaky-relu-zero-negatives": "def leaky_relu(x, slope):\n    return torch.relu(x)\n",
    "leaky-relu-slope-on-positives": (
        "def leaky_relu(x, slope):\n    return torch.where(x > 0, x * slope, x * slope)\n"
    ),
}


def _append(path: Path, text: str, *, before: str | None = None) -> None:
    source = path.read_text(encoding="utf-8")
    if before is None:
        source += text
    else:
        cut = source.index(before)
        source = source[:cut].rstrip() + "\n" + text + "\n\n" + source[cut:]
    path.write_text(source, encoding="utf-8")


def _changed_files(copy: Path) -> set[str]:
    """Files of the copy that differ from (or are not in) the checkout."""
    changed = set()
    for folder, _dirs, files in os.walk(copy):
        if "__pycache__" in folder:
            continue
        for name in files:
            path = Path(folder) / name
            original = ROOT / path.relative_to(copy)
            if not original.is_file() or not filecmp.cmp(path, original, shallow=False):
                changed.add(path.relative_to(copy).as_posix())
    return changed


def _ch2(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CH2_COURSE", None)
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args],
        cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def copy() -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, WORK / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, WORK / name)
    yield WORK
    shutil.rmtree(WORK, ignore_errors=True)


@pytest.mark.slow
def test_an_exercise_with_two_mistakes_takes_five_files_and_grades(copy: Path) -> None:
    # The five files of the checklist, nothing else.
    _append(copy / "exercises/s21_basics.py", STUB, before="# BEGIN QUIZ")
    _append(copy / "solutions/s21_basics.py", REFERENCE)
    public = copy / "autograder/catalogue/s21_basics.py"
    source = public.read_text(encoding="utf-8")
    assert source.count("MISTAKES = (\n") == 1
    public.write_text(
        source.replace("MISTAKES = (\n", "MISTAKES = (\n" + MISTAKES), encoding="utf-8"
    )
    _append(public, PUBLIC, before="# -- quiz")
    _append(copy / "autograder/graders/s21_basics.py", HIDDEN)
    for name in ("exercises", "solutions"):
        path = copy / name / "s21_basics.py"
        if "import torch\n" not in path.read_text(encoding="utf-8"):
            _append(path, "\nimport torch  # noqa: E402\n")
    course = (copy / "course.yml").read_text(encoding="utf-8")
    assert course.count(COURSE_LINE) == 1
    (copy / "course.yml").write_text(
        course.replace(COURSE_LINE, COURSE_LINE + "      - {name: leaky_relu, points: 2}\n"),
        encoding="utf-8",
    )

    # The one command that regenerates what is generated.
    built = _ch2(copy, "build-public")
    assert built.returncode == 0, built.stderr
    assert _changed_files(copy) == {
        "exercises/s21_basics.py",
        "solutions/s21_basics.py",
        "autograder/catalogue/s21_basics.py",
        "autograder/graders/s21_basics.py",
        "course.yml",
        "autograder/public/data/s21_basics.json",
    }

    # The reference earns full marks, hidden and public; each mistake is named.
    hidden = _ch2(copy, "grade", "solutions", "--select", "2.1.leaky_relu", "--format", "json")
    assert hidden.returncode == 0, hidden.stderr
    (result,) = json.loads(hidden.stdout)["exercises"]
    assert (result["id"], result["score"], result["max_score"]) == ("2.1.leaky_relu", 2.0, 2.0)
    students = copy / "students"
    for mistake_id, answer in ANSWERS.items():
        folder = students / mistake_id
        folder.mkdir(parents=True)
        (folder / "s21_basics.py").write_text("import torch\n\n\n" + answer, encoding="utf-8")
        graded = _ch2(copy, "grade", str(folder), "--select", "2.1.leaky_relu", "--format", "json")
        assert graded.returncode == 0, graded.stderr
        (result,) = json.loads(graded.stdout)["exercises"]
        assert result["score"] == 0 and result["mistakes"] == [mistake_id], result
        assert "激活后的值" in result["feedback"], result  # the declaration's own label
        checked = _ch2(copy, "check", "2.1.leaky_relu", "--path", str(folder), "--lang", "en")
        assert checked.returncode == 0, checked.stderr
        assert mistake_id in checked.stdout, checked.stdout

    # Declared but left out of the course file: every command says so and grades nothing.
    (copy / "course.yml").write_text(course, encoding="utf-8")
    refused = _ch2(copy, "grade", "solutions", "--format", "json")
    assert refused.returncode == 3, refused.stdout
    assert "2.1.leaky_relu" in refused.stderr and "not listed in" in refused.stderr
