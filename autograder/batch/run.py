"""Grade many submissions with a pool of pre-warmed grading workers.

The coordinator (this process) imports torch and the public probes once, then
forks the workers: each pays no import, forks its own pristine zygote before it
loads the hidden graders, computes the expected values once, and grades
submission after submission, each in isolated student processes. A worker that
dies (a crash, or student code reaching it) is replaced; the submission it was
grading is tried once more, then recorded as not gradable: one hostile
submission never stops the others.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TextIO

from autograder import catalogue
from autograder.batch.discover import Entry, discover, parse_shard, shard
from autograder.batch.progress import Progress
from autograder.batch.store import (
    CSV_NAME,
    collect_reports,
    load_report,
    remove_leftovers,
    report_path,
    write_atomically,
    write_csv,
)
from autograder.class_report.report import REPORT_NAME as CLASS_REPORT_NAME
from autograder.class_report.report import class_report
from autograder.course import Course
from autograder.harness.fastpath import prepare_torch
from autograder.model import ExerciseResult, Report, Status
from autograder.reporters.json_report import report_dict
from autograder.safe_io import printable

PACKAGE_DIR = Path(__file__).resolve().parent.parent

ATTEMPTS = 2


@dataclass(frozen=True)
class BatchOptions:
    """What every worker needs to grade a submission."""

    course: Course
    lang: str | None = None
    device: str | None = None
    # Student processes each worker runs at once: the cores are shared by all workers,
    # and a time limit must not be spent waiting for a core.
    processes_per_worker: int = 1
    # Absolute folders no student process may see: the class, the reports, a custom course.
    hidden: tuple[str, ...] = ()
    # Explain right quiz answers in the feedback (None: the course's feedback policy).
    reveal_quiz_answers: bool | None = None


@dataclass
class BatchResult:
    """What a batch run did."""

    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def failure_report(
    course: Course, student: str, message: str, lang: str, *, refused: bool = False
) -> dict[str, Any]:
    """A report for a submission that could not be graded: every item 0, with the reason.

    ``refused`` marks a submission turned away before grading (decided again on every run).
    """
    message = printable(message)
    results = [
        ExerciseResult(e.id, 0.0, float(e.points), Status.ERROR, feedback=message)
        for e in course.exercises
    ]
    data = report_dict(Report(results, lang=lang, notes=[message]))
    return {
        "student": student,
        "grading_error": message,
        **({"refused": True} if refused else {}),
        **data,
    }


def grade_entry(entry: Entry, output: Path, options: BatchOptions, zygote: Any) -> dict[str, Any]:
    """Grade one submission in this worker and write its report; a short summary."""
    from autograder.errors import AutograderError
    from autograder.grading import GradingRun

    course = options.course
    lang = options.lang or course.default_language
    try:
        run = GradingRun.start(
            entry.path,
            course=course,
            lang=lang,
            device=options.device,
            zygote=zygote,
            max_active=options.processes_per_worker,
            extra_hidden=options.hidden,
            reveal_quiz_answers=options.reveal_quiz_answers,
        )
        try:
            data = {"student": entry.student, **report_dict(run.report())}
        finally:
            run.close()
    except AutograderError as exc:
        data = failure_report(course, entry.student, str(exc), lang)
    if not zygote.alive():
        # Student code killed this worker's fork server: the worker cannot make a pristine
        # one again, so it hands the submission back and is replaced by a fresh worker.
        return {
            "student": entry.student,
            "error": "the student-process server was killed",
            "retry": True,
            "restart": True,
        }
    write_atomically(report_path(output, entry.student), _json(data))
    return {"student": entry.student, "error": data.get("grading_error")}


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _worker(conn: Connection, output: Path, options: BatchOptions) -> None:
    """A grading worker: its own zygote, then tasks until told to stop."""
    from autograder.executor.zygote import Zygote, die_with_parent

    die_with_parent()  # a killed batch leaves no worker behind
    zygote = Zygote.start()  # forked before this worker loads any hidden grader
    try:
        while True:
            entry = conn.recv()
            if entry is None:
                return
            try:
                summary = grade_entry(entry, output, options, zygote)
            except Exception as exc:  # a bug must not take the worker's other submissions down
                summary = {
                    "student": entry.student,
                    "error": f"{type(exc).__name__}: {exc}",
                    "retry": True,
                }
            conn.send(summary)
            if summary.get("restart"):
                return
    finally:
        zygote.close()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    entry: Entry | None = None


class _Pool:
    """Fork-based workers with replacement of the ones that die."""

    def __init__(self, jobs: int, output: Path, options: BatchOptions) -> None:
        self.context = multiprocessing.get_context("fork")
        self.output = output
        self.options = options
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(
            target=_worker, args=(child_end, self.output, self.options), daemon=True
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def replace(self, worker: _Worker) -> _Worker:
        worker.conn.close()
        worker.process.kill()
        worker.process.join(timeout=5)
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
            worker.conn.close()


def run_batch(
    submissions: Path,
    output: Path,
    *,
    options: BatchOptions,
    jobs: int | None = None,
    force: bool = False,
    shard_spec: str | None = None,
    stream: TextIO | None = None,
) -> BatchResult:
    """Grade every (selected) submission in ``submissions`` into ``output``."""
    start = time.monotonic()
    entries = discover(Path(submissions))
    if shard_spec:
        entries = shard(entries, *parse_shard(shard_spec))
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    options = replace(options, hidden=hidden_folders(Path(submissions), output, options.course))
    result = BatchResult()
    todo: list[Entry] = []
    for entry in entries:
        if entry.refused is not None:
            _record_refusal(entry, output, options)
            result.failed.append(entry.student)
        elif not force and _finished(output, entry.student):
            result.skipped.append(entry.student)
        else:
            todo.append(entry)
    progress = Progress(len(todo), skipped=len(result.skipped), stream=stream)
    if todo:
        _grade_all(todo, output, options, jobs or os.cpu_count() or 1, progress, result)
    write_csv(output / CSV_NAME, collect_reports([output]), options.course)
    page = class_report(output, options.course, "html", options.lang)
    write_atomically(output / CLASS_REPORT_NAME, page)
    result.seconds = time.monotonic() - start
    return result


def hidden_folders(submissions: Path, output: Path, course: Course) -> tuple[str, ...]:
    """What no student process may see, whatever the working folder: every submission,
    every report, and the course file's folder (unless it is the package, which students need)."""
    folders = [submissions.resolve(), output.resolve()]
    course_dir = Path(course.path).resolve().parent
    if not course_dir.is_relative_to(PACKAGE_DIR):
        folders.append(course_dir)
    return tuple(str(folder) for folder in folders)


def _finished(output: Path, student: str) -> bool:
    """A whole report of this student's graded submission is already there."""
    report = load_report(report_path(output, student))
    return report is not None and report["student"] == student and not report.get("refused")


def _record_refusal(entry: Entry, output: Path, options: BatchOptions) -> None:
    """Write the report of a submission that is not graded (unchanged files are left alone)."""
    assert entry.refused is not None
    lang = options.lang or options.course.default_language
    report = failure_report(options.course, entry.student, entry.refused, lang, refused=True)
    path = report_path(output, entry.student)
    text = _json(report)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    write_atomically(path, text)


def _grade_all(
    todo: list[Entry],
    output: Path,
    options: BatchOptions,
    jobs: int,
    progress: Progress,
    result: BatchResult,
) -> None:
    prepare_torch()
    catalogue.specs()
    gc.freeze()  # pages shared with the workers stay shared
    queue = list(todo)
    attempts: dict[str, int] = {}
    workers = min(jobs, len(todo))
    cores = os.cpu_count() or 1
    options = replace(options, processes_per_worker=max(1, cores // workers))
    pool = _Pool(workers, output, options)
    lang = options.lang or options.course.default_language
    try:
        pending = len(todo)
        while pending:
            for worker in pool.workers:
                if worker.entry is None and queue:
                    worker.entry = queue.pop(0)
                    attempts[worker.entry.student] = attempts.get(worker.entry.student, 0) + 1
                    worker.conn.send(worker.entry)
            busy = {w.conn: w for w in pool.workers if w.entry is not None}
            for conn in wait(list(busy), timeout=5.0):
                worker = busy[conn]
                entry = worker.entry
                assert entry is not None
                try:
                    summary = conn.recv()
                except (EOFError, OSError):
                    summary = {
                        "student": entry.student,
                        "error": "the grading process died",
                        "retry": True,
                    }
                    worker = pool.replace(worker)
                if summary.get("restart"):
                    worker = pool.replace(worker)
                worker.entry = None
                if summary.get("retry") and attempts[entry.student] < ATTEMPTS:
                    queue.append(entry)
                    continue
                if summary.get("retry"):
                    message = f"this submission could not be graded: {summary['error']}"
                    report = failure_report(options.course, entry.student, message, lang)
                    write_atomically(report_path(output, entry.student), _json(report))
                pending -= 1
                failed = bool(summary.get("error"))
                (result.failed if failed else result.graded).append(entry.student)
                progress.advance(failed=failed)
    finally:
        pool.close()
