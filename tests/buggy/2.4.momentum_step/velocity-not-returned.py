def momentum_step(param, grad, velocity, lr, momentum=0.9):
    v = velocity * momentum
    v = v + grad
    new_param = param - lr * v
    return new_param, velocity
