# feedback: ✗ adagrad_step changed tensors passed in: `sum_sq` (
def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    sum_sq.addcmul_(grad, grad)
    return param - lr * grad / (sum_sq.sqrt() + eps), sum_sq
