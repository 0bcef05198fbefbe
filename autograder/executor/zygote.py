"""A pristine fork server for student processes.

Importing torch costs about a second; forking a process that has already
imported it costs a few milliseconds. The zygote is forked from the grader
right after ``import torch`` and the public probes, *before* the references
and hidden graders are loaded, so the student processes it forks share the
warm imports but never hold an expected value in memory.

Protocol on the control socket: the grader sends a JSON config; the zygote
forks a student process and answers with its pid, passing the grader's end of
a fresh socket pair as an ancillary file descriptor.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import json
import os
import signal
import socket
import struct
from typing import Any

from autograder.errors import ExecutorError
from autograder.harness.channel import Channel

_PID = struct.Struct("<q")
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Zygote:
    """Handle on a running fork server."""

    def __init__(self, pid: int, control: socket.socket) -> None:
        self.pid = pid
        self.control = control

    @classmethod
    def start(cls) -> Zygote:
        """Fork the zygote from the current (still pristine) process."""
        from autograder import catalogue
        from autograder.harness.fastpath import prepare_torch

        prepare_torch()
        catalogue.specs()  # the probes, warm in every student process
        # Objects alive now are never collected: faster collections, and forked
        # processes do not copy pages just to update their gc headers.
        gc.freeze()
        grader_end, zygote_end = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the zygote
            grader_end.close()
            # Nothing the grader has open (a gradebook, a pipe to a batch coordinator,
            # an output file) may reach student code: keep only stdio and the control socket.
            _close_fds_except(zygote_end.fileno())
            code = 0
            try:
                _serve(zygote_end)
            except BaseException:
                code = 70
            os._exit(code)
        zygote_end.close()
        zygote = cls(pid, grader_end)
        atexit.register(zygote.close)
        return zygote

    def spawn(self, config: dict[str, Any]) -> tuple[int, Channel]:
        """Fork a student process with this config; its pid and a channel to it."""
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
        try:
            pid, _status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        return pid == 0

    def close(self) -> None:
        """Stop the zygote (its student processes are killed by their owners)."""
        try:
            self.control.close()
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError, OSError):
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


def _serve(control: socket.socket) -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    from autograder.harness.child import child_main

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
