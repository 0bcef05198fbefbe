# exercise: 2.1.count_parameters
# Starts processes meant to outlive the grading (one in its own session, one double-forked).
import os
import subprocess

MARKER = "ch2-hostile-orphan-marker"


def count_parameters(model, trainable_only=True):
    # A shell any user may run (the grader's Python may sit where the student cannot enter).
    sleeper = ["/bin/sh", "-c", f"sleep 600; true # {MARKER}"]
    subprocess.Popen(
        sleeper,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sleeper[0], sleeper)
        os._exit(0)
    raise RuntimeError(f"started {MARKER}")  # so the test knows they ran
