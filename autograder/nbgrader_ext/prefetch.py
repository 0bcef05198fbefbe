"""Grade the submissions of one ``nbgrader autograde`` run ahead, with the batch pool.

nbgrader hands :class:`~autograder.nbgrader_ext.preprocessors.GradeWithEngine`
one notebook at a time, student after student. Grading each notebook on its own
starts student processes once per section notebook of each submission, on one core. Instead, the
first notebook of a run starts ``ch2-grade batch``'s pool of warm workers in a
background process on every submission the run will grade (read through the same
repairing reader), and each notebook takes its results from its student's report:
after checking that the code nbgrader hands over is the code that was graded.
Anything else (a notebook changed by nbgrader's sanitizing, a renamed notebook,
a submission the pool could not grade) is graded on its own, as before.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.ipynb import Notebook, module_source
from autograder.model import Report
from autograder.reporters.json_report import report_from_dict
from autograder.safe_io import MAX_NOTEBOOK_BYTES, read_regular_file

_POLL_S = 0.05


def code_of(notebook: dict[str, Any]) -> tuple[str, frozenset[str]]:
    """What grading reads of a notebook: its code as one module, and the answers it holds."""
    extracted = module_source(Notebook(list(notebook.get("cells", [])), {}))
    return extracted.source, frozenset(extracted.answer_items)


@dataclass
class _Student:
    folder: str  # its folder in the class copy
    code: dict[str, tuple[str, frozenset[str]]]  # module -> what was graded


class Prefetch:
    """A background batch run over the submissions of one autograde run."""

    def __init__(self, root: Path, process: subprocess.Popen[bytes], students: dict[str, _Student]):
        self.root = root
        self.process = process
        self.students = students
        atexit.register(self.close)

    @classmethod
    def start(
        cls,
        submissions: dict[str, list[str]],
        *,
        read: Any,
        course_file: str,
        modules: set[str],
        lang: str,
        device: str,
        reveal_quiz_answers: bool | None,
    ) -> Prefetch | None:
        """Start grading ``submissions`` (student -> notebook paths) in the background.

        ``read(data, module)`` turns a notebook file's bytes into the notebook nbgrader
        will hand over (the repairing reader). None when there is nothing to gain.
        """
        if len(submissions) < 2:
            return None
        root = Path(tempfile.mkdtemp(prefix="ch2-autograde-pool-"))
        students: dict[str, _Student] = {}
        for index, (student, paths) in enumerate(sorted(submissions.items())):
            entry = _Student(f"s{index:05d}", {})
            target = root / "class" / entry.folder
            target.mkdir(parents=True)
            for path in paths:
                module = Path(path).stem
                if module not in modules:
                    continue
                try:
                    notebook = read(read_regular_file(Path(path), MAX_NOTEBOOK_BYTES), module)
                    code = code_of(notebook)
                except Exception:  # hostile input: graded on its own, with the reader's message
                    continue
                (target / f"{module}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
                entry.code[module] = code
            students[student] = entry
        job = {
            "class": str(root / "class"),
            "output": str(root / "reports"),
            "course_file": course_file,
            "lang": lang,
            "device": device,
            "reveal_quiz_answers": reveal_quiz_answers,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "autograder.nbgrader_ext.prefetch", json.dumps(job)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return cls(root, process, students)

    def report(self, student: str, module: str, notebook: dict[str, Any]) -> Report | None:
        """The student's report, when the pool graded exactly this notebook's code; else None."""
        entry = self.students.get(student)
        if entry is None or module not in entry.code:
            return None
        try:
            if entry.code[module] != code_of(notebook):
                return None
        except Exception:
            return None
        from autograder.batch.store import load_report, report_path

        path = report_path(self.root / "reports", entry.folder)
        while True:
            data = load_report(path)
            if data is not None:
                break
            if self.process.poll() is not None:
                data = load_report(path)  # written just before the pool ended
                if data is None:
                    return None
                break
            time.sleep(_POLL_S)
        if data.get("grading_error"):
            return None  # the pool could not grade it: try on its own, for the real message
        return report_from_dict(data)

    def close(self) -> None:
        """Stop the pool (if still running) and remove the class copy and its reports."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def student_submissions(converter: Any, current: str) -> dict[str, list[str]]:
    """Student -> submitted notebooks, for the submissions this autograde run will grade.

    Read from nbgrader's converter as it stands: its submissions found, its ``force``,
    and the autograded folders already there (skipped without ``--force``, except the
    ``current`` student's, being graded). Empty when the converter does not look like
    nbgrader 0.9's Autograde.
    """
    try:
        coursedir = converter.coursedir
        found: dict[str, list[str]] = dict(converter.assignments)
        force = bool(converter.force)
        pattern = coursedir.format_path(
            coursedir.submitted_directory,
            "(?P<student_id>[^/]*)",
            "(?P<assignment_id>[^/]*)",
            escape=True,
        )
    except Exception:
        return {}
    students = {}
    for folder, notebooks in found.items():
        matched = re.fullmatch(pattern, folder)
        if matched is None:
            continue
        student, assignment = matched.group("student_id"), matched.group("assignment_id")
        graded = coursedir.format_path(coursedir.autograded_directory, student, assignment)
        if force or student == current or not os.path.exists(graded):
            students[student] = list(notebooks)
    return students


def main(argv: list[str]) -> None:
    """Background entry point: grade the class copy into the reports folder."""
    from autograder.batch.run import BatchOptions, run_batch
    from autograder.executor.zygote import die_with_parent
    from autograder.nbgrader_ext.course_file import course_for

    die_with_parent()  # an interrupted autograde leaves no pool behind
    job = json.loads(argv[1])
    options = BatchOptions(
        course_for(job["course_file"]),
        lang=job["lang"] or None,
        device=job["device"] or None,
        reveal_quiz_answers=job["reveal_quiz_answers"],
    )
    with open(os.devnull, "w", encoding="utf-8") as quiet:
        run_batch(Path(job["class"]), Path(job["output"]), options=options, stream=quiet)


if __name__ == "__main__":
    main(sys.argv)
