"""Reference solutions for section 2.2: forward and backward propagation."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn


def trace_shapes(model: nn.Sequential, input_shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    # A forward pass without gradients reads the weights and never writes them.
    first = next(model.parameters(), None)
    out = torch.zeros(tuple(input_shape), device=None if first is None else first.device)
    shapes: list[tuple[int, ...]] = []
    with torch.no_grad():
        for layer in model:
            out = layer(out)
            shapes.append(tuple(out.shape))
    return shapes


def make_head(feature_shape: tuple[int, int, int], num_classes: int) -> nn.Sequential:
    channels, height, width = feature_shape
    for size in (channels, height, width, num_classes):
        if size <= 0:
            raise ValueError(f"sizes must be positive, got {size}")
    return nn.Sequential(nn.Flatten(), nn.Linear(channels * height * width, num_classes))


def train_step(model: nn.Module, loss_fn, optimizer, x: Tensor, y: Tensor) -> float:
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def linear_backward(
    x: Tensor, weight: Tensor, bias: Tensor, grad_output: Tensor
) -> tuple[Tensor, Tensor, Tensor]:
    grad_x = grad_output @ weight
    grad_weight = grad_output.T @ x
    grad_bias = grad_output.sum(dim=0)
    return grad_x, grad_weight, grad_bias


def numerical_gradient(f: Callable[[Tensor], Tensor], x: Tensor, eps: float = 1e-6) -> Tensor:
    grad = torch.zeros(x.shape, dtype=x.dtype, device=x.device)
    flat_grad = grad.view(-1)
    for i in range(x.numel()):
        step = torch.zeros(x.shape, dtype=x.dtype, device=x.device)
        step.view(-1)[i] = eps
        flat_grad[i] = (float(f(x + step)) - float(f(x - step))) / (2 * eps)
    return grad


QUIZ = {"q1": "C", "q2": "B", "q3": ["A", "D", "E"], "q4": "D", "q5": 7}
