"""The course file an nbgrader course was built from, and its agreement with the gradebook.

``build-course`` records the course file in ``nbgrader_config.py``
(``c.GradeWithEngine.course_file``); autograde grades with that file's points,
limits and sandbox settings. The gradebook keeps the points of the source
notebooks as ``generate_assignment`` saw them: when the two disagree (the file
was edited after the assignment was generated), grading stops with a message
that names both, instead of recording points out of the wrong maximum.
"""

from __future__ import annotations

import os
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from autograder.course import Course, default_course_path, load_course
from autograder.errors import CourseConfigError
from autograder.ipynb import TEST_PREFIX, item_of

_loaded: dict[tuple[str, int, int], Course] = {}


def course_for(course_file: str) -> Course:
    """The course in ``course_file`` (the default course when empty), read once per version."""
    course_file = course_file or str(default_course_path())
    try:
        info = os.stat(course_file)
    except OSError:
        return load_course(course_file)  # raises CourseConfigError naming the file
    key = (course_file, info.st_mtime_ns, info.st_size)
    if key not in _loaded:
        _loaded[key] = load_course(course_file)
    return _loaded[key]


class PointsMismatchError(CourseConfigError):
    """The gradebook's points for a notebook differ from the course file's."""


# Checked pairs; the course is kept so that its id cannot be reused by another one.
_agreed: dict[tuple[int, str, str, str], Course] = {}


def check_points(course: Course, db_url: str, assignment: str, notebook: str) -> None:
    """Raise PointsMismatchError when the gradebook's test cells are worth other points
    than ``course`` gives their exercises (looked up once per notebook and course version)."""
    key = (id(course), db_url, assignment, notebook)
    if key in _agreed:
        return
    _check_points(course, db_url, assignment, notebook)
    _agreed[key] = course


def _check_points(course: Course, db_url: str, assignment: str, notebook: str) -> None:
    differences = []
    with Gradebook(db_url) as gradebook:
        try:
            cells = gradebook.find_notebook(notebook, assignment).grade_cells
        except MissingEntry:
            return
        for cell in cells:
            item = item_of(cell.name, TEST_PREFIX)
            if item is None:
                continue
            try:
                points = float(course.exercise(item).points)
            except KeyError:
                differences.append(f"{item}: {cell.max_score:g} in the gradebook, not in the file")
                continue
            if abs(float(cell.max_score) - points) > 1e-9:
                differences.append(
                    f"{item}: {cell.max_score:g} in the gradebook, {points:g} in the file"
                )
    if differences:
        shown = "; ".join(differences[:5]) + ("; ..." if len(differences) > 5 else "")
        raise PointsMismatchError(
            f"the gradebook's points for {notebook}.ipynb differ from the course file "
            f"{Path(course.path)} ({shown}). The assignment was generated from another version "
            "of the course file: run `ch2-grade build-course --force` with the course file, "
            f"then `nbgrader generate_assignment {assignment} --force`, before autograding."
        )
