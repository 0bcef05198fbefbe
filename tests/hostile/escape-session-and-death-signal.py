# exercise: 2.1.count_parameters
# The student process itself leaves its session and clears its parent-death signal, then
# starts children that do the same, all meant to outlive the grading.
import ctypes
import os
import subprocess

MARKER = "ch2-hostile-escape-marker"
# A shell any user may run (the grader's Python may sit in a folder the student cannot enter).
SLEEPER = ["/bin/sh", "-c", f"sleep 600; true # {MARKER}"]
_libc = ctypes.CDLL(None)


def _escape():
    try:
        os.setsid()
    except OSError:
        pass
    _libc.prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG: none


def count_parameters(model, trainable_only=True):
    _escape()
    subprocess.Popen(SLEEPER, stdout=subprocess.DEVNULL, preexec_fn=_escape)
    if os.fork() == 0:
        _escape()
        if os.fork() == 0:
            _escape()
            os.execv(SLEEPER[0], SLEEPER)
        os._exit(0)
    raise RuntimeError(f"started {MARKER}")  # so the test knows they ran
