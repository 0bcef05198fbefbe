# exercise: 2.1.count_parameters
# The student process itself leaves its session and clears its parent-death signal, then
# starts children that do the same, all meant to outlive the grading.
import ctypes
import os
import subprocess
import sys

MARKER = "ch2-hostile-escape-marker"
_libc = ctypes.CDLL(None)


def _escape():
    try:
        os.setsid()
    except OSError:
        pass
    _libc.prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG: none


def count_parameters(model, trainable_only=True):
    _escape()
    code = (
        "import ctypes, os, time\n"
        "os.setsid()\n"
        "ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)\n"
        f"time.sleep(600)  # {MARKER}"
    )
    subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    if os.fork() == 0:
        _escape()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", code])
        os._exit(0)
    return 0
