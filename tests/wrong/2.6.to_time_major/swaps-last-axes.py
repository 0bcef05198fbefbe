def to_time_major(x):
    return x.transpose(1, 2)
