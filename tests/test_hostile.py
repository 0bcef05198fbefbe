"""A corpus of hostile submissions (tests/hostile/): each earns nothing it did not answer,
the rest of the submission is graded, the output stays valid, and nothing escapes.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Grader
from hostile_support import (
    LIMITS,
    MODE,
    MODES,
    PROTECTED,
    ROOT,
    assert_no_process,
    assert_nothing_secret,
    fingerprint,
    marker_processes,
    render_every_format,
)

from autograder.grading import GradingRun
from autograder.model import Report, Status
from autograder.reporters.json_report import render_json

CORPUS = sorted((ROOT / "tests" / "hostile").glob("*.py"))
# Attacks each weaker protection does not stop (files to read or write, processes to reach).
UNSTOPPED = {
    "namespaces": set(),
    # World-readable checkouts stay readable (the report names them) and the network stays.
    "uid": {"read-solutions", "read-installed-references", "copy-graders-into-feedback", "network"},
    "none": {
        "read-solutions",
        "read-installed-references",
        "copy-graders-into-feedback",
        "write-into-package",
        "kill-parent",
        "kill-process-group",
        "kill-warden",
        "read-grader-memory",
        "orphan-processes",
        "escape-session-and-death-signal",
        "network",
    },
}
MARKERS = ("ch2-hostile-orphan-marker", "ch2-hostile-escape-marker", "ch2-hostile-warden-marker")


def _header(path: Path) -> tuple[str | None, bool, str]:
    """(attacked exercise, whether it strikes the whole module, the module it joins)."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^# exercise: (\S+)", text, re.M)
    module = re.search(r"^# module: (\S+)", text, re.M)
    return (
        found.group(1) if found else None,
        "# strikes: module" in text,
        module.group(1) if module else "s21_basics",
    )


def _grader_lines() -> list[str]:
    lines = []
    for path in (ROOT / "autograder" / "graders").glob("*.py"):
        lines += [line.strip() for line in path.read_text().splitlines() if len(line.strip()) > 30]
    return lines


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module", params=MODES)
def sandboxed(request: pytest.FixtureRequest, zygote, course, tmp_path_factory) -> Grader:
    """A grader whose course asks for one protection mode."""
    policy = replace(course.grading, sandbox=request.param)
    return Grader(zygote, replace(course, grading=policy), tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_hostile_submission(sandboxed: Grader, path: Path, tmp_path: Path) -> None:
    grader, mode = sandboxed, sandboxed.course.grading.sandbox
    if path.stem in UNSTOPPED[mode]:
        pytest.skip(f"protection {mode!r} does not stop this attack (README, Security)")
    attacked, whole_module, module_name = _header(path)
    submission = grader.copy_of(ROOT / "solutions")
    neighbour = grader.copy_of(ROOT / "solutions")  # another student's work, next door
    module = submission / f"{module_name}.py"
    module.write_text(module.read_text() + "\n\n" + path.read_text(), encoding="utf-8")
    before = fingerprint([*PROTECTED, neighbour])
    pickle_marker = Path("/tmp/ch2-hostile-pickle-ran")
    pickle_marker.unlink(missing_ok=True)
    rss_before = _peak_rss_mb()

    start = time.monotonic()
    report: Report = grader.grade_dir(submission, ["2.1", "2.2"], limits=LIMITS)
    seconds = time.monotonic() - start

    outputs = render_every_format(report)  # every format valid, whatever the attack sent
    assert json.loads(outputs["json"])["protection"] == mode, "the protection applied, not claimed"
    assert_nothing_secret(outputs)
    assert _peak_rss_mb() - rss_before < 400, "the grader's memory stays bounded"
    struck = {r.id for r in report.exercises if r.section == "2.1"} if whole_module else {attacked}
    for result in report.exercises:
        if result.id in struck:
            assert result.score == 0, (result.id, result.feedback)
        else:
            assert result.full_marks, (path.stem, result.id, result.status, result.feedback)
    if attacked and not whole_module:
        assert report.result(attacked).status in (Status.FAILED, Status.ERROR, Status.TIMEOUT)
    assert seconds < 60, "bounded by the limits"

    assert fingerprint([*PROTECTED, neighbour]) == before, (
        "nothing outside the student process changed"
    )
    assert not pickle_marker.exists(), "nothing the student sent was unpickled"
    planted = [
        p
        for root in ("/tmp", "/var/tmp", "/dev/shm")
        for p in Path(root).glob("ch2-hostile-planted*")
    ]
    assert not planted, f"files planted in shared folders outlived grading: {planted}"
    assert not (submission / "results.json").exists() and not (ROOT / "results.json").exists()
    feedback = "\n".join(r.feedback for r in report.exercises)
    assert not any(line in feedback for line in _grader_lines()), "no grader code in the feedback"
    for marker in MARKERS:
        if marker in path.read_text(encoding="utf-8") and "raise RuntimeError" in path.read_text():
            assert f"started {marker}" in feedback, "the attack's processes really started"
        assert_no_process(marker)
    # (uid mode's report notes name the hidden paths the student user could still read)
    hidden = [str(ROOT / "solutions"), "/_reference", "/graders", str(neighbour)]
    found = [h for h in hidden if h in feedback]
    assert not found, f"hidden paths reached the student's feedback: {found}"


def test_fake_output_never_reaches_the_json_report(tmp_path: Path) -> None:
    """Student prints and planted files never mix with `--format json` on stdout."""
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", submission, ignore=shutil.ignore_patterns("__pycache__"))
    module = submission / "s21_basics.py"
    module.write_text(
        module.read_text() + "\n\n" + (ROOT / "tests/hostile/fake-results.py").read_text()
    )
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(submission), "--format", "json", "--select", "2.1"],
        capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["max_score"] != 999 and "999" not in json.dumps(
        [e["score"] for e in report["exercises"]]
    )
    assert not (tmp_path / "results.json").exists()


@pytest.mark.slow
def test_batch_of_hostile_submissions_keeps_honest_grades(tmp_path: Path, course) -> None:
    """Every hostile submission in one batch with honest ones: the honest grades are intact."""
    import yaml

    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["grading"].update(
        time_limit_s=3, import_time_limit_s=10, memory_limit_mb=1024, output_limit_mb=4
    )
    course_file = tmp_path / "course.yml"
    course_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    submissions = tmp_path / "class"
    for name in ("honest-1", "honest-2", *(p.stem for p in CORPUS)):
        shutil.copytree(
            ROOT / "solutions", submissions / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    for path in CORPUS:
        module = submissions / path.stem / "s21_basics.py"
        module.write_text(module.read_text() + "\n\n" + path.read_text(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course_file), "batch", str(submissions),
         "--output", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    full = sum(e.points for e in course.exercises)
    for name in ("honest-1", "honest-2"):
        assert json.loads((tmp_path / "out" / f"{name}.json").read_text())["score"] == full
    assert len(list((tmp_path / "out").glob("*.json"))) == len(CORPUS) + 2


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root can drop to another user")


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A scratch folder other users can pass through (pytest's own base folder is owner-only)."""
    folder = Path(tempfile.mkdtemp(prefix="ch2-hostile-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_root
def test_readable_by_agrees_with_the_kernel(open_tmp: Path) -> None:
    """The exposure check predicts what a student user can actually open."""
    from autograder.harness.sandbox import readable_by

    cases = {"open": (0o755, 0o644), "closed-file": (0o755, 0o600), "closed-folder": (0o700, 0o644)}
    paths = {}
    for name, (folder_mode, file_mode) in cases.items():
        folder = open_tmp / name
        folder.mkdir()
        (folder / "secret.py").write_text("KEY = 1\n")
        (folder / "secret.py").chmod(file_mode)
        folder.chmod(folder_mode)
        paths[name] = folder / "secret.py"
    uid = 0x6000_0001
    for name, path in paths.items():
        pid = os.fork()
        if pid == 0:
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            try:
                path.read_bytes()
                os._exit(0)
            except OSError:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        assert (os.waitstatus_to_exitcode(status) == 0) == readable_by(path, uid, uid), name
    assert [n for n, p in paths.items() if readable_by(p, uid, uid)] == ["open"]


@needs_root
def test_uid_mode_hides_owner_only_files_and_names_readable_ones(grader, open_tmp: Path) -> None:
    """Without namespaces, an owner-only folder stays closed to student code, and a hidden
    folder the student user could still read is named in the report."""
    closed = open_tmp / "closed"
    closed.mkdir(mode=0o700)
    (closed / "key.txt").write_text("4\n")
    readable = open_tmp / "readable"
    readable.mkdir(mode=0o755)
    (readable / "key.txt").write_text("4\n")
    submission = grader.copy_of(ROOT / "solutions")
    module = submission / "s21_basics.py"
    module.write_text(
        module.read_text()
        + f"""

def count_parameters(model, trainable_only=True):  # answers from a file it must not see
    return int(open({str(closed / "key.txt")!r}).read())
""",
        encoding="utf-8",
    )
    course = replace(grader.course, grading=replace(grader.course.grading, sandbox="uid"))
    run = GradingRun.start(
        submission, course=course, selectors=["2.1"], lang="en", device="cpu",
        zygote=grader.zygote, limits=LIMITS, extra_hidden=(str(closed), str(readable)),
    )  # fmt: skip
    try:
        report = run.report()
        exposed = run.executor.sandbox.exposed
    finally:
        run.close()
    assert report.protection == "uid"
    result = report.result("2.1.count_parameters")
    assert result.status is Status.ERROR and "PermissionError" in result.feedback
    assert report.result("2.1.build_mlp").full_marks
    assert str(readable) in exposed and str(closed) not in exposed
    assert any(n.startswith("Sandbox:") and "could read" in n for n in report.notes)


@pytest.mark.skipif(MODE != "namespaces", reason="needs Linux namespaces")
def test_private_tmp_keeps_python_installed_under_tmp(open_tmp: Path) -> None:
    """A checkout with its environment in /tmp: the private /tmp keeps the needed folder
    (read-only, its hidden parts still covered) and drops everything else."""
    from autograder.harness.sandbox import SandboxPlan, enter

    venv = open_tmp / "checkout" / ".venv"
    (venv / "secret").mkdir(parents=True)
    (venv / "module.py").write_text("VALUE = 4\n")
    (venv / "secret" / "key.txt").write_text("4\n")
    (open_tmp / "checkout" / "solutions.py").write_text("ANSWER = 4\n")
    plan = SandboxPlan(
        "namespaces",
        hidden=(str(venv / "secret"), str(open_tmp / "checkout" / "solutions.py")),
        needed=(str(venv),),
    )
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        failures = 0
        try:
            enter(plan)
            failures |= (venv / "module.py").read_text() != "VALUE = 4\n"
            failures |= 2 * (venv / "secret" / "key.txt").exists()
            failures |= 4 * (open_tmp / "checkout" / "solutions.py").exists()
            try:
                (venv / "planted.py").write_text("x")
                failures |= 8
            except OSError:
                pass
        except BaseException:
            failures = 16
        os._exit(failures)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not (venv / "planted.py").exists()


def test_feedback_is_no_oracle(grader, tmp_path: Path) -> None:
    """With the default feedback policy a resubmitting student learns neither the hidden
    cases' expected values nor the quiz key (Gradescope results included)."""
    from autograder import catalogue
    from autograder.course import FeedbackPolicy
    from autograder.graders.kit import quiz_explanations
    from autograder.graders.live import LiveExpectations
    from autograder.reporters.gradescope import render_gradescope

    submission = grader.folder_with(
        {
            "s21_basics.py": (ROOT / "exercises" / "s21_basics.py").read_text()
            + "\n\ndef count_parameters(model, trainable_only=True):\n    return 7\n"
            + "\nQUIZ = {f'q{i}': 'A' for i in range(1, 6)}\n"
        }
    )
    report = grader.grade_dir(submission, ["2.1"])
    shown = render_gradescope(report, FeedbackPolicy()) + render_json(report)
    spec = catalogue.spec("2.1.count_parameters")
    source = LiveExpectations()
    answers = {
        str(e.expected[name])
        for e in source.expectations(spec, source.cases(spec))
        for name in ("trainable", "all")
    }
    result = report.result("2.1.count_parameters")
    assert result.score == 0 and "7" in result.feedback, "the student's own value is shown"
    assert not [a for a in answers if f" {a}" in shown or f"{a})" in shown], answers
    explanations = [text for qid, text in quiz_explanations().items() if qid.startswith("2.1.")]
    for explanation in explanations:
        for text in explanation.values():
            assert text[:40] not in shown, "no quiz explanation before grading is over"


@pytest.mark.parametrize("mode", MODES)
def test_no_process_outlives_a_killed_grader(tmp_path: Path, mode: str) -> None:
    """The grader itself dies (SIGKILL) while a student process that left its session and
    cleared its parent-death signal is still running: nothing of the student's survives."""
    import yaml

    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["grading"].update(sandbox=mode, time_limit_s=60)
    course_file = tmp_path / "course.yml"
    course_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", submission, ignore=shutil.ignore_patterns("__pycache__"))
    module = submission / "s21_basics.py"
    attack = (ROOT / "tests/hostile/escape-session-and-death-signal.py").read_text()
    attack = attack.replace("    raise RuntimeError", "    time.sleep(600)\n    raise RuntimeError")
    module.write_text(module.read_text() + "\n\nimport time\n" + attack, encoding="utf-8")
    grading = subprocess.Popen(
        [sys.executable, "-m", "autograder", "--course", str(course_file), "grade",
         str(submission), "--select", "2.1.count_parameters", "--format", "json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
    )  # fmt: skip
    marker = "ch2-hostile-escape-marker"
    deadline = time.monotonic() + 60
    while not marker_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marker_processes(marker), "the attack started its processes"
    grading.kill()
    grading.wait()
    assert_no_process(marker, wait_s=10)


def test_folders_others_may_write_stay_off_the_zygotes_import_path(
    open_tmp: Path, monkeypatch
) -> None:
    """`python -m` run from /tmp puts it first on sys.path: the zygote (parent of every
    student process) never imports from a folder anyone may write to."""
    import autograder.executor.zygote as zygote_module

    shared = open_tmp / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setattr(sys, "path", [str(shared), "", *sys.path])
    path = zygote_module.zygote_environment({"PATH": "/usr/bin"})["PYTHONPATH"].split(os.pathsep)
    assert str(shared) not in path and "" not in path
    package_root = str(Path(zygote_module.__file__).resolve().parents[2])
    assert any(Path(p).resolve() == Path(package_root) or "site-packages" in p for p in path)
