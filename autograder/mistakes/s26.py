"""Mistakes of section 2.6."""

MISTAKES = ()
