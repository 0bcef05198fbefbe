"""The student bundle, for courses without JupyterHub.

``ch2-student-<version>.zip`` holds the stubs (``exercises/``), the student
notebooks (``notebooks/``), a wheel of the grading package with the public
checks and ``ch2-grade``, and a README. It holds no ``solutions/``, no hidden
graders, no quiz key and no notebook-building code: the wheel is written
here file by file from an explicit list of what students may have.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

from autograder.course import Course
from autograder.course_build.nbgrader_course import build_student_notebooks
from autograder.course_build.notebooks import REPO
from autograder.version import __version__

DIST_NAME = "ch2-autograder-student"
PACKAGE = REPO / "autograder"
# Parts of the package that stay with the instructor.
PRIVATE = ("graders", "course_build", "_reference", "pytest_plugin.py", "nbgrader_ext")
REQUIRES = ("torch>=2.2", "numpy>=1.24", "PyYAML>=6.0", "click>=8.1")

README = """\
# 第二章练习 / Chapter 2 exercises

## 安装 / Install

    python3 -m venv .venv
    .venv/bin/pip install torch wheels/{wheel}
    # 只用 CPU 时可先装 CPU 版 / CPU only: pip install torch --index-url https://download.pytorch.org/whl/cpu

## 作答与自测 / Work and self-check

在 `exercises/` 中完成每个函数(或在 JupyterLab 中打开 `notebooks/`),然后在本目录运行:
Fill in the functions in `exercises/` (or open `notebooks/` in JupyterLab), then run here:

    .venv/bin/ch2-grade              # 全部自测 / check everything
    .venv/bin/ch2-grade check 2.3    # 一节 / one section
    .venv/bin/ch2-grade --help

自测只用公开用例;最终成绩由课程的隐藏评分给出。
The self-check uses public cases; the final grade comes from the course's hidden graders.
"""


def package_files(leave_out: tuple[str, ...] = PRIVATE) -> list[tuple[str, bytes]]:
    """(path in the wheel, content) of the package's files, without the parts left out."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if not path.is_file() or "__pycache__" in relative.parts or path.suffix == ".pyc":
            continue
        if relative.parts[0] in leave_out:
            continue
        files.append((f"autograder/{relative.as_posix()}", path.read_bytes()))
    return files


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(
    target: Path,
    files: list[tuple[str, bytes]],
    *,
    name: str,
    summary: str,
    requires: tuple[str, ...],
    entry_points: str = "[console_scripts]\nch2-grade = autograder.cli:main\n",
) -> Path:
    """Write a pure-Python wheel holding exactly ``files``; returns its path."""
    dist_info = f"{name.replace('-', '_')}-{__version__}.dist-info"
    metadata = "\n".join(
        [
            "Metadata-Version: 2.1",
            f"Name: {name}",
            f"Version: {__version__}",
            f"Summary: {summary}",
            "Requires-Python: >=3.10",
            *(f"Requires-Dist: {r}" for r in requires),
            "",
        ]
    )
    files = [
        *files,
        (f"{dist_info}/METADATA", metadata.encode()),
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: ch2-grade\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
        (f"{dist_info}/entry_points.txt", entry_points.encode()),
    ]
    record = "\n".join([*(_record_line(n, d) for n, d in files), f"{dist_info}/RECORD,,", ""])
    wheel = Path(target) / f"{name.replace('-', '_')}-{__version__}-py3-none-any.whl"
    wheel.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files:
            archive.writestr(member, data)
        archive.writestr(f"{dist_info}/RECORD", record)
    return wheel


def build_wheel(target: Path, course_file: Path) -> Path:
    """Write the student wheel into ``target``: public checks and ``ch2-grade`` only."""
    files = [*package_files(PRIVATE), ("autograder/course.yml", course_file.read_bytes())]
    summary = "Chapter 2 PyTorch exercises: public self-checks and ch2-grade"
    return write_wheel(target, files, name=DIST_NAME, summary=summary, requires=REQUIRES)


def build_bundle(
    target: Path, course: Course, *, lang: str | None = None, root: Path = REPO
) -> Path:
    """Write ``ch2-student-<version>.zip`` into ``target``; returns its path."""
    target = Path(target)
    staging = target / ".bundle-staging"
    wheel = build_wheel(staging, course.path)
    notebooks = build_student_notebooks(staging / "notebooks", course, lang=lang, sources=root)
    bundle = target / f"ch2-student-{__version__}.zip"
    top = "ch2-student"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/README.md", README.format(wheel=wheel.name))
        archive.write(wheel, f"{top}/wheels/{wheel.name}")
        for section in course.sections:
            archive.write(
                root / "exercises" / f"{section.module}.py", f"{top}/exercises/{section.module}.py"
            )
        for path in notebooks:
            archive.write(path, f"{top}/notebooks/{path.name}")
    bundle.write_bytes(buffer.getvalue())
    for path in sorted(staging.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    staging.rmdir()
    return bundle
