"""Reference solutions for section 2.1: layers and the choice of activation."""

from __future__ import annotations

from torch import nn

TASKS = ("regression", "binary", "multiclass")


def build_mlp(in_features: int, hidden_sizes: list[int], out_features: int) -> nn.Sequential:
    for size in (in_features, *hidden_sizes, out_features):
        if size <= 0:
            raise ValueError(f"layer sizes must be positive, got {size}")
    layers: list[nn.Module] = []
    previous = in_features
    for size in hidden_sizes:
        layers += [nn.Linear(previous, size), nn.ReLU()]
        previous = size
    layers.append(nn.Linear(previous, out_features))
    return nn.Sequential(*layers)


def output_activation(task: str) -> nn.Module:
    if task == "regression":
        return nn.Identity()
    if task == "binary":
        return nn.Sigmoid()
    if task == "multiclass":
        return nn.Softmax(dim=1)
    raise ValueError(f"unknown task {task!r}; expected one of {TASKS}")


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


QUIZ = {"q1": "B", "q2": ["A", "C"], "q3": "B", "q4": ["A", "C", "E"], "q5": 185}
