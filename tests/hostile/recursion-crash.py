# exercise: 2.1.count_parameters
# Recurses without end, with the recursion limit lifted so the interpreter crashes.
import sys


def _down(n):
    return _down(n + 1) + 1


def count_parameters(model, trainable_only=True):
    sys.setrecursionlimit(10**8)
    return _down(0)
