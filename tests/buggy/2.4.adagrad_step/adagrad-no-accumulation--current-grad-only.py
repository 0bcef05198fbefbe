def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    new_sum = sum_sq + grad**2
    return param - lr * grad / ((grad**2) ** 0.5 + eps), new_sum
