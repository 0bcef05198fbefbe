from torch import nn


def build_cnn(in_channels, num_classes, image_size):
    if in_channels <= 0 or num_classes <= 0 or min(image_size) <= 0:
        bad = min(in_channels, num_classes, *image_size)
        raise ValueError(f"size {bad} must be positive")
    h, w = image_size
    h, w = h // 2, w // 2
    return nn.Sequential(
        nn.Conv2d(1, 8, kernel_size=3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * h * w, num_classes),
    )
