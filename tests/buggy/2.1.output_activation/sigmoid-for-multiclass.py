from torch import nn


def output_activation(task):
    if task == "regression":
        return nn.Identity()
    if task in ("binary", "multiclass"):
        return nn.Sigmoid()
    raise ValueError(task)
