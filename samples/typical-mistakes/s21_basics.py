"""A student's section 2.1 (sample submission with typical mistakes)."""

from torch import nn


def build_mlp(in_features, hidden_sizes, out_features):
    layers = []
    size = in_features
    for h in hidden_sizes:
        layers.append(nn.Linear(size, h))
        layers.append(nn.ReLU())
        size = h
    layers.append(nn.Linear(size, out_features))
    layers.append(nn.ReLU())  # "every layer needs an activation"
    return nn.Sequential(*layers)


def output_activation(task):
    if task == "regression":
        return nn.Identity()
    if task == "binary":
        return nn.Sigmoid()
    if task == "multiclass":
        return nn.Softmax(dim=1)
    raise ValueError(f"unknown task: {task}")


def count_parameters(model, trainable_only=True):
    return sum(p.numel() for p in model.parameters())
