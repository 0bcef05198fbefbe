from torch import optim


def make_optimizer(params, name, lr=1e-3):
    if name == "sgd":
        return optim.SGD(params, lr=0.01)
    elif name == "momentum":
        return optim.SGD(params, lr=0.01, momentum=0.9)
    elif name == "adagrad":
        return optim.Adagrad(params)
    elif name == "rmsprop":
        return optim.RMSprop(params)
    elif name == "adam":
        return optim.Adam(params)
    else:
        raise ValueError("no such optimizer: " + name)
