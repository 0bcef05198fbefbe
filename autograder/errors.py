"""Exceptions that stop a command, each with the exit code the CLI returns."""

from __future__ import annotations


class AutograderError(Exception):
    """Base class: grading itself could not run. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class CourseConfigError(AutograderError):
    """``course.yml`` (or a selector naming its exercises) is invalid."""

    exit_code = 3


class DeclarationError(CourseConfigError, ValueError):
    """The exercise declarations and the chapter's course file disagree (an author's error)."""


class SubmissionError(AutograderError):
    """The submission path does not exist or holds nothing that can be graded."""

    exit_code = 4


class GraderUnavailableError(AutograderError):
    """The reference solutions or hidden graders are not installed here."""

    exit_code = 5


class ExecutorError(AutograderError):
    """The process that runs student code could not be started."""

    exit_code = 6
