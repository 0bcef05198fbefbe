from torch import nn


def output_activation(task):
    if task == "regression":
        return nn.ReLU()
    if task == "binary":
        return nn.Sigmoid()
    if task == "multiclass":
        return nn.Softmax(dim=1)
    raise ValueError(f"unknown task: {task}")
