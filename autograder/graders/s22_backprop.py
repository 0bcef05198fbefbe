"""Hidden grader for section 2.2: cases and mutants."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.2")


# -- trace_shapes ------------------------------------------------------------
def _shapes_after_each(model, input_shape):
    out = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in model:
            out = layer(out)
            shapes.append(tuple(out.shape))
    return shapes


def _includes_input_shape(model, input_shape):
    return [tuple(input_shape), *_shapes_after_each(model, input_shape)]


def _mutates_model(model, input_shape):
    shapes = _shapes_after_each(model, input_shape)
    for layer in model:
        if hasattr(layer, "reset_parameters"):
            layer.reset_parameters()
    return shapes


@GRADERS.cases(
    "trace_shapes",
    mutants={"includes-input-shape": _includes_input_shape, "mutates-model": _mutates_model},
)
def trace_shapes_cases(rng: Rng) -> Case:
    if rng.choice(["conv", "mlp"]) == "conv":
        batch, channels, kernels, hidden, out = rng.distinct(5, 2, 9)
        height, width = rng.distinct(2, 7, 12)
        stride, padding = rng.choice([(1, 0), (1, 1), (2, 1)])
        conv_h = (height + 2 * padding - 3) // stride + 1
        conv_w = (width + 2 * padding - 3) // stride + 1
        flat = kernels * (conv_h // 2) * (conv_w // 2)
        layers = [
            ["conv2d", channels, kernels, 3, stride, padding],
            ["relu"],
            ["maxpool2d", 2],
            ["flatten"],
            ["linear", flat, hidden],
            ["tanh"],
            ["linear", hidden, out],
        ]
        return {"layers": layers, "input_shape": (batch, channels, height, width)}
    batch, steps, features, hidden, out = rng.distinct(5, 2, 12)
    layers = [
        ["linear", features, hidden],
        ["layernorm", hidden],
        ["relu"],
        ["linear", hidden, out],
        ["sigmoid"],
    ]
    return {"layers": layers, "input_shape": (batch, steps, features)}


# -- make_head ---------------------------------------------------------------
def _head(feature_shape, num_classes, *, start_dim=1, in_features=None):
    channels, height, width = feature_shape
    for size in (channels, height, width, num_classes):
        if size <= 0:
            raise ValueError(f"bad size {size}")
    size = channels * height * width if in_features is None else in_features(channels, height)
    return nn.Sequential(nn.Flatten(start_dim=start_dim), nn.Linear(size, num_classes))


def _flatten_size_wrong(feature_shape, num_classes):
    return _head(feature_shape, num_classes, in_features=lambda c, h: c * h)


def _flatten_includes_batch(feature_shape, num_classes):
    return _head(feature_shape, num_classes, start_dim=0)


@GRADERS.cases(
    "make_head",
    mutants={
        "flatten-size-wrong": _flatten_size_wrong,
        "flatten-includes-batch": _flatten_includes_batch,
    },
)
def make_head_cases(rng: Rng) -> Case:
    channels, height, width, batch, classes = rng.distinct(5, 2, 9)
    bad_value = -rng.int(2, 9)
    where = rng.int(0, 3)
    bad_shape = [channels, height, width]
    bad_classes = classes
    if where == 3:
        bad_classes = bad_value
    else:
        bad_shape[where] = bad_value
    return {
        "feature_shape": (channels, height, width),
        "num_classes": classes,
        "x": rng.randn(batch, channels, height, width),
        "bad": {"feature_shape": tuple(bad_shape), "num_classes": bad_classes, "value": bad_value},
    }


# -- train_step --------------------------------------------------------------
def _step(model, loss_fn, optimizer, x, y, order, *, as_float=True):
    """Run the actions in ``order``; "loss" is forward plus loss."""
    loss = None
    for action in order:
        if action == "zero":
            optimizer.zero_grad()
        elif action == "loss":
            loss = loss_fn(model(x), y)
        elif action == "backward":
            loss.backward()
        elif action == "step":
            optimizer.step()
    return loss.item() if as_float else loss


_TRAIN_MUTANTS = {
    "missing-backward": ("zero", "loss", "step"),
    "missing-zero-grad": ("loss", "backward", "step"),
    "missing-optimizer-step": ("zero", "loss", "backward"),
    "step-before-backward": ("zero", "loss", "step", "backward"),
    "zero-grad-after-backward": ("loss", "backward", "zero", "step"),
}


def _train_mutant(order):
    def train_step(model, loss_fn, optimizer, x, y):
        return _step(model, loss_fn, optimizer, x, y, order)

    return train_step


def _returns_tensor_loss(model, loss_fn, optimizer, x, y):
    return _step(
        model, loss_fn, optimizer, x, y, ("zero", "loss", "backward", "step"), as_float=False
    )


@GRADERS.cases(
    "train_step",
    mutants={
        **{mistake: _train_mutant(order) for mistake, order in _TRAIN_MUTANTS.items()},
        "returns-tensor-loss": _returns_tensor_loss,
    },
)
def train_step_cases(rng: Rng) -> Case:
    n_in, hidden, n_out, batch = rng.distinct(4, 2, 9)
    return {
        "layers": [["linear", n_in, hidden], ["tanh"], ["linear", hidden, n_out]],
        "x": rng.randn(batch, n_in),
        "y": rng.randn(batch, n_out),
        "lr": round(rng.uniform(0.05, 0.5), 3),
    }


# -- linear_backward ---------------------------------------------------------
def _grad_weight_transposed(x, weight, bias, grad_output):
    return grad_output @ weight, x.T @ grad_output, grad_output.sum(0)


def _grad_bias_not_summed(x, weight, bias, grad_output):
    return grad_output @ weight, grad_output.T @ x, grad_output.clone()


def _grad_bias_mean(x, weight, bias, grad_output):
    return grad_output @ weight, grad_output.T @ x, grad_output.mean(0)


@GRADERS.cases(
    "linear_backward",
    mutants={
        "grad-weight-transposed": _grad_weight_transposed,
        "grad-bias-not-summed": _grad_bias_not_summed,
        "grad-bias-mean": _grad_bias_mean,
    },
)
def linear_backward_cases(rng: Rng) -> Case:
    batch, n_in, n_out = rng.distinct(3, 2, 9)
    return {
        "x": rng.randn(batch, n_in),
        "weight": rng.randn(n_out, n_in),
        "bias": rng.randn(n_out),
        "grad_output": rng.randn(batch, n_out),
    }


# -- numerical_gradient ------------------------------------------------------
def _unit(x, index, eps):
    step = torch.zeros(x.numel(), dtype=x.dtype, device=x.device)
    step[index] = eps
    return step.reshape(x.shape)


def _forward_difference(f, x, eps=1e-6):
    base = float(f(x))
    values = [(float(f(x + _unit(x, i, eps))) - base) / eps for i in range(x.numel())]
    return torch.tensor(values, dtype=x.dtype, device=x.device).reshape(x.shape)


@GRADERS.cases(
    "numerical_gradient",
    mutants={"forward-difference": _forward_difference},
)
def numerical_gradient_cases(rng: Rng) -> Case:
    dims = rng.distinct(rng.int(1, 3), 2, 5)
    f64 = torch.float64
    return {
        "x": rng.randn(*dims, dtype=f64),
        "cubic": rng.randn(*dims, dtype=f64),
        "square": round(rng.uniform(-1.5, 1.5), 3),
        "linear": rng.randn(*dims, dtype=f64),
        "eps": rng.choice([1e-2, 2e-2, 5e-2]),
    }


# -- quiz explanations (zh and en) in explanations/s22_backprop.yml -----------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s22_backprop.yml")
