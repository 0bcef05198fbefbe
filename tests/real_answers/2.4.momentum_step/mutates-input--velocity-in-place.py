# feedback: ✗ momentum_step changed tensors passed in: `velocity` (
def momentum_step(param, grad, velocity, lr, momentum=0.9):
    velocity.mul_(momentum).add_(grad)
    return param - lr * velocity, velocity
