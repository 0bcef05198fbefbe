import torch.nn as nn


def build_mlp(in_features, hidden_sizes, out_features):
    sizes = [in_features, *hidden_sizes, out_features]
    return nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
