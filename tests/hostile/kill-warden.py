# exercise: 2.1.count_parameters
# Kills whatever supervises it (its parent, its process group), after starting a process
# in a session of its own, without a parent-death signal, meant to outlive the grading.
import contextlib
import ctypes
import os
import signal
import subprocess

MARKER = "ch2-hostile-warden-marker"
SLEEPER = ["/bin/sh", "-c", f"sleep 600; true # {MARKER}"]


def _detach():
    ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)


def count_parameters(model, trainable_only=True):
    subprocess.Popen(SLEEPER, start_new_session=True, preexec_fn=_detach)
    _detach()
    with contextlib.suppress(OSError):
        os.kill(os.getppid(), signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.killpg(os.getpgid(0), signal.SIGKILL)
    return 0
