# exercise: 2.1.count_parameters
# Allocates memory until something gives.
import torch


def count_parameters(model, trainable_only=True):
    hoard = []
    while True:
        hoard.append(torch.ones(64, 1024, 1024))
