"""Reading what a student handed in, as hostile input.

A submission's files are read without following links (a link could point at
the reference solutions, ``/proc/self/environ`` or ``/etc/shadow``), only when
they are regular files with a single name (a hard link shares an inode with a
file somewhere else), and never beyond a size cap (a sparse file can claim
terabytes). What is refused is named in an :class:`UnsafeFileError`, which the
caller turns into a note and a score of 0 for what the file affects.
"""

from __future__ import annotations

import errno
import os
import stat
import tokenize
from pathlib import Path

from autograder.errors import SubmissionError

MAX_MODULE_BYTES = 2 * 1024 * 1024
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024

_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_DIR_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | os.O_CLOEXEC


class UnsafeFileError(SubmissionError):
    """A submitted file that is not read: a link, not a regular file, or too large."""


def describe_size(size: int) -> str:
    """``2 MB``, ``10.0 GB``: a size as a person reads it."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def _too_large(name: str, size: int | None, max_bytes: int) -> UnsafeFileError:
    claimed = f"{describe_size(size)}; " if size is not None else ""
    return UnsafeFileError(
        f"{name} is too large ({claimed}at most {describe_size(max_bytes)} is read)"
    )


def _refusal(name: str, exc: OSError, kind: str = "file") -> UnsafeFileError:
    """Why an ``open`` without following links failed, in the student's terms."""
    if exc.errno == errno.ELOOP:
        return UnsafeFileError(f"{name} is a link; submit the {kind} itself")
    if exc.errno == errno.ENOTDIR:
        return UnsafeFileError(f"{name} is not a folder")
    return UnsafeFileError(f"{name} cannot be read ({exc.strerror})")


def _open_below(path: Path, beneath: Path) -> int:
    """Open ``path`` one component at a time from ``beneath``, following no link on the way."""
    try:
        parts = path.relative_to(beneath).parts
    except ValueError as exc:
        raise UnsafeFileError(f"{path.name} is outside the submission") from exc
    if not parts or ".." in parts:
        raise UnsafeFileError(f"{path.name} is outside the submission")
    folder = os.open(beneath, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, _DIR_FLAGS, dir_fd=folder)
            except OSError as exc:
                raise _refusal(part, exc, "folder") from exc
            os.close(folder)
            folder = inner
        try:
            return os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
        except OSError as exc:
            raise _refusal(parts[-1], exc) from exc
    finally:
        os.close(folder)


def open_regular_file(path: Path | str, max_bytes: int, *, beneath: Path | None = None) -> int:
    """A descriptor on ``path`` if it is a regular, singly linked file of at most ``max_bytes``.

    The last component is opened with ``O_NOFOLLOW`` (with ``beneath``, every
    component below that folder is) and the checks are made on the open
    descriptor, so the file cannot be swapped for a link in between. The caller
    closes the descriptor.
    """
    path = Path(path)
    if beneath is not None:
        fd = _open_below(path, Path(beneath))
    else:
        try:
            fd = os.open(path, _FILE_FLAGS)
        except OSError as exc:
            raise _refusal(path.name, exc) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(f"{path.name} is not a regular file")
        if info.st_nlink != 1:
            raise UnsafeFileError(f"{path.name} is a hard link to another file; submit a copy")
        if info.st_size > max_bytes:
            raise _too_large(path.name, info.st_size, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular_file(path: Path | str, max_bytes: int, *, beneath: Path | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular, singly linked file of at most ``max_bytes``.

    See :func:`open_regular_file` for what is refused; never more than
    ``max_bytes`` are read, even from a file that grows while it is read.
    """
    fd = open_regular_file(path, max_bytes, beneath=beneath)
    try:
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:  # it grew after fstat
            raise _too_large(Path(path).name, None, max_bytes)
        return data
    finally:
        os.close(fd)


def python_text(data: bytes, name: str) -> str:
    """A module's bytes as text, in the encoding Python would use to import it.

    NUL bytes and bytes that are not valid in that encoding (UTF-8 unless the
    file declares another) are refused with a note naming the file.
    """
    if b"\0" in data:
        raise UnsafeFileError(f"{name} contains NUL bytes: it is not a Python text file")
    lines = iter(data.splitlines(keepends=True))
    try:
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
    except SyntaxError as exc:  # the first lines are not UTF-8, or name an unknown codec
        encoding = "utf-8"
        if _decodes(data, encoding):
            raise UnsafeFileError(f"{name} declares an encoding Python does not know") from exc
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnsafeFileError(
            f"{name} is not valid {_codec_name(encoding)} text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8"
        ) from exc


def _codec_name(encoding: str) -> str:
    return "UTF-8" if encoding.startswith("utf-8") else encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def printable(text: str) -> str:
    """``text`` safe to put in any report: characters that cannot be encoded become escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def is_plain_file(path: Path) -> bool:
    """A regular file reached without following a link (for listing a submission)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_plain_dir(path: Path) -> bool:
    """A folder reached without following a link."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def lexists(path: Path) -> bool:
    """Something (a file, a folder, a link, even a dangling one) is at ``path``."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True
