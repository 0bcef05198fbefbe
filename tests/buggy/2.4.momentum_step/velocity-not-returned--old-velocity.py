def momentum_step(param, grad, velocity, lr, momentum=0.9):
    v_new = momentum * velocity + grad
    return (param - lr * v_new, velocity.clone())
