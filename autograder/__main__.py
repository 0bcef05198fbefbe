"""``python -m autograder`` is ``ch2-grade``."""

from autograder.cli import main

main()
