# exercise: 2.1.count_parameters
# Kills whatever supervises it (its parent, its process group), then starts a process
# in a session of its own meant to outlive the grading.
import contextlib
import ctypes
import os
import signal
import subprocess
import sys

MARKER = "ch2-hostile-warden-marker"


def count_parameters(model, trainable_only=True):
    code = (
        "import ctypes, os, time\n"
        "ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)\n"
        f"time.sleep(600)  # {MARKER}"
    )
    subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)
    with contextlib.suppress(OSError):
        os.kill(os.getppid(), signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.killpg(os.getpgid(0), signal.SIGKILL)
    return 0
