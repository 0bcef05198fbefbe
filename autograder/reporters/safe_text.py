"""Text from a submission made safe for every output format.

A report carries strings students control (exception messages, printed output,
file and folder names decoded with ``surrogateescape``). Each writer passes
them through here so that its output stays valid whatever they contain: lone
surrogates cannot be encoded as UTF-8, XML 1.0 forbids most control
characters, a CSV cell beginning with ``=`` is a spreadsheet formula, and a
pipe or a newline breaks a Markdown table row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# Everything XML 1.0 forbids (tab, LF and CR are allowed), and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# For a terminal, also CR (overwrites a line), DEL and the C1 controls (CSI starts escapes).
# CR, DEL, C1 controls, and the bidirectional overrides that make text display in another
# order than it is (a student's message could reverse what follows it).
_TERMINAL_UNSAFE = re.compile("[\r\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_MARKDOWN_ESCAPES = str.maketrans(
    {"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def safe_text(text: object) -> str:
    """``text`` as a string that encodes as UTF-8 and is legal in XML 1.0.

    A surrogate pair is joined into the character it stands for; a lone
    surrogate and each XML-illegal character become U+FFFD.
    """
    text = text if isinstance(text, str) else str(text)
    if not _UNSAFE.search(text):
        return text
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _UNSAFE.sub(REPLACEMENT, text)


def safe_data(value: Any) -> Any:
    """JSON-like data with every string (keys included) passed through :func:`safe_text`."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Mapping):
        return {safe_data(k): safe_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe_data(v) for v in value]
    return value


def terminal_text(text: object) -> str:
    """:func:`safe_text`, also without CR, DEL and C1 controls (no terminal escape sequences)."""
    return _TERMINAL_UNSAFE.sub(REPLACEMENT, safe_text(text).replace("\r\n", "\n"))


def one_line(text: object) -> str:
    """:func:`terminal_text` on a single line: every line break becomes a space."""
    return terminal_text(_LINE_BREAKS.sub(" ", safe_text(text)))


def csv_cell(value: Any) -> Any:
    """A CSV cell no spreadsheet runs as a formula; numbers (and number-like text) stay numbers.

    Text beginning with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading
    ``'``, which spreadsheets show as text (OWASP's advice on CSV injection).
    A CR becomes LF: some ``csv`` writers leave a field with a bare CR unquoted.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = safe_text(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def markdown_cell(text: object) -> str:
    """Text for a Markdown table cell or line: one line, no pipe, tag or entity of its own."""
    return one_line(text).translate(_MARKDOWN_ESCAPES)
