"""The Gradescope autograder: ``autograder.zip`` with ``setup.sh`` and ``run_autograder``.

``setup.sh`` installs the pinned CPU build of torch and a wheel of the full
grading package (hidden graders and reference solutions included; this zip is
uploaded by the instructor and never reaches students). ``run_autograder``
grades ``$AUTOGRADER_ROOT/submission`` (``/autograder`` on Gradescope) into
``results/results.json``; if grading itself cannot run, it still writes a
results file that says why, so the student never sees an empty result.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from autograder.course import Course
from autograder.course_build.bundle import REPO, package_files, write_wheel

TORCH_VERSION = "2.13.0"
REQUIRES = ("torch>=2.2", "numpy>=1.24", "PyYAML>=6.0", "click>=8.1", "pytest>=7.4")
# Not needed to grade, so not shipped: notebook building and the nbgrader plug-ins.
LEFT_OUT = ("course_build", "nbgrader_ext")

SETUP = f"""\
#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${{PYTHON:-python3}}"
# Pinned, and from the CPU index: a bare "torch" would pull a CUDA build of several GB.
# Set TORCH_EXTRA_INDEX_URL to another index, or to nothing where the CPU build is local.
INDEX="${{TORCH_EXTRA_INDEX_URL-https://download.pytorch.org/whl/cpu}}"
"$PYTHON" -m pip install --quiet "torch=={TORCH_VERSION}" ${{INDEX:+--extra-index-url "$INDEX"}}
"$PYTHON" -m pip install --quiet wheels/*.whl
# Student code runs as an unprivileged user: the hidden graders, the references and this
# folder (the wheel holds them too) become readable by their owner only.
PACKAGE="$("$PYTHON" -I -c 'import autograder, os; print(os.path.dirname(autograder.__file__))')"
chmod -R go-rwx "$PACKAGE/graders" "$PACKAGE/_reference" .
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission.
set -uo pipefail
umask 077  # results and logs: for the grader only
ROOT="$(cd "${AUTOGRADER_ROOT:-/autograder}" && pwd -P)"
PYTHON="${PYTHON:-python3}"
mkdir -p "$ROOT/results"
# Python runs isolated (-I): the working folder is never on its import path, so a file in the
# submission cannot stand in for the grader or a module it imports. The grader hides its
# working folder from student code, and links inside the submission are never followed.
cd "$ROOT"
if ! "$PYTHON" -I -m autograder grade "$ROOT/submission" --format gradescope \\
        --output "$ROOT/results/results.json" 2> "$ROOT/results/grader-stderr.txt"; then
    "$PYTHON" -I - "$ROOT/results" <<'PY'
import json, pathlib, sys
folder = pathlib.Path(sys.argv[1])
reason = (folder / "grader-stderr.txt").read_text(errors="replace")[-2000:]
(folder / "results.json").write_text(json.dumps({
    "score": 0,
    "output": "The submission could not be graded; please contact the course staff.\\n" + reason,
    "tests": [],
}))
PY
fi
"""


def build_gradescope_zip(target: Path, course: Course) -> Path:
    """Write ``autograder.zip`` into ``target``; returns its path."""
    target = Path(target)
    staging = target / ".gradescope-staging"
    files = package_files(LEFT_OUT)
    files.append(("autograder/course.yml", course.path.read_bytes()))
    files += [
        (f"autograder/_reference/{path.name}", path.read_bytes())
        for path in sorted((REPO / "solutions").glob("*.py"))
    ]
    entry_points = (
        "[console_scripts]\nch2-grade = autograder.cli:main\n"
        "[pytest11]\nch2_autograder = autograder.pytest_plugin\n"
    )
    wheel = write_wheel(
        staging,
        files,
        name="ch2-autograder",
        summary="Chapter 2 hidden graders",
        requires=REQUIRES,
        entry_points=entry_points,
    )
    archive_path = target / "autograder.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP), ("run_autograder", RUN)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
        archive.write(wheel, f"wheels/{wheel.name}")
    archive_path.write_bytes(buffer.getvalue())
    wheel.unlink()
    staging.rmdir()
    return archive_path
