"""Hidden grading of section 2.8 (one test per exercise)."""

import pytest

from autograder.graders.kit import exercise_ids


@pytest.mark.parametrize("exercise_id", exercise_ids("s28_transformer"))
def test_exercise(ch2_grade, exercise_id: str) -> None:
    ch2_grade(exercise_id)
