import math


def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    t = t + 1  # steps are counted from 0, so this is step t + 1
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad.square()
    step_size = lr / (1 - beta1**t)
    denom = v_new.sqrt() / math.sqrt(1 - beta2**t) + eps
    return param - step_size * m_new / denom, m_new, v_new
