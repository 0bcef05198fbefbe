def to_time_major(x):
    return x.contiguous().view(x.size(1), x.size(0), -1)
