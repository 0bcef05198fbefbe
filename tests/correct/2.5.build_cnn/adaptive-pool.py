# adaptive pooling: the head never depends on the image size
from torch import nn


def build_cnn(in_channels, num_classes, image_size):
    if min(in_channels, num_classes, *image_size) <= 0:
        raise ValueError(f"bad size {min(in_channels, num_classes, *image_size)}")
    return nn.Sequential(
        nn.Conv2d(in_channels, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d((2, 2)),
        nn.Flatten(),
        nn.Linear(64, num_classes),
    )
