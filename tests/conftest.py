"""Shared fixtures: one zygote for the whole test session, a grading helper, and the
section modules (reference solutions and independent variants) loaded for direct tests."""

from __future__ import annotations

import importlib.util
import os
import shutil
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from classroom import classroom_root, os_users, student_env  # noqa: F401 - shared fixtures

from autograder.course import Course, load_course
from autograder.executor.isolated import Limits
from autograder.executor.zygote import Zygote
from autograder.grading import GradingRun
from autograder.model import ExerciseResult, Report

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

# A secret in the grader's environment: hostile tests check it never reaches a report.
os.environ.setdefault("CH2_GRADER_SECRET", "ch2-environment-secret-4b1d")

# Where the correct versions of each section module live: the references and the
# independent variants written apart from them.
IMPLEMENTATIONS = {"solutions": ROOT / "solutions", "variant": TESTS / "variants"}


def load_module(path: Path, name: str) -> ModuleType:
    """Import the module in ``path`` under ``name``, leaving ``sys.modules`` alone."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=sorted(IMPLEMENTATIONS))
def impl(request: pytest.FixtureRequest) -> ModuleType:
    """The section module named by the test module's ``MODULE``, from solutions/ and from
    tests/variants/ in turn."""
    module = request.module.MODULE
    path = IMPLEMENTATIONS[request.param] / f"{module}.py"
    return load_module(path, f"_under_test_{request.param}_{module}")


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(ROOT / "course.yml")


@pytest.fixture(scope="session")
def zygote() -> Iterator[Zygote]:
    z = Zygote.start()
    yield z
    z.close()


class Grader:
    """Grades folders and single functions with the real isolated executor."""

    def __init__(self, zygote: Zygote, course: Course, tmp: Path) -> None:
        self.zygote = zygote
        self.course = course
        self.tmp = tmp
        self.count = 0

    def grade_dir(
        self,
        folder: Path | str,
        selectors: Sequence[str] = (),
        *,
        hidden: bool = True,
        limits: Limits | None = None,
        lang: str = "en",
    ) -> Report:
        run = GradingRun.start(
            folder,
            course=self.course,
            selectors=selectors,
            lang=lang,
            device="cpu",
            hidden=hidden,
            zygote=self.zygote,
            limits=limits or Limits(time_limit_s=10, import_time_limit_s=10, memory_limit_mb=2048),
        )
        try:
            return run.report()
        finally:
            run.close()

    def folder_with(self, files: dict[str, str]) -> Path:
        """A fresh submission folder holding these module sources."""
        self.count += 1
        folder = self.tmp / f"submission-{self.count}"
        folder.mkdir()
        for name, source in files.items():
            (folder / name).write_text(textwrap.dedent(source), encoding="utf-8")
        return folder

    def copy_of(self, source_dir: Path) -> Path:
        """A fresh copy of a folder of modules (for example solutions/)."""
        self.count += 1
        folder = self.tmp / f"submission-{self.count}"
        shutil.copytree(source_dir, folder, ignore=shutil.ignore_patterns("__pycache__"))
        return folder

    def grade_source(
        self, module: str, source: str, exercise_id: str, *, hidden: bool = True
    ) -> ExerciseResult:
        folder = self.folder_with({f"{module}.py": source})
        return self.grade_dir(folder, [exercise_id], hidden=hidden).result(exercise_id)


@pytest.fixture(scope="session")
def grader(zygote: Zygote, course: Course, tmp_path_factory: pytest.TempPathFactory) -> Grader:
    return Grader(zygote, course, tmp_path_factory.mktemp("grader"))
