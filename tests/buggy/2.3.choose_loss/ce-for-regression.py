import torch.nn as nn


def choose_loss(task):
    if task == "binary":
        return nn.BCEWithLogitsLoss()
    elif task in ("regression", "multiclass"):
        return nn.CrossEntropyLoss()
    else:
        raise ValueError(task)
