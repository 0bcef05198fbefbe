"""Mistakes of section 2.4."""

MISTAKES = ()
