"""What the engine knows about one case when it judges an exercise."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.spec import Features, Text

# One mutant's signature, or one per way of making the mistake.
Signature = Features | list[Features]


@dataclass(frozen=True)
class CaseEvidence:
    """What is known about one case: expected features, the student's outcome, signatures.

    ``expected`` is None when the source cannot know it (a quiz in the self-check);
    ``explanation`` is extra feedback from the source (a quiz question's explanation).
    ``verified`` is the outcome derived from the declared results alone: scored
    checks are judged on it, so observations of how a result was made earn nothing
    (None: the outcome itself, for callers that derive nothing).
    """

    expected: Features | None
    outcome: Mapping[str, Any]
    signatures: Mapping[str, Signature] = field(default_factory=dict)
    explanation: Text | None = None
    verified: Mapping[str, Any] | None = None

    @property
    def scored_outcome(self) -> Mapping[str, Any]:
        """The outcome points are judged on."""
        return self.outcome if self.verified is None else self.verified
