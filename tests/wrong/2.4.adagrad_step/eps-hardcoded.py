def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad * grad
    return param - lr * grad / (s.sqrt() + 1e-10), s
