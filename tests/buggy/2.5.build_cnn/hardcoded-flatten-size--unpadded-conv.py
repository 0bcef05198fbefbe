# the size computed from image_size, forgetting that the unpadded conv shrinks it
from torch import nn


def build_cnn(in_channels, num_classes, image_size):
    h, w = image_size
    return nn.Sequential(
        nn.Conv2d(in_channels, 8, 3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * (h // 2) * (w // 2), num_classes),
    )
