# four poolings are too many for 8x8 images
from torch import nn


def build_cnn(in_channels, num_classes, image_size):
    h, w = image_size
    layers = []
    c = in_channels
    for out in (8, 16, 32, 32):
        layers += [nn.Conv2d(c, out, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        c = out
        h, w = h // 2, w // 2
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * max(h, 1) * max(w, 1), num_classes))
