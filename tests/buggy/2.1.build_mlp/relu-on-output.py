import torch.nn as nn


def build_mlp(in_features, hidden_sizes, out_features):
    sizes = [in_features, *hidden_sizes, out_features]
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers.append(nn.Linear(a, b))
        layers.append(nn.ReLU())  # also after the last layer
    return nn.Sequential(*layers)
