# exercise: 2.1.count_parameters
# Returns a number too large for any float and raises with a lone surrogate, NUL and
# XML-forbidden characters in its message and its printed output.
import sys


def count_parameters(model, trainable_only=True):
    print("\udcff printed \x00 \x1b[31m", file=sys.stderr)
    if not trainable_only:
        raise ValueError("lone surrogate \udcff, NUL \x00, escape \x1b, form feed \x0c")
    return 10**400
