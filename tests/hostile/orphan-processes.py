# exercise: 2.1.count_parameters
# Starts processes meant to outlive the grading (one in its own session, one double-forked).
import os
import subprocess
import sys

MARKER = "ch2-hostile-orphan-marker"


def count_parameters(model, trainable_only=True):
    code = f"import time; time.sleep(600)  # {MARKER}"
    subprocess.Popen(
        [sys.executable, "-c", code],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", code])
        os._exit(0)
    return 0
