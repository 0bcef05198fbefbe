import torch


def make_optimizer(params, name, lr=1e-3):
    return torch.optim.SGD(params, lr=lr, momentum=0.9)
