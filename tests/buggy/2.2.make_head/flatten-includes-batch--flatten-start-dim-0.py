from torch import nn


def make_head(feature_shape, num_classes):
    if min(*feature_shape, num_classes) <= 0:
        raise ValueError(str(min(*feature_shape, num_classes)))
    c, h, w = feature_shape
    return nn.Sequential(nn.Flatten(start_dim=0), nn.Linear(c * h * w, num_classes))
