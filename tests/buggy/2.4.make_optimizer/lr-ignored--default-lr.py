import torch


def make_optimizer(params, name, lr=1e-3):
    kinds = {
        "sgd": torch.optim.SGD,
        "adagrad": torch.optim.Adagrad,
        "rmsprop": torch.optim.RMSprop,
        "adam": torch.optim.Adam,
    }
    if name == "momentum":
        return torch.optim.SGD(params, lr=1e-3, momentum=0.9)
    if name not in kinds:
        raise ValueError(name)
    return kinds[name](params, lr=1e-3)
