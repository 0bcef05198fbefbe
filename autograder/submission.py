"""Find a submission's section modules: a folder of them, or one module file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.course import Course
from autograder.errors import SubmissionError


@dataclass(frozen=True)
class Submission:
    """Where each of the course's section modules is (None when it is missing)."""

    root: Path
    modules: dict[str, Path | None]

    @property
    def present(self) -> list[str]:
        """Names of the modules the submission holds."""
        return [name for name, path in self.modules.items() if path is not None]


def locate_submission(path: Path | str, course: Course) -> Submission:
    """Map every course module to its file in ``path`` (a folder or one ``.py`` file)."""
    path = Path(path)
    names = [section.module for section in course.sections]
    if not path.exists():
        raise SubmissionError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix != ".py" or path.stem not in names:
            raise SubmissionError(
                f"{path}: not a section module; expected one of "
                + ", ".join(f"{n}.py" for n in names)
            )
        return Submission(
            path.parent, {n: (path.resolve() if n == path.stem else None) for n in names}
        )
    folder = path
    if not any((folder / f"{n}.py").is_file() for n in names) and (folder / "exercises").is_dir():
        folder = folder / "exercises"
    modules = {
        n: ((folder / f"{n}.py").resolve() if (folder / f"{n}.py").is_file() else None)
        for n in names
    }
    return Submission(folder.resolve(), modules)
