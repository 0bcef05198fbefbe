"""Put the pieces together for one submission: course, submission, executor, expectations.

Order matters for secrecy: torch and the public probes are imported, the
zygote is forked, and only then are the hidden graders and references loaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import torch

from autograder import catalogue
from autograder.course import Course, ExerciseEntry, load_course
from autograder.engine.session import ExpectationSource, GradingSession
from autograder.errors import CourseConfigError, ExecutorError, GraderUnavailableError
from autograder.executor.isolated import IsolatedExecutor, Limits
from autograder.executor.zygote import Zygote
from autograder.harness.fastpath import single_thread
from autograder.harness.sandbox import (
    SandboxPlan,
    available_mode,
    exposed_paths,
    hidden_paths,
    needed_paths,
)
from autograder.model import ExerciseResult, Report
from autograder.spec import ExerciseSpec
from autograder.submission import Submission, locate_submission

PACKAGE_DIR = Path(__file__).resolve().parent


def resolve_device(choice: str) -> torch.device:
    """``cpu``, ``cuda`` or ``auto`` (CUDA when present) as a torch.device.

    The check uses NVML so that this process never initialises CUDA: student
    processes are forked from it and must be able to use CUDA themselves.
    """
    if choice == "cpu":
        return torch.device("cpu")
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    available = torch.cuda.is_available()
    if choice == "cuda":
        if not available:
            raise ExecutorError("--device cuda was asked for, but no CUDA device is available")
        return torch.device("cuda")
    if choice != "auto":
        raise ExecutorError(f"unknown device {choice!r} (use auto, cpu or cuda)")
    return torch.device("cuda" if available else "cpu")


def specs_for(course: Course, entries: Sequence[ExerciseEntry]) -> list[ExerciseSpec]:
    """The declarations of the chosen course exercises."""
    declared = catalogue.specs()
    specs = []
    for entry in entries:
        if entry.id not in declared:
            raise CourseConfigError(
                f"{course.path}: sections[{entry.section}].exercises: no exercise {entry.id!r} "
                f"is declared (known in {entry.section}: "
                + ", ".join(i for i in declared if i.startswith(entry.section + "."))
                + ")"
            )
        specs.append(declared[entry.id])
    return specs


class GradingRun:
    """One submission being graded: its processes, its expectations and its results."""

    def __init__(
        self,
        course: Course,
        submission: Submission,
        specs: list[ExerciseSpec],
        session: GradingSession,
        executor: IsolatedExecutor,
        zygote: Zygote,
        device: torch.device,
    ) -> None:
        self.course = course
        self.submission = submission
        self.specs = specs
        self.session = session
        self.executor = executor
        self.zygote = zygote
        self.device = device
        self.owns_zygote = True

    @classmethod
    def start(
        cls,
        path: Path | str,
        *,
        course: Course | None = None,
        selectors: Sequence[str] = (),
        lang: str | None = None,
        device: str | None = None,
        hidden: bool = True,
        zygote: Zygote | None = None,
        limits: Limits | None = None,
        reveal_quiz_answers: bool | None = None,
        max_active: int | None = None,
        extra_hidden: Sequence[str] = (),
    ) -> GradingRun:
        """Locate the submission and start its student processes.

        ``hidden`` chooses the hidden graders (references computed now) over the
        stored public checks. A caller may share one ``zygote`` across runs
        (it then stays open when the run closes) and override the ``limits``.
        ``reveal_quiz_answers`` defaults to the course's feedback policy.
        """
        with ExitStack() as undo:  # what was started so far goes if anything fails
            owns_zygote = zygote is None
            if zygote is None:
                zygote = Zygote.start()  # a fresh program: it gets ready while we read
                undo.callback(zygote.close)
            course = course or load_course()
            if reveal_quiz_answers is None:
                reveal_quiz_answers = course.feedback.reveals_quiz_answers()
            submission = locate_submission(path, course)
            undo.callback(submission.cleanup)  # unpacked zips and converted notebooks
            specs = specs_for(course, course.select(list(selectors)))
            lang = lang or course.default_language
            if lang not in course.languages:
                raise CourseConfigError(
                    f"language {lang!r} is not offered (course.languages: {', '.join(course.languages)})"
                )
            resolved = resolve_device(device or course.grading.device)
            single_thread()  # references are tiny: thread start-up would cost more than it saves
            policy = course.grading
            limits = limits or Limits.from_policy(policy)
            wanted = [Path(p).resolve() for p in (submission.root, os.getcwd(), *extra_hidden)]
            # A folder inside another hidden one (a student's inside the class) adds nothing but a
            # mount per student process; "/" is never hidden, so it covers nothing.
            extra = tuple(
                str(p) for p in wanted if not any(o in p.parents and o != Path("/") for o in wanted)
            )
            plan = SandboxPlan(
                mode=available_mode(policy.sandbox),
                hidden=hidden_paths(PACKAGE_DIR, extra),
                needed=needed_paths(PACKAGE_DIR),
            )
            plan = replace(plan, exposed=exposed_paths(plan))
            executor = IsolatedExecutor(
                zygote, submission.modules, limits, resolved, max_active, plan
            )
            undo.callback(executor.close)
            source = cls._source(hidden, policy.cases_per_exercise, reveal_quiz_answers)
            points = {entry.id: entry.points for entry in course.exercises}
            # Hidden cases' expected values stay out of feedback unless the course shows them.
            show_expected = not hidden or course.feedback.shows_expected_values
            session = GradingSession(
                specs, points, source, executor, lang, show_expected=show_expected
            )
            run = cls(course, submission, specs, session, executor, zygote, resolved)
            run.owns_zygote = owns_zygote
            undo.pop_all()  # the run owns them now
            return run

    @staticmethod
    def _source(hidden: bool, cases_per_exercise: int, reveal: bool) -> ExpectationSource:
        # Imported here, after the zygote has forked: the student processes must
        # never share memory with the hidden graders.
        if hidden:
            try:
                from autograder.graders.live import LiveExpectations
            except ModuleNotFoundError as exc:
                raise GraderUnavailableError(
                    "the hidden graders are not installed here (this is the student package): "
                    "use `ch2-grade check` for the public self-check"
                ) from exc
            return LiveExpectations(cases_per_exercise, reveal_quiz_answers=reveal)
        from autograder.public.expectations import StoredExpectations

        return StoredExpectations()

    def begin(self, exercise_ids: Sequence[str] | None = None) -> None:
        """Send out the cases of the chosen exercises (all by default)."""
        if exercise_ids is not None:
            self.session.specs = {
                i: s for i, s in self.session.specs.items() if i in set(exercise_ids)
            }
        self.session.start()

    def report(self) -> Report:
        """Grade whatever is left and gather the results in course order, with reading notes."""
        results = [self._with_notes(r) for r in self.session.grade_all()]
        graded = {spec.module for spec in self.specs}
        notes = [
            n for module, ns in self.submission.module_notes.items() if module in graded for n in ns
        ]
        protection = self.executor.protection()
        sandbox = replace(self.executor.sandbox, mode=protection)
        notes.append(sandbox.describe(self.session.lang, labelled=True))
        return Report(exercises=results, lang=self.session.lang, notes=notes, protection=protection)

    def _with_notes(self, result: ExerciseResult) -> ExerciseResult:
        """Put what went wrong while reading a notebook in front of the feedback it explains."""
        spec = self.session.specs[result.id]
        notes = list(self.submission.module_notes.get(spec.module, []))
        if not result.full_marks and result.id in self.submission.exercise_notes:
            notes.append(self.submission.exercise_notes[result.id])
        if not notes:
            return result
        return replace(result, feedback="\n".join(["⚠ " + n for n in notes] + [result.feedback]))

    def close(self) -> None:
        """Stop the student processes, and the zygote if this run started it."""
        self.executor.close()
        self.submission.cleanup()
        if self.owns_zygote:
            self.zygote.close()


def grade_submission(
    path: Path | str,
    *,
    hidden: bool = True,
    course: Course | None = None,
    selectors: Sequence[str] = (),
    lang: str | None = None,
    device: str | None = None,
    reveal_quiz_answers: bool | None = None,
    extra_hidden: Sequence[str] = (),
) -> Report:
    """Grade a submission and return its report: the one grading path.

    ``hidden`` True grades with the hidden graders (``ch2-grade grade``, the pytest
    adapter, batch and nbgrader run the same :class:`GradingRun`); False with the
    stored public checks (``ch2-grade check``: no hidden graders needed).
    ``reveal_quiz_answers`` None follows the course's feedback policy; ``extra_hidden``
    are more paths student code must not see (the report's folder).
    """
    run = GradingRun.start(
        path,
        hidden=hidden,
        course=course,
        selectors=selectors,
        lang=lang,
        device=device,
        reveal_quiz_answers=reveal_quiz_answers,
        extra_hidden=extra_hidden,
    )
    try:
        run.begin()
        return run.report()
    finally:
        run.close()
