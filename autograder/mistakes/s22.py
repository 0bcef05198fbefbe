"""Mistakes of section 2.2."""

MISTAKES = ()
