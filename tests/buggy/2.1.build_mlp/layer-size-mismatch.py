import torch.nn as nn


def build_mlp(in_features, hidden_sizes, out_features):
    layers = []
    for h in hidden_sizes:
        layers += [nn.Linear(in_features, h), nn.ReLU()]  # always in_features
    layers.append(nn.Linear(hidden_sizes[-1], out_features))
    return nn.Sequential(*layers)
