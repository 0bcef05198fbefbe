# exercise: 2.1.count_parameters
# Returns pickles and objects whose unpickling would run code in the grader.
import os
import pickle

MARKER = "/tmp/ch2-hostile-pickle-ran"


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def count_parameters(model, trainable_only=True):
    return [Payload(), pickle.dumps(Payload()), {"__reduce__": "os.system"}]
