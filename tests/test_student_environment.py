"""The student environment, as a student (an OS user) has it: nothing that gives answers away.

Released notebooks import ``autograder.notebook``, so a student's kernel needs the
package; it must be the student wheel (public checks only), never the instructor's
install, where ``hidden_check`` grades with the hidden graders and ``solutions/``
(``_reference`` once installed) holds the answers and the quiz key.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import pytest
from classroom import (
    ROOT,
    OsUser,
    StudentEnv,
    run_as,
)

from autograder.course import load_course
from autograder.i18n import t

pytestmark = pytest.mark.slow

# Names that only the instructor's side has: hidden graders, references, nbgrader plugins.
PRIVATE_NAMES = {"_reference", "solutions", "graders", "nbgrader_ext", "course_build"}
PRIVATE_MODULES = (
    "autograder.graders",
    "autograder.graders.live",
    "autograder.graders.reference",
    "autograder._reference",
    "autograder.nbgrader_ext",
    "autograder.course_build",
    "autograder.pytest_plugin",
    "solutions",
    "ch2_reference",
)

PROBE = """
import contextlib, importlib.util, io, json, sys

found = {}
try:
    import autograder.graders
except Exception as exc:
    found["graders_import"] = type(exc).__name__
else:
    found["graders_import"] = None

def spec(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False

found["specs"] = {name: spec(name) for name in json.loads(sys.argv[1])}
import autograder
found["autograder"] = autograder.__file__
found["executable"] = sys.executable
found["path"] = [p for p in sys.path if p]

from autograder.notebook import hidden_check
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        hidden_check("2.1.quiz.q5", "A")
except BaseException as exc:
    found["hidden_error"] = f"{type(exc).__name__}: {exc}"
else:
    found["hidden_error"] = None
found["hidden_output"] = out.getvalue()
print(json.dumps(found))
"""


def _quiz_keys() -> dict[str, dict]:
    """Each section's quiz key, read from solutions/ here (as root, in the test process)."""
    keys = {}
    for path in sorted((ROOT / "solutions").glob("s2*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                getattr(target, "id", "") == "QUIZ" for target in node.targets
            ):
                keys[path.stem] = ast.literal_eval(node.value)
    assert len(keys) == len(load_course(ROOT / "course.yml").sections), sorted(keys)
    return keys


def _normalised(text: str) -> str:
    """Without whitespace and with one kind of quote, so that any spelling of a literal matches."""
    return re.sub(r"\s+", "", text).replace("'", '"')


@pytest.fixture(scope="module")
def student(os_users) -> OsUser:
    return os_users("sam")


@pytest.fixture(scope="module")
def probe(student_env: StudentEnv, student: OsUser) -> dict:
    done = run_as(
        student,
        [student_env.python, "-c", PROBE, json.dumps(PRIVATE_MODULES)],
        env=student_env.env(student.home),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_student_runs_the_student_wheel(probe: dict, student_env: StudentEnv) -> None:
    assert probe["executable"] == str(student_env.python)
    assert Path(probe["autograder"]).is_relative_to(student_env.site_packages)
    for entry in probe["path"]:
        assert not Path(entry).is_relative_to(ROOT), f"the instructor's checkout on {entry}"


def test_the_hidden_graders_cannot_be_imported(probe: dict) -> None:
    assert probe["graders_import"] == "ModuleNotFoundError"
    importable = [name for name, found in probe["specs"].items() if found]
    assert importable == [], f"importable by the student: {importable}"


def test_no_private_file_anywhere_the_student_can_import_from(
    probe: dict, student_env: StudentEnv
) -> None:
    """A walk of every folder on the student's sys.path (through the symlinks to the
    instructor's third-party packages) and of the student venv: one ``autograder``
    package, the student's, and no private part of it, nor a top-level module of
    those names (``solutions``), nor the instructor's install records."""
    own = (student_env.site_packages / "autograder").resolve()
    leaks = []
    tops = {Path(p) for p in probe["path"] if Path(p).is_dir()} | {student_env.root}
    for top in sorted(tops):
        leaks += [str(p) for p in top.iterdir() if p.name.removesuffix(".py") in PRIVATE_NAMES]
        for folder, dirs, files in os.walk(top, followlinks=True):
            here = Path(folder)
            in_package = "autograder" in here.relative_to(top).parts
            for name in dirs + files:
                path = here / name
                if (
                    (in_package and name.removesuffix(".py") in PRIVATE_NAMES)
                    or name.startswith(("ch2_autograder-", "_editable_impl", "__editable__"))
                    or (name == "autograder" and path.resolve() != own)
                ):
                    leaks.append(str(path))
    assert leaks == [], "\n".join(leaks)
    shared = sorted(p.name for p in student_env.third_party.iterdir())
    assert "torch" in shared and "nbgrader" in shared
    assert not [n for n in shared if n.startswith(("autograder", "ch2_", "_editable", "__edit"))]


def test_hidden_check_says_the_grading_happens_elsewhere(probe: dict) -> None:
    expected = t("notebook.hidden_elsewhere", load_course(ROOT / "course.yml").default_language)
    assert probe["hidden_error"] is None
    assert probe["hidden_output"].strip() == expected
    shown = probe["hidden_output"].lower()
    for revealing in ("正确答案", "right answer", "correct", "185"):
        assert revealing not in shown


def test_the_quiz_key_is_nowhere_in_the_installed_wheel(student_env: StudentEnv) -> None:
    """Every file the wheel installed, against each section's whole key and each of its
    answers that is not a bare letter (a single ``"q1": "B"`` could be an example)."""
    records = list(student_env.site_packages.glob("ch2_autograder_student-*.dist-info/RECORD"))
    assert len(records) == 1, records
    installed = [
        student_env.site_packages / line.split(",")[0]
        for line in records[0].read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts = {}
    for path in installed:
        try:
            texts[path] = _normalised(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
    assert any(p.name == "notebook.py" for p in texts)
    found = []
    for module, key in _quiz_keys().items():
        whole = _normalised(json.dumps(key))
        pairs = [
            _normalised(f'"{q}": {json.dumps(a)}')
            for q, a in key.items()
            if not (isinstance(a, str) and len(a) == 1)
        ]
        for path, text in texts.items():
            if whole in text or whole.replace('"', "") in text.replace('"', ""):
                found.append(f"{path}: the whole key of {module}")
            found += [f"{path}: {module} {pair}" for pair in pairs if pair in text]
    assert found == []


def test_ch2_grade_runs_for_the_student(student_env: StudentEnv, student: OsUser) -> None:
    done = run_as(student, ["ch2-grade", "--help"], env=student_env.env(student.home))
    assert done.returncode == 0, done.stderr
    assert "Usage: ch2-grade" in done.stdout


def test_instructor_commands_say_so_in_the_student_package(
    student_env: StudentEnv, student: OsUser
) -> None:
    done = run_as(
        student,
        ["ch2-grade", "build-course", str(student.home / "course")],
        env=student_env.env(student.home),
    )
    assert done.returncode == 2
    assert done.stderr == (
        "ch2-grade build-course: this command is for instructors and needs the full package "
        "(autograder.course_build is not part of the student package); "
        "students use `ch2-grade check`.\n"
    )
    assert "Traceback" not in done.stderr and not (student.home / "course").exists()
