def to_time_major(x):
    b, t, f = x.shape
    return x.reshape(t, b, f)
