# exercise: 2.1.count_parameters
# Floods standard output and standard error.
import sys


def count_parameters(model, trainable_only=True):
    line = "x" * 100_000
    while True:
        print(line)
        print(line, file=sys.stderr)
