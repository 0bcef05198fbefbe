# feedback: ✗ rmsprop_step changed tensors passed in: `square_avg` (
def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    return param - lr * grad / (square_avg.sqrt() + eps), square_avg
