def sgd_step(param, grad, lr):
    param -= lr * grad
    return param
