# feedback: ✗ sgd_step changed tensors passed in: `param` (
def sgd_step(param, grad, lr):
    param -= lr * grad
    return param
