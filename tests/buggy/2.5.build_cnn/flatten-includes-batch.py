import torch
from torch import nn


class SmallCNN(nn.Module):
    def __init__(self, in_channels, num_classes, image_size):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 6, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        h, w = image_size
        self.classifier = nn.Linear(16 * (h // 2 // 2) * (w // 2 // 2), num_classes)

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x)
        return self.classifier(x)


def build_cnn(in_channels, num_classes, image_size):
    for v in [in_channels, num_classes, image_size[0], image_size[1]]:
        if v < 1:
            raise ValueError(f"invalid size: {v}")
    return SmallCNN(in_channels, num_classes, image_size)
