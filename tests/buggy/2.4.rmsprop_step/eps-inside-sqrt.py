import torch


def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    avg = alpha * square_avg + (1 - alpha) * grad * grad
    rms = torch.sqrt(avg + eps)
    return param - lr * grad / rms, avg
