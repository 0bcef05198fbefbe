"""A pristine fork server for student processes.

Importing torch costs about a second; forking a process that has already
imported it costs a few milliseconds. The zygote is a *fresh program*
(``python -m autograder.executor.zygote``), started with a minimal
environment: it imports torch and the public probes and nothing else, so the
student processes it forks share the warm imports but hold nothing of the
grader's: no expected value, no hidden path, no command line, no configuration
object, no environment secret, whatever program started the grading (the CLI,
pytest, nbgrader, a batch worker). It starts in the background while the grader
computes expected values; it says when it is ready.

Protocol on the control socket: the zygote sends one byte when ready; then the
grader sends a JSON config; the zygote forks a student process and answers with
its pid, passing the grader's end of a fresh socket pair as an ancillary file
descriptor.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

from autograder.errors import ExecutorError
from autograder.harness.channel import Channel

_PID = struct.Struct("<q")
_PR_SET_PDEATHSIG = 1
_READY = b"R"
READY_TIMEOUT_S = 300.0
# What the zygote inherits of the grader's environment: locale, paths to Python and its
# libraries, thread and accelerator settings. Anything else (tokens, keys, passwords,
# course paths) stays with the grader.
_KEPT_VARIABLES = {"PATH", "LANG", "LANGUAGE", "TZ", "TMPDIR", "LD_LIBRARY_PATH", "VIRTUAL_ENV"}
_KEPT_PREFIXES = ("LC_", "OPENBLAS_", "OMP_", "MKL_", "CUDA_", "NVIDIA_", "TORCH_", "GOTO")


def _import_path() -> list[str]:
    """Where this package and its dependencies are found, as in the grader, less any
    folder others may write to (``python -m`` from ``/tmp`` puts it first: a module
    planted there would be imported by every student process's parent)."""
    own = str(Path(__file__).resolve().parents[2])  # the folder holding this package
    kept = []
    for entry in sys.path:
        if not entry:
            continue
        try:
            writable_by_others = os.stat(entry).st_mode & 0o002
        except OSError:
            writable_by_others = 0
        if entry == own or not writable_by_others:
            kept.append(entry)
    return kept


def zygote_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the zygote (and so every student process) starts with."""
    source = os.environ if environ is None else environ
    kept = {
        key: value
        for key, value in source.items()
        if key in _KEPT_VARIABLES or key.startswith(_KEPT_PREFIXES)
    }
    kept["PYTHONPATH"] = os.pathsep.join(_import_path())
    kept["PYTHONDONTWRITEBYTECODE"] = "1"
    return kept


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Zygote:
    """Handle on a running fork server."""

    def __init__(self, process: subprocess.Popen[bytes], control: socket.socket) -> None:
        self.process = process
        self.pid = process.pid
        self.control = control
        self.is_ready = False

    @classmethod
    def start(cls) -> Zygote:
        """Start the zygote program (it becomes ready in the background)."""
        grader_end, zygote_end = socket.socketpair()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "autograder.executor.zygote", str(zygote_end.fileno())],
                pass_fds=(zygote_end.fileno(),),
                env=zygote_environment(),
                cwd="/",
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise ExecutorError(f"the student-process server could not start: {exc}") from exc
        finally:
            zygote_end.close()
        zygote = cls(process, grader_end)
        atexit.register(zygote.close)
        return zygote

    def ready(self) -> bool:
        """True once the zygote has imported everything (never blocks)."""
        if not self.is_ready and select.select([self.control], [], [], 0)[0]:
            self._take_ready()
        return self.is_ready

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Block until the zygote is ready (ExecutorError if it died or took too long)."""
        if self.is_ready:
            return
        if not select.select([self.control], [], [], timeout)[0]:
            raise ExecutorError("the student-process server did not start in time")
        self._take_ready()

    def _take_ready(self) -> None:
        try:
            signal_byte = self.control.recv(1)
        except OSError as exc:
            raise ExecutorError(f"the student-process server is gone: {exc}") from exc
        if signal_byte != _READY:
            raise ExecutorError("the student-process server failed to start")
        self.is_ready = True

    def spawn(self, config: dict[str, Any]) -> tuple[int, Channel]:
        """Fork a student process with this config; its pid and a channel to it."""
        self.wait_ready()
        payload = json.dumps(config).encode()
        try:
            self.control.sendall(struct.pack("<I", len(payload)) + payload)
            data, fds, _flags, _addr = socket.recv_fds(self.control, _PID.size, 1)
        except OSError as exc:
            raise ExecutorError(f"the student-process server is gone: {exc}") from exc
        if len(data) != _PID.size or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            raise ExecutorError("the student-process server did not start a process")
        (pid,) = _PID.unpack(data)
        return pid, Channel(socket.socket(fileno=fds[0]))

    def alive(self) -> bool:
        """True while the zygote process runs (student code may have killed it)."""
        return self.process.poll() is None

    def close(self) -> None:
        """Stop the zygote (its student processes are killed by their owners)."""
        try:
            self.control.close()
        except OSError:
            pass
        try:
            self.process.kill()
            self.process.wait()
        except OSError:
            pass


def _close_fds_except(keep: int) -> None:
    """Close every file descriptor above stderr except ``keep``."""
    try:
        limit = os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        limit = 65536
    os.closerange(3, keep)
    os.closerange(keep + 1, max(limit, keep + 1))


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def main(control_fd: int) -> None:
    """The zygote program: import what student processes share, say so, then serve."""
    die_with_parent()
    if os.getppid() == 1:  # the grader died before the line above took effect
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
    control = socket.socket(fileno=control_fd)
    _close_fds_except(control_fd)
    from autograder import catalogue
    from autograder.harness.child import child_main
    from autograder.harness.fastpath import prepare_torch, warm_up

    prepare_torch()
    warm_up()
    catalogue.specs()  # the probes, warm in every student process
    # Objects alive now are never collected: faster collections, and forked
    # processes do not copy pages just to update their gc headers.
    gc.freeze()
    control.sendall(_READY)
    _serve(control, child_main)


def _serve(control: socket.socket, child_main: Any) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically

    while True:
        try:
            (length,) = struct.unpack("<I", _recv_exact(control, 4))
            config = json.loads(_recv_exact(control, length))
        except (EOFError, OSError, ValueError):
            return
        grader_end, child_end = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the student process
            control.close()
            grader_end.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            die_with_parent()
            child_main(Channel(child_end), config)
        child_end.close()
        try:
            socket.send_fds(control, [_PID.pack(pid)], [grader_end.fileno()])
        except OSError:
            return
        finally:
            grader_end.close()


if __name__ == "__main__":
    code = 0
    try:
        main(int(sys.argv[1]))
    except BaseException:
        code = 70
    os._exit(code)
