"""Messages of the command line and the notebook ``check()``: key -> {"zh": ..., "en": ...}."""

from __future__ import annotations

CLI_MESSAGES: dict[str, dict[str, str]] = {}
