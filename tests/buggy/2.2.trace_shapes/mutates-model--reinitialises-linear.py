import torch
from torch import nn


def trace_shapes(model, input_shape):
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight)
    x = torch.zeros(input_shape)
    shapes = []
    for layer in model:
        x = layer(x)
        shapes.append(tuple(x.shape))
    return shapes
