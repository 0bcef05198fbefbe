import torch


def momentum_step(param, grad, velocity, lr, momentum=0.9):
    # exponential moving average of the gradients
    v = torch.lerp(grad, velocity, momentum)
    return param - lr * v, v
