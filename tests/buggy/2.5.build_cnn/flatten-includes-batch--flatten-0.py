from torch import nn


def build_cnn(in_channels, num_classes, image_size):
    h, w = image_size
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, 3, padding=1),
        nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Flatten(0),
        nn.Linear(6 * (h // 2) * (w // 2), num_classes),
    )
