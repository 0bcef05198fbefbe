import torch.nn as nn


class Flat(nn.Module):
    def forward(self, x):
        return x.view(-1)


def make_head(feature_shape, num_classes):
    C, H, W = feature_shape
    for v in (C, H, W, num_classes):
        if v < 1:
            raise ValueError("size must be >= 1, got " + str(v))
    return nn.Sequential(Flat(), nn.Linear(C * H * W, num_classes))
