"""An independent correct version of section 2.2 (written apart from solutions/)."""

import math
from collections import OrderedDict

import torch
from torch import nn


def trace_shapes(model, input_shape):
    # Real forward pass with random data, shapes collected by forward hooks.
    seen = []
    hooks = [
        child.register_forward_hook(lambda _m, _i, out: seen.append(tuple(out.shape)))
        for child in model.children()
    ]
    try:
        with torch.no_grad():
            model(torch.randn(*input_shape))
    finally:
        for hook in hooks:
            hook.remove()
    return seen


def make_head(feature_shape, num_classes):
    bad = [s for s in (*feature_shape, num_classes) if s < 1]
    if bad:
        raise ValueError(f"expected positive sizes, found {bad[0]}")
    return nn.Sequential(
        OrderedDict(
            flatten=nn.Flatten(1, -1),
            fc=nn.Linear(math.prod(feature_shape), num_classes),
        )
    )


def train_step(model, loss_fn, optimizer, x, y):
    prediction = model(x)
    loss = loss_fn(prediction, y)
    model.zero_grad(set_to_none=False)  # after the forward, before backward: still fine
    loss.backward()
    optimizer.step()
    return float(loss)


def linear_backward(x, weight, bias, grad_output):
    grad_x = torch.einsum("bo,oi->bi", grad_output, weight)
    grad_weight = torch.einsum("bo,bi->oi", grad_output, x)
    grad_bias = torch.einsum("bo->o", grad_output)
    return grad_x, grad_weight, grad_bias


def numerical_gradient(f, x, eps=1e-6):
    # Perturb in place, then put the exact old value back.
    out = torch.empty_like(x)
    flat_x, flat_out = x.view(-1), out.view(-1)
    for i in range(flat_x.numel()):
        keep = flat_x[i].item()
        flat_x[i] = keep + eps
        upper = f(x).item()
        flat_x[i] = keep - eps
        lower = f(x).item()
        flat_x[i] = keep
        flat_out[i] = (upper - lower) / (2 * eps)
    return out


QUIZ = {"q1": "c", "q2": " b ", "q3": "a;d;e", "q4": "d", "q5": 7.0}
