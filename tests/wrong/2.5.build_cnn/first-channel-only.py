# reads only the first channel
from torch import nn


class Net(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.conv = nn.Conv2d(c, 4, 3, padding=1)
        self.head = nn.Linear(4, k)

    def forward(self, x):
        x = x[:, :1].expand_as(x)
        return self.head(self.conv(x).amax(dim=(2, 3)))


def build_cnn(in_channels, num_classes, image_size):
    if min(in_channels, num_classes, *image_size) <= 0:
        raise ValueError(str(min(in_channels, num_classes, *image_size)))
    return Net(in_channels, num_classes)
