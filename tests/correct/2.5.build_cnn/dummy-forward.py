# a class that measures the flattened size with a dummy forward pass
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, c, k, hw):
        super().__init__()
        self.conv1 = nn.Conv2d(c, 6, 5, padding=2)
        self.bn = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.drop = nn.Dropout(0.5)
        with torch.no_grad():
            n = self.features(torch.zeros(1, c, *hw)).shape[1]
        self.fc1 = nn.Linear(n, 32)
        self.fc2 = nn.Linear(32, k)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.bn(self.conv1(x))), 2)
        x = F.relu(self.conv2(x))
        return torch.flatten(x, 1)

    def forward(self, x):
        return self.fc2(self.drop(F.relu(self.fc1(self.features(x)))))


def build_cnn(in_channels, num_classes, image_size):
    for v in (in_channels, num_classes) + tuple(image_size):  # noqa: RUF005
        if v < 1:
            raise ValueError(f"expected a positive size, got {v}")
    return Net(in_channels, num_classes, image_size)
