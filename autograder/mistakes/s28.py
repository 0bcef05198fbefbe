"""Mistakes of section 2.8."""

MISTAKES = ()
