"""Length-prefixed codec messages over a stream socket, with deadlines."""

from __future__ import annotations

import socket
import struct
import time
from typing import Any

import torch

from autograder.probing.codec import CodecError, dumps, loads

_LENGTH = struct.Struct("<Q")
MAX_MESSAGE = 64 * 1024 * 1024  # far above any answer here; bounds the grader's memory


class ChannelClosed(EOFError):
    """The other end closed the connection (or its process died)."""


class Channel:
    """One end of a message connection between grader and student process."""

    def __init__(self, sock: socket.socket, max_message: int = MAX_MESSAGE) -> None:
        self.sock = sock
        self.max_message = max_message

    def fileno(self) -> int:
        """The socket's file descriptor (for select)."""
        return self.sock.fileno()

    def send(self, obj: Any, input_device: torch.device | None = None) -> None:
        """Send one message (blocking)."""
        data = dumps(obj, input_device)
        self.sock.settimeout(None)
        try:
            self.sock.sendall(_LENGTH.pack(len(data)) + data)
        except OSError as exc:
            raise ChannelClosed(str(exc)) from exc

    def recv(self, deadline: float | None = None) -> Any:
        """Receive one message; TimeoutError past ``deadline`` (a time.monotonic value)."""
        (length,) = _LENGTH.unpack(self._read(_LENGTH.size, deadline))
        if length > self.max_message:
            raise CodecError(f"message of {length} bytes is over the limit")
        return loads(self._read(length, deadline))

    def _read(self, size: int, deadline: float | None) -> bytes:
        chunks: list[bytes] = []
        remaining = size
        while remaining:
            if deadline is None:
                self.sock.settimeout(None)
            else:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(min(remaining, 1 << 20))
            except TimeoutError as exc:
                raise TimeoutError from exc
            except OSError as exc:
                raise ChannelClosed(str(exc)) from exc
            if not chunk:
                raise ChannelClosed("connection closed")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        """Close the socket."""
        try:
            self.sock.close()
        except OSError:
            pass
