from torch import nn


class Rows(nn.Module):
    def forward(self, x):
        return x.reshape(x.size(0), -1)


def make_head(feature_shape, num_classes):
    for v in [*feature_shape, num_classes]:
        if v <= 0:
            raise ValueError(v)
    n = feature_shape[0] * feature_shape[1] * feature_shape[2]
    return nn.Sequential(Rows(), nn.Linear(n, num_classes))
