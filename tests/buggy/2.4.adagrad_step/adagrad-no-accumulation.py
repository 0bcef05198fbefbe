import torch


def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    sum_sq = torch.square(grad)
    update = grad / (torch.sqrt(sum_sq) + eps)
    return param - lr * update, sum_sq
