import torch.nn as nn


def make_head(feature_shape, num_classes):
    c, h, w = feature_shape
    if c <= 0 or h <= 0 or w <= 0:
        raise ValueError(f"bad feature shape {tuple(feature_shape)}")
    if num_classes <= 0:
        raise ValueError(f"bad num_classes={num_classes}")
    return nn.Sequential(nn.Flatten(start_dim=1, end_dim=3), nn.Linear(h * w * c, num_classes))
