# exercise: 2.1.count_parameters
# Tries to rewrite the grading package and the course files.
from pathlib import Path

import autograder

_package = Path(autograder.__file__).resolve().parent
for _path in [
    _package / "engine" / "compare.py",
    _package / "graders" / "s21_basics.py",
    _package.parent / "course.yml",
    _package / "public" / "data" / "s21_basics.json",
]:
    try:
        _path.write_text("# overwritten by a submission\n")
    except OSError:
        pass
try:
    (_package / "planted.py").write_text("PLANTED = True\n")
except OSError:
    pass


def count_parameters(model, trainable_only=True):
    return 0
