"""Section 2.2: the references agree with autograd, and more correct variants pass."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s22_backprop"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"s22_under_test_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def solution():
    return _load(ROOT / "solutions" / f"{MODULE}.py")


# -- the references agree with autograd -------------------------------------
def test_linear_backward_matches_autograd(solution) -> None:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(5, 3, generator=g, requires_grad=True)
    weight = torch.randn(4, 3, generator=g, requires_grad=True)
    bias = torch.randn(4, generator=g, requires_grad=True)
    grad_output = torch.randn(5, 4, generator=g)
    (x @ weight.T + bias).backward(grad_output)
    with torch.no_grad():
        grads = solution.linear_backward(x, weight, bias, grad_output)
    for mine, want in zip(grads, (x.grad, weight.grad, bias.grad)):
        torch.testing.assert_close(mine, want)


def test_numerical_gradient_matches_autograd(solution) -> None:
    x = torch.randn(2, 3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    before = x.clone()

    def f(t):
        return (torch.sin(t) * t**2).sum()

    x_grad = x.clone().requires_grad_()
    f(x_grad).backward()
    torch.testing.assert_close(solution.numerical_gradient(f, x), x_grad.grad)
    torch.testing.assert_close(
        solution.numerical_gradient(f, x, 1e-3), x_grad.grad, rtol=1e-5, atol=1e-6
    )
    assert torch.equal(x, before)


def test_trace_shapes_matches_a_forward_pass(solution) -> None:
    model = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1), nn.MaxPool2d(2), nn.Flatten())
    model.append(nn.Linear(5 * 3 * 4, 7))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    shapes = solution.trace_shapes(model, (2, 3, 6, 8))
    assert shapes == [(2, 5, 6, 8), (2, 5, 3, 4), (2, 60), (2, 7)]
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert all(p.device.type == "cpu" for p in model.parameters())


def test_make_head_maps_features_to_logits(solution) -> None:
    head = solution.make_head((3, 4, 5), 6)
    assert head(torch.randn(2, 3, 4, 5)).shape == (2, 6)
    with pytest.raises(ValueError, match="-2"):
        solution.make_head((3, -2, 5), 6)


def test_train_step_is_one_sgd_step(solution) -> None:
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    x, y = torch.randn(4, 3), torch.randn(4, 2)
    start = [p.detach().clone() for p in model.parameters()]
    for p in model.parameters():
        p.grad = torch.ones_like(p)  # stale gradients must not leak into the step
    probe = nn.Linear(3, 2)
    probe.load_state_dict(model.state_dict())
    loss = nn.functional.mse_loss(probe(x), y)
    loss.backward()
    want = [p0 - 0.1 * p.grad for p0, p in zip(start, probe.parameters())]

    class PlainSGD:
        def __init__(self, params):
            self.params = list(params)

        def zero_grad(self, set_to_none=True):
            for p in self.params:
                p.grad = None

        def step(self):
            with torch.no_grad():
                for p in self.params:
                    p -= 0.1 * p.grad

    returned = solution.train_step(model, nn.MSELoss(), PlainSGD(model.parameters()), x, y)
    assert type(returned) is float
    assert returned == pytest.approx(loss.item())
    for p, w in zip(model.parameters(), want):
        torch.testing.assert_close(p.detach(), w)


# -- other correct ways of writing them get full marks ----------------------
CORRECT = {
    "2.2.trace_shapes": [
        # a real forward on the model itself, torch.Size entries
        """
        import torch
        def trace_shapes(model, input_shape):
            x, out = torch.randn(input_shape), []
            for name, layer in model.named_children():
                x = layer(x)
                out.append(x.shape)
            return out
        """,
    ],
    "2.2.make_head": [
        """
        import torch.nn as nn
        def make_head(feature_shape, num_classes):
            c, h, w = feature_shape
            if c <= 0 or h <= 0 or w <= 0:
                raise ValueError(f"bad feature shape {tuple(feature_shape)}")
            if num_classes <= 0:
                raise ValueError(f"bad num_classes={num_classes}")
            return nn.Sequential(nn.Flatten(start_dim=1, end_dim=3), nn.Linear(h * w * c, num_classes))
        """,
        """
        from torch import nn
        class Rows(nn.Module):
            def forward(self, x):
                return x.reshape(x.size(0), -1)
        def make_head(feature_shape, num_classes):
            for v in [*feature_shape, num_classes]:
                if v <= 0:
                    raise ValueError(v)
            n = feature_shape[0] * feature_shape[1] * feature_shape[2]
            return nn.Sequential(Rows(), nn.Linear(n, num_classes))
        """,
    ],
    "2.2.train_step": [
        """
        def train_step(model, loss_fn, optimizer, x, y):
            optimizer.zero_grad(set_to_none=False)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            return float(loss)
        """,
        """
        def train_step(model, loss_fn, optimizer, x, y):
            out = model(x)
            optimizer.zero_grad()
            loss = loss_fn(out, y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            return loss.item()
        """,
        """
        import torch
        def train_step(model, loss_fn, optimizer, x, y):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            params = list(model.parameters())
            for p, g in zip(params, torch.autograd.grad(loss, params)):
                p.grad = g
            optimizer.step()
            return loss.item()
        """,
        """
        def train_step(model, loss_fn, optimizer, x, y):
            for p in model.parameters():
                p.grad = None
            loss = loss_fn(model(x), y)
            value = loss.item()
            loss.backward()
            optimizer.step()
            return value
        """,
    ],
    "2.2.linear_backward": [
        """
        def linear_backward(x, weight, bias, grad_output):
            return grad_output.mm(weight), grad_output.t().mm(x), grad_output.sum(dim=0, keepdim=True)[0]
        """,
    ],
    "2.2.numerical_gradient": [
        # in place, restored by arithmetic (may round by one ulp)
        """
        import torch
        def numerical_gradient(f, x, eps=1e-6):
            g = torch.zeros_like(x)
            flat = x.view(-1)
            for i in range(flat.numel()):
                flat[i] += eps
                up = float(f(x))
                flat[i] -= 2 * eps
                down = float(f(x))
                flat[i] += eps
                g.view(-1)[i] = (up - down) / (2 * eps)
            return g
        """,
        """
        import torch
        def numerical_gradient(f, x, eps=1e-6):
            rows = []
            for i in range(x.numel()):
                e = torch.zeros(x.numel(), dtype=x.dtype, device=x.device)
                e[i] = eps
                e = e.view_as(x)
                rows.append((f(x + e) - f(x - e)) / (2 * eps))
            return torch.stack(rows).reshape(x.shape)
        """,
    ],
}

WRONG = {
    # not one of the named mistakes, but still wrong
    "2.2.train_step": """
        def train_step(model, loss_fn, optimizer, x, y):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.step()
            return loss.item()
        """,
    "2.2.trace_shapes": """
        def trace_shapes(model, input_shape):
            return [tuple(input_shape)] * len(model)
        """,
    "2.2.make_head": """
        from torch import nn
        def make_head(feature_shape, num_classes):
            c, h, w = feature_shape
            return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, num_classes))
        """,
}


# more ways of making a named mistake (besides tests/buggy), sometimes with a second slip
NAMED = [
    (
        "2.2.train_step",
        "step-before-backward",
        """
        def train_step(model, loss_fn, optimizer, x, y):
            loss = loss_fn(model(x), y)
            optimizer.step()
            loss.backward()
            return loss.item()
        """,
    ),
    (
        "2.2.train_step",
        "missing-backward",
        """
        def train_step(model, loss_fn, optimizer, x, y):
            loss = loss_fn(model(x), y)
            optimizer.step()
            return loss.item()
        """,
    ),
    (
        "2.2.train_step",
        "missing-zero-grad",
        """
        def train_step(model, loss_fn, optimizer, x, y):
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()  # at the end: the stale gradient was already used
            return loss.item()
        """,
    ),
    (
        "2.2.train_step",
        "zero-grad-after-backward",
        """
        def train_step(model, loss_fn, optimizer, x, y):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.zero_grad(set_to_none=False)
            optimizer.step()
            return loss.item()
        """,
    ),
    (
        "2.2.make_head",
        "flatten-includes-batch",
        """
        from torch import nn
        def make_head(feature_shape, num_classes):
            if min(*feature_shape, num_classes) <= 0:
                raise ValueError(str(min(*feature_shape, num_classes)))
            c, h, w = feature_shape
            return nn.Sequential(nn.Flatten(start_dim=0), nn.Linear(c * h * w, num_classes))
        """,
    ),
    (
        "2.2.trace_shapes",
        "mutates-model",
        """
        import torch
        from torch import nn
        def trace_shapes(model, input_shape):
            for layer in model:
                if isinstance(layer, nn.Linear):
                    nn.init.kaiming_uniform_(layer.weight)
            x = torch.zeros(input_shape)
            shapes = []
            for layer in model:
                x = layer(x)
                shapes.append(tuple(x.shape))
            return shapes
        """,
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "mistake", "source"), NAMED, ids=[f"{e}:{m}" for e, m, _ in NAMED]
)
def test_more_mistakes_are_named(grader, exercise_id, mistake, source, hidden) -> None:
    result = grader.grade_source(MODULE, source, exercise_id, hidden=hidden)
    assert result.score < result.max_score, result.feedback
    assert mistake in result.mistakes, result.feedback


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "source"),
    [(e, s) for e, sources in CORRECT.items() for s in sources],
    ids=[f"{e}#{i}" for e, sources in CORRECT.items() for i in range(len(sources))],
)
def test_correct_variant_gets_full_marks(grader, exercise_id, source, hidden) -> None:
    result = grader.grade_source(MODULE, source, exercise_id, hidden=hidden)
    assert result.status is Status.PASSED, result.feedback


@pytest.mark.parametrize(("exercise_id", "source"), list(WRONG.items()), ids=list(WRONG))
def test_other_wrong_answers_lose_points(grader, exercise_id, source) -> None:
    result = grader.grade_source(MODULE, source, exercise_id)
    assert result.score < result.max_score, result.feedback


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.2"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback
