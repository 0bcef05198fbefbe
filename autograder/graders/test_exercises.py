"""The pytest adapter's tests: one per exercise and quiz item of the chapter.

``pytest --pyargs autograder.graders --submission PATH`` grades PATH through the
same :class:`~autograder.grading.GradingRun` as ``ch2-grade grade``; each test
reports one exercise (``test_exercise[2.3.softmax]``) and fails when it loses points.
"""

import pytest

from autograder.graders.kit import exercise_ids


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_exercise(ch2_grade, exercise_id: str) -> None:
    ch2_grade(exercise_id)
