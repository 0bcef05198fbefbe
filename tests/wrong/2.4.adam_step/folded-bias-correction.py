import math


def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad * grad
    step = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
    return param - step * m / (v.sqrt() + eps), m, v
