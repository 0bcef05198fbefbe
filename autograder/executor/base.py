"""What every executor offers, and the checks on what comes back from one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from autograder.model import Status
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import Case, ExerciseSpec


@dataclass(frozen=True)
class RunFailure:
    """The exercise could not be run at all (missing module, import failure, timeout, crash)."""

    status: Status
    message_key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    output: str = ""


# What a case may end in; a missing function is a whole exercise's answer, checked apart.
OUTCOME_STATUSES = set(CaseStatus) - {CaseStatus.MISSING_FUNCTION}
Outcomes = list[dict[str, Any]]


class Executor(Protocol):
    """Runs the function under test on cases and returns probe outcomes as plain data."""

    def submit(self, spec: ExerciseSpec, cases: Sequence[Case]) -> None:
        """Queue an exercise; work may start at once, in the background."""

    def outcome(self, exercise_id: str) -> Outcomes | RunFailure:
        """The outcomes of a submitted exercise, waiting for them if needed."""

    def close(self) -> None:
        """Release processes and files."""


def checked_outcomes(spec: ExerciseSpec, outcomes: Any, n_cases: int) -> Outcomes | RunFailure:
    """Validate outcomes received for an exercise; a failure when they are malformed."""
    if (
        isinstance(outcomes, list)
        and len(outcomes) == 1
        and isinstance(outcomes[0], Mapping)
        and case_status(outcomes[0]) == CaseStatus.MISSING_FUNCTION
    ):
        return RunFailure(Status.ERROR, "outcome.missing_function")
    if not isinstance(outcomes, list) or len(outcomes) != n_cases:
        return protocol_failure("wrong number of results")
    for outcome in outcomes:
        if not isinstance(outcome, dict) or case_status(outcome) not in OUTCOME_STATUSES:
            return protocol_failure("malformed result")
        if case_status(outcome) == CaseStatus.OK and not isinstance(outcome.get("features"), dict):
            return protocol_failure("malformed features")
        if case_status(outcome) == CaseStatus.ERROR and not isinstance(outcome.get("error"), dict):
            return protocol_failure("malformed error")
        if case_status(outcome) == CaseStatus.WRONG_RETURN and not isinstance(
            outcome.get("returned"), str
        ):
            return protocol_failure("malformed return")
        if not isinstance(outcome.get("conduct", {}), dict):
            return protocol_failure("malformed conduct")
    return outcomes


def protocol_failure(reason: str) -> RunFailure:
    """The student process answered with something that is not a valid result."""
    return RunFailure(Status.ERROR, "outcome.protocol", {"error": reason})
