import torch.nn as nn


class CNN(nn.Module):
    def __init__(self, num_classes, image_size):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)  # RGB images
        self.pool = nn.MaxPool2d(2)
        h, w = image_size
        self.fc = nn.Linear(16 * (h // 2) * (w // 2), num_classes)

    def forward(self, x):
        x = self.pool(self.conv(x).relu())
        return self.fc(x.flatten(1))


def build_cnn(in_channels, num_classes, image_size):
    return CNN(num_classes, image_size)
