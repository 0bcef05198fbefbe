"""Hidden grader for section 2.6: cases and mutants."""

from __future__ import annotations

from autograder.graders.kit import Graders

GRADERS = Graders("2.6")
