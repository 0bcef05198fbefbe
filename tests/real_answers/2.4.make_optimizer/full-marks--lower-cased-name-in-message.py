import torch


def make_optimizer(params, name, lr=1e-3):
    key = name.lower()
    if key == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if key == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if key == "adagrad":
        return torch.optim.Adagrad(params, lr=lr)
    if key == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    if key == "adam":
        return torch.optim.Adam(params, lr=lr)
    # The message names the value as the student normalised it: any letter case passes.
    raise ValueError(f"unknown optimizer: {key}")
