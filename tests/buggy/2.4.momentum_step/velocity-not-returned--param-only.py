def momentum_step(param, grad, velocity, lr, momentum=0.9):
    velocity = momentum * velocity + grad
    return param - lr * velocity
