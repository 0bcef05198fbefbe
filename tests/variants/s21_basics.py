"""An independent correct version of section 2.1 (written apart from solutions/)."""

from collections import OrderedDict

import torch
from torch import nn


def build_mlp(in_features, hidden_sizes, out_features):
    dims = [in_features, *hidden_sizes, out_features]
    bad = [d for d in dims if not d > 0]
    if bad:
        raise ValueError(f"all sizes must be > 0 (got {bad[0]})")
    blocks = OrderedDict()
    for k in range(len(dims) - 1):
        blocks[f"fc{k}"] = nn.Linear(dims[k], dims[k + 1])
        if k < len(dims) - 2:
            blocks[f"act{k}"] = nn.ReLU(inplace=True)
    return nn.Sequential(blocks)


class _Softmax(nn.Module):
    def forward(self, x):
        return torch.softmax(x, dim=-1)


def output_activation(task):
    choices = {"regression": nn.Identity, "binary": nn.Sigmoid, "multiclass": _Softmax}
    try:
        return choices[task]()
    except KeyError:
        raise ValueError("unsupported task: " + str(task)) from None


def count_parameters(model, trainable_only=True):
    params = model.parameters()
    if trainable_only:
        params = filter(lambda p: p.requires_grad, params)
    return int(sum(torch.tensor(p.shape).prod().item() for p in params))


QUIZ = {"q1": "b", "q2": "a, c", "q3": "b", "q4": ["e", "a", "c"], "q5": "185"}
