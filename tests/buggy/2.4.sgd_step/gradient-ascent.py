def sgd_step(param, grad, lr):
    # move the parameter by the gradient, scaled by the learning rate
    step = lr * grad
    return param + step
