"""A student's JupyterLab, in a real browser: what the self-check shows in the page.

The instructor builds the course with the real nbgrader (generate, release); the
student ``ch2-dana``, an OS user in the student environment (tests/classroom.py),
fetches the assignment with the nbgrader config a hub admin would give her
(``~/.jupyter/nbgrader_config.py``), answers section 2.3 (a correct ``softmax``, a
``log_softmax`` that normalises over the wrong dimension, a quiz answer), starts
JupyterLab as herself, and runs the cells in headless Chromium. The page must show:

- the failing test cell: the feedback once, naming the mistake, then one error line,
  with no traceback frames of autograder's code;
- the passing test cell: the feedback once, no error;
- the quiz test cell: the answer recorded, neutrally (no ``0/1``, no right answer);
- no error in the browser's console.

Screenshots and the server's log go to ``test-artifacts/browser/``.
Needs root (for the OS user), ``chromium`` (scripts/setup-browser.sh) and playwright.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from classroom import (
    ROOT,
    OsUser,
    StudentEnv,
    nbgrader,
    put_file,
    run_as,
    spawn_as,
    stop,
)

from autograder.course import load_course
from autograder.ipynb import answer_item, nbgrader_meta
from autograder.notebook import CheckReport, run_check

pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium executable on PATH (scripts/setup-browser.sh installs it)",
    ),
]

ARTIFACTS = ROOT / "test-artifacts" / "browser"
ASSIGNMENT = "ch2"
NOTEBOOK = "s23_activations_losses"
MISTAKE = "softmax-wrong-dim"
SOFTMAX = '''def softmax(x: Tensor, dim: int = -1) -> Tensor:
    """Numerically stable softmax."""
    shifted = x - x.amax(dim=dim, keepdim=True)
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)
'''
# A log_softmax that normalises over dim 1 whatever ``dim`` says: the public check names it.
LOG_SOFTMAX = (ROOT / "tests" / "buggy" / "2.3.log_softmax" / f"{MISTAKE}.py").read_text(
    encoding="utf-8"
)
QUIZ = {"q1": ["A", "B"], "q2": None, "q3": None, "q4": None, "q5": None}
# The cells run, in order, by the grade id (or answer item) that finds them.
RUN = ("setup", "2.3.softmax", "test:2.3.softmax", "2.3.log_softmax", "test:2.3.log_softmax")
RUN_QUIZ = ("2.3.quiz", "test:2.3.quiz.q1")
CELL_TIMEOUT_S = 120
# What reads as an internal traceback in a cell's output.
# The server is on 127.0.0.1: no proxy from the environment may stand in between.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
FRAMES = ("Traceback", 'File "', "File /", "autograder/notebook.py", "site-packages", "Cell In[")


@dataclass
class Seen:
    """What the student saw, and what the saved notebook holds, by cell key (``RUN``, ``RUN_QUIZ``)."""

    texts: dict[str, str]  # the output area's text, as rendered
    mimes: dict[str, list[str]]  # the rendered outputs' MIME types
    saved: dict[str, list[dict[str, Any]]]  # the outputs in the saved notebook
    kernel_argv: list[list[str]]  # the command lines of the student's kernels
    kernelspec: dict[str, Any]
    console_errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _key(cell: dict[str, Any]) -> str | None:
    grade_id = nbgrader_meta(cell).get("grade_id", "")
    if grade_id.startswith("setup_"):
        return "setup"
    if grade_id.startswith("test_"):
        return "test:" + grade_id.removeprefix("test_").replace("-", ".")
    return answer_item(cell)


def _answered(notebook: dict[str, Any]) -> dict[str, Any]:
    answers = {
        "2.3.softmax": SOFTMAX,
        "2.3.log_softmax": LOG_SOFTMAX,
        "2.3.quiz": f"QUIZ = {QUIZ!r}\n",
    }
    for cell in notebook["cells"]:
        key = _key(cell)
        if key in answers:
            cell["source"] = answers[key]
    return notebook


def _wait_for_server(url: str, process, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            "JupyterLab exited; see test-artifacts/browser/jupyterlab.log"
        )
        try:
            with _LOCAL.open(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"JupyterLab did not answer {url} in {timeout_s} s")


def _get_json(url: str) -> Any:
    with _LOCAL.open(url, timeout=10) as response:
        return json.load(response)


def _kernel_command_lines(uid: int) -> list[list[str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        argv = [a.decode() for a in argv if a]
        if "ipykernel_launcher" in argv:
            found.append(argv)
    return found


def _release(top: Path, course) -> Path:
    """The instructor: build the course, generate and release the assignment; the exchange."""
    from autograder.course_build.nbgrader_course import build_course

    course_dir, exchange = top / "course", top / "exchange"
    build_course(course_dir, course, exchange=exchange, lang="en")
    # One section notebook is all this test needs: generating the other seven costs ~12 s.
    nbgrader("generate_assignment", ASSIGNMENT, f"--notebook={NOTEBOOK}", cwd=course_dir)
    nbgrader("release_assignment", ASSIGNMENT, cwd=course_dir)
    return exchange


def _fetch_and_answer(dana: OsUser, student_env: StudentEnv, course, exchange: Path) -> Path:
    """The student: her nbgrader config (as a hub admin writes it), fetch, answer; the notebook."""
    env = student_env.env(dana.home)
    put_file(
        dana,
        Path(".jupyter/nbgrader_config.py"),
        f"c = get_config()\nc.CourseDirectory.course_id = {course.id!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n",
    )
    # JupyterLab settings: every cell in the page (no windowing), no news fetched.
    settings = Path(".jupyter/lab/user-settings/@jupyterlab")
    put_file(
        dana,
        settings / "notebook-extension" / "tracker.jupyterlab-settings",
        json.dumps({"windowingMode": "none"}),
    )
    put_file(
        dana,
        settings / "apputils-extension" / "notification.jupyterlab-settings",
        json.dumps({"fetchNews": "false", "checkForUpdates": False}),
    )
    done = run_as(dana, ["nbgrader", "fetch_assignment", ASSIGNMENT], env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    path = dana.home / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    notebook = _answered(json.loads(path.read_text(encoding="utf-8")))
    done = run_as(
        dana,
        [
            student_env.python,
            "-c",
            "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())",
            path,
        ],
        env=env,
        input=json.dumps(notebook, indent=1),  # ASCII: no locale question
    )
    assert done.returncode == 0, done.stderr
    return path


def _start_lab(dana: OsUser, student_env: StudentEnv, log: Path) -> tuple[Any, str, str]:
    """JupyterLab as the student, on 127.0.0.1 only: the process, its base URL and token."""
    port, token = _free_port(), secrets.token_hex(16)
    server = spawn_as(
        dana,
        [
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={token}",
            f"--ServerApp.root_dir={dana.home}",
        ],
        env=student_env.env(dana.home),
        log=log,
    )
    return server, f"http://127.0.0.1:{port}", token


@pytest.fixture(scope="module")
def seen(classroom_root: Path, student_env: StudentEnv, os_users) -> Seen:
    from playwright.sync_api import sync_playwright

    course = load_course(ROOT / "course.yml")
    top = classroom_root / "browser"
    exchange = _release(top, course)
    dana = os_users("dana")
    path = _fetch_and_answer(dana, student_env, course, exchange)
    keys = [_key(cell) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    server, base, token = _start_lab(dana, student_env, top / "jupyterlab.log")
    console_errors: list[str] = []
    try:
        _wait_for_server(f"{base}/api/status?token={token}", server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.on(
                "console",
                lambda m: (
                    console_errors.append(f"{m.text} @ {m.location.get('url')}")
                    if m.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda e: console_errors.append(f"page error: {e}"))
            try:
                texts, mimes = _run_in_page(page, base, token, keys)
            except BaseException:
                page.screenshot(path=str(ARTIFACTS / "failure.png"))
                raise
            finally:
                browser.close()
        sessions = _get_json(f"{base}/api/sessions?token={token}")
        kernel_name = next(s["kernel"]["name"] for s in sessions if s["path"].endswith(path.name))
        spec = _get_json(f"{base}/api/kernelspecs/{kernel_name}?token={token}")["spec"]
        argv = _kernel_command_lines(dana.uid)
        saved = _saved_outputs(path, keys)
    finally:
        stop(server)
        shutil.copy(top / "jupyterlab.log", ARTIFACTS / "jupyterlab.log")
    return Seen(texts, mimes, saved, argv, spec, console_errors)


def _run_in_page(page, base: str, token: str, keys: list[str | None]) -> tuple[dict, dict]:
    """Open the notebook, run the cells, save, take the screenshots; what the cells show."""
    page.goto(f"{base}/lab/tree/{ASSIGNMENT}/{NOTEBOOK}.ipynb?token={token}")
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    cells.nth(len(keys) - 1).wait_for(timeout=60_000)
    _wait_for_kernel(base, token)
    for key in (*RUN, *RUN_QUIZ):
        _run_cell(page, cells.nth(keys.index(key)), key)
    page.keyboard.press("Control+s")
    texts, mimes = {}, {}
    for key in (*RUN, *RUN_QUIZ):
        cell = cells.nth(keys.index(key))
        outputs = cell.locator(".jp-OutputArea-output")
        texts[key] = cell.locator(".jp-OutputArea").inner_text()
        mimes[key] = [
            outputs.nth(i).get_attribute("data-mime-type") or "" for i in range(outputs.count())
        ]
    failing = cells.nth(keys.index("test:2.3.log_softmax"))
    failing.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "notebook.png"), full_page=True)
    failing.screenshot(path=str(ARTIFACTS / "failing-cell.png"))
    cells.nth(keys.index("test:2.3.softmax")).screenshot(path=str(ARTIFACTS / "passing-cell.png"))
    cells.nth(keys.index("test:2.3.quiz.q1")).screenshot(path=str(ARTIFACTS / "quiz-cell.png"))
    return texts, mimes


def _run_cell(page, cell, key: str) -> None:
    """Select the cell (command mode), Shift+Enter, and wait for its execution count.

    JupyterLab drops a run silently while the page's kernel connection is not ready
    (the prompt stays ``[ ]``; a queued run shows ``[*]`` at once): then run it again.
    """
    prompt = cell.locator(".jp-InputPrompt")
    for _attempt in range(5):
        prompt.click()
        page.keyboard.press("Shift+Enter")
        started = time.monotonic() + 5
        while prompt.inner_text().strip() == "[ ]:" and time.monotonic() < started:
            time.sleep(0.1)
        if prompt.inner_text().strip() != "[ ]:":
            break
    deadline = time.monotonic() + CELL_TIMEOUT_S
    while not re.fullmatch(r"\[\d+\]:", prompt.inner_text().strip()):
        assert time.monotonic() < deadline, f"cell {key} did not finish: {prompt.inner_text()!r}"
        time.sleep(0.1)


def _wait_for_kernel(base: str, token: str, timeout_s: float = 90) -> None:
    """Until the notebook's kernel is idle and the page is connected to it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for session in _get_json(f"{base}/api/sessions?token={token}"):
            kernel = session.get("kernel") or {}
            if (
                session.get("path", "").endswith(f"{NOTEBOOK}.ipynb")
                and kernel.get("execution_state") == "idle"
                and kernel.get("connections", 0) >= 1
            ):
                return
        time.sleep(0.3)
    raise AssertionError(f"the notebook's kernel was not ready in {timeout_s} s")


def _saved_outputs(path: Path, keys: list[str | None], timeout_s: float = 30) -> dict:
    """The outputs of the run cells once the saved notebook holds them all."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError):
            cells = []
        saved = {keys[i]: c.get("outputs", []) for i, c in enumerate(cells) if keys[i]}
        if cells and all(saved.get(k) for k in ("test:2.3.log_softmax", "test:2.3.quiz.q1")):
            return saved
        assert time.monotonic() < deadline, "the notebook was not saved with its outputs"
        time.sleep(0.3)


def _expected(exercise: str, obj: Any, lang: str) -> CheckReport:
    """The public check here, in the instructor's process: what the student's kernel shows."""
    return run_check(exercise, obj, lang=lang)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _count(shown: str, line: str) -> int:
    return " ".join(shown.split()).count(line)


def _language(shown: str, reports: dict[str, CheckReport]) -> CheckReport:
    """The report, of those in each language, whose feedback the page shows."""
    matching = [r for r in reports.values() if _count(shown, _lines(r.result.feedback)[0])]
    assert len(matching) == 1, f"the feedback shown is none of the expected ones:\n{shown}"
    return matching[0]


def _namespace(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile("from torch import Tensor\n" + source, "<answer>", "exec"), namespace)
    return namespace


def test_the_kernel_is_the_student_environment(seen: Seen, student_env: StudentEnv) -> None:
    assert seen.kernelspec["argv"][0] == str(student_env.python)
    assert seen.kernel_argv, "no kernel of the student's was running"
    for argv in seen.kernel_argv:
        assert argv[0] == str(student_env.python), argv


def test_a_failing_check_shows_its_feedback_once_and_one_error_line(seen: Seen) -> None:
    key = "test:2.3.log_softmax"
    shown = seen.texts[key]
    fn = _namespace(LOG_SOFTMAX)["log_softmax"]
    report = _language(
        shown, {lang: _expected("2.3.log_softmax", fn, lang) for lang in ("zh", "en")}
    )
    assert not report.result.full_marks and MISTAKE in report.result.mistakes
    assert MISTAKE in shown
    for line in _lines(report.result.feedback):
        assert _count(shown, line) == 1, f"{line!r} is not shown once:\n{shown}"
    for frame in FRAMES:
        assert frame not in shown, f"{frame!r} in what the student sees:\n{shown}"
    # Two outputs: the feedback, then the error line.
    assert len(seen.mimes[key]) == 2 and seen.mimes[key][0] == "text/html", seen.mimes[key]
    errors = [o for o in seen.saved[key] if o["output_type"] == "error"]
    assert len(errors) == 1, seen.saved[key]
    assert seen.saved[key][-1] is errors[0], seen.saved[key]
    (error,) = errors
    assert "\n" not in error["evalue"].strip(), error["evalue"]
    assert MISTAKE in error["evalue"]
    traceback = "\n".join(error["traceback"])
    for frame in FRAMES:
        assert frame not in traceback, traceback
    assert len(_lines(re.sub(r"\x1b\[[0-9;]*m", "", traceback))) == 1, traceback


def test_a_passing_check_shows_its_feedback_once_and_no_error(seen: Seen) -> None:
    key = "test:2.3.softmax"
    shown = seen.texts[key]
    fn = _namespace(SOFTMAX)["softmax"]
    report = _language(shown, {lang: _expected("2.3.softmax", fn, lang) for lang in ("zh", "en")})
    assert report.result.full_marks
    for line in _lines(report.text()):
        assert _count(shown, line) == 1, f"{line!r} is not shown once:\n{shown}"
    assert seen.mimes[key] == ["text/html"], seen.mimes[key]  # the feedback, nothing else
    assert not [o for o in seen.saved[key] if o["output_type"] == "error"]
    for frame in FRAMES:
        assert frame not in shown


def test_a_quiz_answer_is_shown_as_recorded_without_a_score(seen: Seen) -> None:
    key = "test:2.3.quiz.q1"
    shown = seen.texts[key]
    report = _language(shown, {lang: _expected("2.3.quiz.q1", QUIZ, lang) for lang in ("zh", "en")})
    for line in _lines(report.text()):
        assert _count(shown, line) == 1, f"{line!r} is not shown once:\n{shown}"
    assert "已记录" in shown or "recorded" in shown
    assert seen.mimes[key] == ["text/html"], seen.mimes[key]
    assert not [o for o in seen.saved[key] if o["output_type"] == "error"]
    for revealing in ("0/1", "正确答案", "right answer", "Correct", "回答正确"):
        assert revealing not in shown, shown


def test_the_answer_cells_show_nothing(seen: Seen) -> None:
    for key in ("setup", "2.3.softmax", "2.3.log_softmax", "2.3.quiz"):
        assert seen.texts[key].strip() == "", (key, seen.texts[key])


def test_the_browser_console_has_no_error(seen: Seen) -> None:
    errors = [e for e in seen.console_errors if "favicon" not in e]
    assert errors == []


def test_the_screenshots_are_saved(seen: Seen) -> None:
    for name in ("notebook.png", "failing-cell.png", "passing-cell.png", "quiz-cell.png"):
        assert (ARTIFACTS / name).stat().st_size > 1000, name
