"""Mistakes of section 2.5."""

MISTAKES = ()
