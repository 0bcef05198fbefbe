"""The class report and a student's HTML feedback, opened in a real (headless) Chromium.

A small class is graded with ``ch2-grade batch`` (which writes the class report);
a student's page comes from ``ch2-grade check --format html`` on the sample
submission. Both pages must load offline with no console error and no failed
request, show their tables, and draw every picture (each SVG has a size on the
page). Screenshots go to ``test-artifacts/reports/`` (the README's come from here).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "reports"
CHROMIUM = shutil.which("chromium")
SECTIONS = ("2.1", "2.3", "2.4", "2.8")

pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium executable on PATH (scripts/setup-browser.sh installs it)",
    ),
]


def _ch2(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "autograder", *args],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report-pages")
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["sections"] = [s for s in data["sections"] if s["id"] in SECTIONS]
    course = root / "course.yml"
    course.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    students = root / "class"
    for name, source in (
        ("ada", ROOT / "solutions"),
        ("bo", ROOT / "samples" / "typical-mistakes"),
        ("cy", ROOT / "samples" / "typical-mistakes"),
        ("dee", ROOT / "exercises"),
    ):
        shutil.copytree(source, students / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = root / "out"
    _ch2("--course", str(course), "batch", str(students), "--output", str(out), "--lang", "zh")
    feedback = root / "feedback.html"
    _ch2("check", "--path", str(ROOT / "samples" / "typical-mistakes"), "--format", "html",
         "--output", str(feedback), "--lang", "en")  # fmt: skip
    return {"class": out / "class-report.html", "feedback": feedback}


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed request {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def _drawn(page) -> tuple[int, int]:
    """(SVGs on the page, SVGs with a drawn size)."""
    sizes = page.eval_on_selector_all(
        "svg",
        "els => els.map(e => {const r = e.getBoundingClientRect(); return r.width * r.height})",
    )
    return len(sizes), sum(1 for s in sizes if s > 0)


def test_pages_load_offline_with_tables_and_pictures(pages) -> None:
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page, problems = _open(browser, pages["class"])
            for table in ("exercises", "mistakes", "quiz", "needs-human", "students"):
                assert page.locator(f"#{table}").count() == 1, table
            assert page.locator("#mistakes + table tbody tr").count() > 0
            assert page.locator("#quiz + table tbody tr").count() == 5 * len(SECTIONS)
            assert page.locator("details").count() == 4
            svgs, drawn = _drawn(page)
            assert svgs > len(SECTIONS) and drawn == svgs
            assert (
                page.eval_on_selector_all(
                    "img", "els => els.filter(i => !i.complete || i.naturalWidth === 0).length"
                )
                == 0
            )
            page.screenshot(path=str(ARTIFACTS / "class-report.png"))
            page.locator("#mistakes").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "class-report-mistakes.png"))
            assert problems == [], problems

            page, problems = _open(browser, pages["feedback"])
            assert page.locator("section.exercise").count() > 20
            svgs, drawn = _drawn(page)
            assert svgs >= 3 and drawn == svgs
            assert page.locator("table.shapes").count() >= 1
            for exercise in (
                "2.4.adam_step",
                "2.8.scaled_dot_product_attention",
                "2.3.softmax",
                "2.6.run_rnn",
            ):
                block = page.locator(f'section[id="{exercise}"]')
                assert block.locator("figure.picture").count() == 1, exercise
                block.screenshot(path=str(ARTIFACTS / f"feedback-{exercise}.png"))
            assert problems == [], problems
        finally:
            browser.close()
    assert sorted(p.name for p in ARTIFACTS.glob("*.png")) == sorted(
        ["class-report.png", "class-report-mistakes.png"]
        + [
            f"feedback-{e}.png"
            for e in (
                "2.3.softmax",
                "2.4.adam_step",
                "2.6.run_rnn",
                "2.8.scaled_dot_product_attention",
            )
        ]
    )
