def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    avg = square_avg * (1 - alpha) + alpha * grad**2
    return param - lr * grad / (avg**0.5 + eps), avg
