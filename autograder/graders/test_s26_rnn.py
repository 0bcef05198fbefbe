"""Hidden grading of section 2.6 (one test per exercise)."""

import pytest

from autograder.graders.kit import exercise_ids


@pytest.mark.parametrize("exercise_id", exercise_ids("s26_rnn"))
def test_exercise(ch2_grade, exercise_id: str) -> None:
    ch2_grade(exercise_id)
