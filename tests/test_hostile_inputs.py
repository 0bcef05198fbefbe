"""A submission's files are hostile input: links, hard links, sparse giants, FIFOs, deep
notebooks, bytes that are not text, odd folder names and neighbours in a batch.

Each attack runs under every protection the machine offers. What must hold: valid output
in every format, nothing earned by the attacked module, a note naming the file and the
reason, nothing secret in any output, no file changed outside the student's sandbox, no
temporary folder left behind, and everything else graded with full marks.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import Grader
from hostile_support import (
    ENV_SECRET,
    LIMITS,
    MODES,
    PROTECTED,
    assert_nothing_secret,
    fingerprint,
    render_every_format,
)

from autograder.batch.run import BatchOptions, grade_entry, hidden_folders, run_batch
from autograder.batch.store import report_name
from autograder.course import load_course
from autograder.errors import SubmissionError
from autograder.model import Report, Status
from autograder.reporters.json_report import report_from_dict

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
SELECT = ["2.1", "2.2"]
ATTACKED = "s21_basics"
SPARSE_BYTES = 10 * 1024**3


def _replace_module(submission: Path, make: Callable[[Path], None]) -> None:
    """Put something else where the attacked module was."""
    module = submission / f"{ATTACKED}.py"
    module.unlink()
    make(module)


def _link(target: Path | str) -> Callable[[Path, Path], None]:
    def plant(submission: Path, scratch: Path) -> None:
        _replace_module(submission, lambda module: module.symlink_to(target))

    return plant


def _sparse(path: Path) -> Path:
    with open(path, "wb") as f:
        f.truncate(SPARSE_BYTES)  # claims 10 GB, holds nothing
    return path


def _link_to_sparse(submission: Path, scratch: Path) -> None:
    _replace_module(submission, lambda m: m.symlink_to(_sparse(scratch / "big.py")))


def _sparse_module(submission: Path, scratch: Path) -> None:
    _replace_module(submission, _sparse)


def _hard_link(submission: Path, scratch: Path) -> None:
    elsewhere = scratch / "elsewhere.py"  # same file system as the submission
    shutil.copyfile(SOLUTIONS / f"{ATTACKED}.py", elsewhere)
    _replace_module(submission, lambda module: os.link(elsewhere, module))


def _fifo_module(submission: Path, scratch: Path) -> None:
    _replace_module(submission, lambda module: os.mkfifo(module))


def _link_to_fifo(submission: Path, scratch: Path) -> None:
    os.mkfifo(scratch / "pipe")
    _link(scratch / "pipe")(submission, scratch)


def _linked_exercises_folder(submission: Path, scratch: Path) -> None:
    (submission / f"{ATTACKED}.py").unlink()
    (submission / "exercises").symlink_to(SOLUTIONS, target_is_directory=True)


def _notebook_bytes(metadata_value: bytes) -> bytes:
    """A notebook whose one cell is the reference module, its metadata holding ``metadata_value``:
    it would earn every point if it were read."""
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": "@"},
        "outputs": [],
        "source": (SOLUTIONS / f"{ATTACKED}.py").read_text(encoding="utf-8"),
    }
    text = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    return text.encode("utf-8").replace(b'"@"', metadata_value)


def _deep_notebook(submission: Path, scratch: Path) -> None:
    (submission / f"{ATTACKED}.py").unlink()
    depth = 100_000
    nested = _notebook_bytes(b"[" * depth + b"]" * depth)
    (submission / f"{ATTACKED}.ipynb").write_bytes(nested)


def _nul_bytes(submission: Path, scratch: Path) -> None:
    module = submission / f"{ATTACKED}.py"
    module.write_bytes(module.read_bytes() + b"\n# \x00\n")


def _not_utf8(submission: Path, scratch: Path) -> None:
    module = submission / f"{ATTACKED}.py"
    module.write_bytes(module.read_bytes() + b"\n# caf\xe9 \xff\xfe\n")


# attack -> (how it is planted, what the note on the attacked module says)
ATTACKS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "link-to-solutions": (_link(SOLUTIONS / f"{ATTACKED}.py"), "s21_basics.py is a link"),
    "link-to-environ": (_link("/proc/self/environ"), "s21_basics.py is a link"),
    "link-to-shadow": (_link("/etc/shadow"), "s21_basics.py is a link"),
    "link-to-device": (_link("/dev/zero"), "s21_basics.py is a link"),
    "link-to-fifo": (_link_to_fifo, "s21_basics.py is a link"),
    "link-to-sparse-file": (_link_to_sparse, "s21_basics.py is a link"),
    "sparse-module": (_sparse_module, "s21_basics.py is too large"),
    "fifo-module": (_fifo_module, "s21_basics.py is not a regular file"),
    "hard-link": (_hard_link, "s21_basics.py is a hard link"),
    "linked-exercises-folder": (_linked_exercises_folder, "exercises/ is a link"),
    "deep-notebook": (_deep_notebook, "nested more than 100 levels"),
    "nul-bytes": (_nul_bytes, "s21_basics.py contains NUL bytes"),
    "not-utf8": (_not_utf8, "s21_basics.py is not valid UTF-8"),
}


@pytest.fixture(scope="module", params=MODES)
def sandboxed(request: pytest.FixtureRequest, zygote, course, tmp_path_factory) -> Grader:
    """A grader whose course asks for one protection mode."""
    policy = replace(course.grading, sandbox=request.param)
    return Grader(zygote, replace(course, grading=policy), tmp_path_factory.mktemp("inputs"))


@pytest.fixture
def private_tempdir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary folders of this process go here, to see what grading leaves behind.

    Searchable by everyone: under ``uid`` a student passes through it to its scratch folder.
    """
    folder = Path(tempfile.mkdtemp(prefix="hostile-inputs-tmp-"))
    folder.chmod(0o711)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_hostile_file_is_not_read(
    sandboxed: Grader, attack: str, tmp_path: Path, private_tempdir: Path
) -> None:
    grader, mode = sandboxed, sandboxed.course.grading.sandbox
    plant, note = ATTACKS[attack]
    submission = grader.copy_of(SOLUTIONS)
    neighbour = grader.copy_of(SOLUTIONS)  # another student's work, next door
    plant(submission, tmp_path)
    before = fingerprint([*PROTECTED, neighbour])
    peak = _peak_rss_mb()

    report: Report = grader.grade_dir(submission, SELECT, limits=LIMITS)

    assert _peak_rss_mb() - peak < 200, "nothing was read into the grader's memory"
    outputs = render_every_format(report)
    assert_nothing_secret(outputs)
    assert report.protection == mode
    for result in report.exercises:
        if result.section == "2.1":
            assert result.score == 0 and result.status is Status.MISSING, (attack, result.id)
            assert note in result.feedback and "not graded" in result.feedback, result.feedback
        else:
            assert result.full_marks, (attack, result.id, result.status, result.feedback)
    assert fingerprint([*PROTECTED, neighbour]) == before, "nothing outside the sandbox changed"
    assert not list(private_tempdir.iterdir()), "no temporary folder is left behind"
    shutil.rmtree(submission)


def test_notebook_that_is_not_utf8_is_graded_with_a_note(grader: Grader) -> None:
    """A notebook with bytes that are not UTF-8 is graded from what is left, and says so."""
    submission = grader.copy_of(SOLUTIONS)
    (submission / f"{ATTACKED}.py").unlink()
    (submission / f"{ATTACKED}.ipynb").write_bytes(_notebook_bytes(b'"caf\xe9 \xff"'))
    report = grader.grade_dir(submission, ["2.1.count_parameters", "2.2.trace_shapes"])
    counted = report.result("2.1.count_parameters")
    assert "s21_basics.ipynb" in counted.feedback and "not UTF-8" in counted.feedback
    assert counted.full_marks, "the rest of the notebook is graded"
    assert report.result("2.2.trace_shapes").full_marks
    render_every_format(report)


def test_refusals_come_before_anything_is_opened(course, tmp_path: Path) -> None:
    """A refused module is never handed on; the rest of the folder is."""
    from autograder.submission import locate_submission

    folder = tmp_path / "student"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    _link("/etc/shadow")(folder, tmp_path)
    submission = locate_submission(folder, course)
    try:
        assert submission.modules[ATTACKED] is None
        assert "is a link" in submission.module_notes[ATTACKED][0]
        others = [p for n, p in submission.modules.items() if n != ATTACKED]
        assert all(p is not None and p.parent == folder.resolve() for p in others)
    finally:
        submission.cleanup()
    with pytest.raises(SubmissionError, match="is a link"):
        (tmp_path / "a.zip").symlink_to(tmp_path / "elsewhere.zip")
        locate_submission(tmp_path / "a.zip", course)


# -- batch -----------------------------------------------------------------------------

NON_UTF8 = b"\xff\xfestudent"
NEIGHBOUR_ATTACK = '''

import os as _os


def count_parameters(model, trainable_only=True):
    """Earns its points only if another student's work or the reports can be reached."""
    reached = 0
    for path in {targets!r}:  # a hidden folder is empty, a hidden file reads nothing
        try:
            if _os.path.isdir(path):
                reached += len(_os.listdir(path))
            else:
                with open(path, "rb") as f:
                    reached += len(f.read(1))
        except OSError:
            pass
    if not reached:
        return -1
    params = model.parameters()
    return sum(p.numel() for p in params if p.requires_grad or not trainable_only)
'''


def _visible_base(tmp_path: Path) -> Path:
    """A folder outside /tmp (private to student code under namespaces), searchable by all:
    so that only hiding, not the place, keeps a neighbour's work from being read."""
    for base in (ROOT.parent, Path.home()):
        info = base.stat()
        if os.access(base, os.W_OK) and info.st_mode & 0o001:
            return Path(tempfile.mkdtemp(prefix=".ch2-hostile-batch-", dir=base))
    return Path(tempfile.mkdtemp(prefix="hostile-batch-", dir=tmp_path))


def _course_file(folder: Path, mode: str) -> Path:
    """The first two sections only, short limits, one protection mode."""
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["sections"] = [s for s in data["sections"] if s["id"] in ("2.1", "2.2")]
    data["grading"].update(
        time_limit_s=3, import_time_limit_s=10, memory_limit_mb=1024, sandbox=mode
    )
    folder.mkdir()
    path = folder / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _copy_solutions(target: Path) -> None:
    shutil.copytree(SOLUTIONS, target, ignore=shutil.ignore_patterns("__pycache__"))


def _make_class(base: Path, out: Path, course_dir: Path) -> Path:
    """Honest students, a folder and a zip for one id, a non-UTF-8 name, and a neighbour reader."""
    folder = base / "class"
    folder.mkdir()
    for name in ("alice", "bob", "=eve"):
        _copy_solutions(folder / name)
    with zipfile.ZipFile(folder / "alice.zip", "w") as archive:
        for path in sorted(SOLUTIONS.glob("*.py")):
            archive.write(path, f"work/{path.name}")
    _copy_solutions(Path(os.fsdecode(bytes(folder) + b"/" + NON_UTF8)))
    _copy_solutions(folder / "mallory")
    targets = [
        str(folder / "bob" / f"{ATTACKED}.py"),
        str(folder / "bob"),
        str(folder),
        str(out),
        str(course_dir / "course.yml"),
    ]
    module = folder / "mallory" / f"{ATTACKED}.py"
    module.write_text(
        module.read_text(encoding="utf-8") + NEIGHBOUR_ATTACK.format(targets=targets),
        encoding="utf-8",
    )
    return folder


def _batch(course_file: Path, folder: Path, out: Path) -> subprocess.CompletedProcess:
    """``ch2-grade batch`` from ``/``: not the submissions' parent, nor anything to hide."""
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course_file), "batch", str(folder),
         "--output", str(out), "--jobs", "2"],
        capture_output=True, text=True, timeout=600, check=False, cwd="/",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_batch_of_hostile_names_and_neighbours(mode: str, tmp_path: Path) -> None:
    base = _visible_base(tmp_path)
    try:
        # Owner-only under uid, as the README asks; readable by all under namespaces,
        # where only the hidden paths keep it from student code.
        base.chmod(0o700 if mode == "uid" else 0o755)
        out = base / "out"
        course_file = _course_file(base / "course", mode)
        folder = _make_class(base, out, course_file.parent)
        before = fingerprint([*PROTECTED, folder, course_file])

        first = _batch(course_file, folder, out)
        assert fingerprint([*PROTECTED, folder, course_file]) == before
        _check_batch(out, course_file)
        table = (out / "grades.csv").read_text(encoding="utf-8")

        again = _batch(course_file, folder, out)  # resumed: nothing left to grade
        assert "graded 0" in again.stdout, again.stdout
        assert (out / "grades.csv").read_text(encoding="utf-8") == table
        assert first.stdout and not list(out.glob(".*.tmp"))
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _check_batch(out: Path, course_file: Path) -> None:
    rows = _rows(out / "grades.csv")
    students = [row["student"] for row in rows]
    strange = NON_UTF8.decode("utf-8", "backslashreplace")
    assert len(students) == len(set(students)) == 5, students
    assert {"alice", "bob", "mallory", strange} <= set(students)
    assert any("eve" in s for s in students), "a formula-like id still has its row"
    by_id = {row["student"]: row for row in rows}
    full = sum(e.points for e in load_course(course_file).exercises)
    for honest in ("bob", strange):
        assert float(by_id[honest]["total"]) == full, honest
    assert float(next(r for r in rows if "eve" in r["student"])["total"]) == full
    assert by_id["alice"]["status"] == "error" and float(by_id["alice"]["total"]) == 0
    alice = json.loads((out / "alice.json").read_text(encoding="utf-8"))
    assert "alice/" in alice["grading_error"] and "alice.zip" in alice["grading_error"]
    mallory = by_id["mallory"]
    assert float(mallory["2.1.count_parameters"]) == 0, "no neighbour or report was reached"
    points = float(by_id["bob"]["2.1.count_parameters"])
    assert float(mallory["total"]) == full - points

    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 7 and {"grades.csv", "class-report.html"} <= set(names)
    page = (out / "class-report.html").read_text(encoding="utf-8")
    assert "<script" not in page and page.count("<details") == len(students)
    for name in names:
        assert "/" not in name and not name.startswith(".") and len(name.encode()) < 128
    assert f"{report_name(strange)}.json" in names and "~" in report_name(strange)
    for path in out.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        outputs = {"report": text, **render_every_format(report_from_dict(data), data["student"])}
        assert_nothing_secret(outputs)
        assert ENV_SECRET not in text
    assert json.loads((out / f"{report_name(strange)}.json").read_text())["student"] == strange


def test_report_names_are_plain_distinct_files() -> None:
    ids = ["alice", "..", ".", ".hidden", "a/b", "a\\b", "=cmd", "-x", "\\xff", "x" * 400, "",
           " a", "a\x00b", "Ann Lee_12", "ab~c14cddc033f64b9d", ". .", "张三"]  # fmt: skip
    names = [report_name(student) for student in ids]
    assert len(set(names)) == len(ids), "distinct ids never share a report"
    for name in names:
        assert name and name not in (".", "..") and not name.startswith(".")
        assert "/" not in name and "\0" not in name and name == name.strip()
        assert len(f"{name}.json".encode()) <= 128
    assert report_name("alice") == "alice" and report_name("Ann Lee_12") == "Ann Lee_12"


def test_discover_gives_every_student_one_entry(tmp_path: Path) -> None:
    from autograder.batch.discover import discover

    folder = tmp_path / "class"
    for name in ("alice", "bob", ".git"):
        (folder / name).mkdir(parents=True)
    (folder / "alice.zip").write_bytes(b"PK")
    os.mkdir(bytes(folder) + b"/" + NON_UTF8)
    (folder / "linked").symlink_to(folder / "bob", target_is_directory=True)
    (folder / "linkedzip.zip").symlink_to(folder / "alice.zip")
    os.mkfifo(folder / "pipe.zip")
    (folder / "notes.txt").write_text("not a submission")
    entries = {e.student: e for e in discover(folder)}
    strange = NON_UTF8.decode("utf-8", "backslashreplace")
    assert sorted(entries) == sorted(["alice", "bob", strange, "linked", "linkedzip", "pipe"])
    assert entries["bob"].refused is None and entries[strange].refused is None
    alice = entries["alice"].refused or ""
    assert "alice/" in alice and "alice.zip" in alice and "none was graded" in alice
    assert "is a link" in (entries["linked"].refused or "")
    assert "is a link" in (entries["linkedzip"].refused or "")
    assert "not a regular file" in (entries["pipe"].refused or "")


def test_batch_hides_the_class_the_reports_and_the_course(
    course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every worker hides them by absolute path, whatever the working folder."""
    from autograder.batch import run as batch_run

    (tmp_path / "class" / "ann").mkdir(parents=True)
    course_dir = tmp_path / "course"
    course_dir.mkdir()
    shutil.copy(ROOT / "course.yml", course_dir / "course.yml")
    custom = replace(course, path=course_dir / "course.yml")
    monkeypatch.chdir(tmp_path)
    seen: dict[str, object] = {}
    monkeypatch.setattr(
        batch_run, "_grade_all", lambda todo, output, options, *rest: seen.update(opt=options)
    )
    run_batch(Path("class"), Path("out"), options=BatchOptions(custom))
    options = seen["opt"]
    assert isinstance(options, BatchOptions)
    expected = {str((tmp_path / p).resolve()) for p in ("class", "out", "course")}
    assert set(options.hidden) == expected
    assert hidden_folders(Path("class"), Path("out"), course)[:2] == tuple(
        str((tmp_path / p).resolve()) for p in ("class", "out")
    )

    class _Refuse:
        def __call__(self, *args: object, **kwargs: object) -> None:
            seen["kwargs"] = kwargs
            raise SubmissionError("stop here")

    class _Zygote:
        def alive(self) -> bool:
            return True

    from autograder import grading

    monkeypatch.setattr(grading.GradingRun, "start", _Refuse())
    monkeypatch.chdir("/")
    entry = batch_run.Entry("ann", tmp_path / "class" / "ann")
    grade_entry(entry, tmp_path / "out", options, _Zygote())
    assert seen["kwargs"]["extra_hidden"] == options.hidden  # type: ignore[index]


# -- nbgrader ---------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ["link", "fifo", "deep"])
def test_nbgrader_reader_reads_no_link_and_walks_no_deep_json(attack: str, tmp_path: Path) -> None:
    """autograde's reader: the released notebook, with no answer, stands in for a refused one."""
    pytest.importorskip("nbgrader")
    import nbformat

    from autograder.nbgrader_ext.reader import METADATA_KEY, RepairingNotebookExporter

    answer = _notebook_bytes(b'"linked-answer-marker"')
    notebook = tmp_path / f"{ATTACKED}.ipynb"
    if attack == "link":
        (tmp_path / "elsewhere.ipynb").write_bytes(answer)
        notebook.symlink_to(tmp_path / "elsewhere.ipynb")
        reason = "is a link"
    elif attack == "fifo":
        os.mkfifo(notebook)  # opening it for reading would wait for a writer forever
        reason = "is not a regular file"
    else:
        notebook.write_bytes(_notebook_bytes(b"[" * 100_000 + b"]" * 100_000))
        reason = "nested more than 100 levels"
    text, resources = RepairingNotebookExporter().from_filename(str(notebook))
    repairs = nbformat.reads(text, as_version=4).metadata[METADATA_KEY]["repairs"]
    assert len(repairs) == 1 and reason in repairs[0] and "no answer was graded" in repairs[0]
    assert "linked-answer-marker" not in text and "def count_parameters" in text
    assert resources["metadata"]["name"] == ATTACKED


def test_zip_holding_one_name_twice_is_refused(course, tmp_path: Path) -> None:
    """Two entries of one name: which is graded would depend on the unpacking tool."""
    import warnings
    import zipfile

    from autograder.errors import SubmissionError
    from autograder.submission import locate_submission

    archive = tmp_path / "twice.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.writestr("s21_basics.py", "QUIZ = {}\n")
            bundle.writestr("s21_basics.py", "QUIZ = {'q1': 'B'}\n")
    with pytest.raises(SubmissionError, match="more than once"):
        locate_submission(archive, course)
