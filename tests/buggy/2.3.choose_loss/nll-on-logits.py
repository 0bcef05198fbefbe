from torch import nn


def choose_loss(task):
    match task:
        case "regression":
            return nn.MSELoss()
        case "binary":
            return nn.BCEWithLogitsLoss()
        case "multiclass":
            return nn.NLLLoss()
    raise ValueError(f"{task!r} is not a task I know")
