# feedback: ✗ to_time_major changed tensors passed in: `x` (
def to_time_major(x):
    return x.transpose_(0, 1)
