import torch


def make_optimizer(params, name, lr=1e-3):
    # Adam works well for almost everything
    if name not in ["sgd", "momentum", "adagrad", "rmsprop", "adam"]:
        raise ValueError(f"unknown optimizer: {name}")
    return torch.optim.Adam(params, lr=lr)
