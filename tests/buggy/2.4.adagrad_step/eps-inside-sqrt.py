import torch


def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad.pow(2)
    new_param = param - lr * grad / torch.sqrt(s + eps)
    return new_param, s
