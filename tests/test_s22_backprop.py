"""Section 2.2: the references (and the independent variant) agree with autograd, and the
exercise stubs are not attempted. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s22_backprop"


# -- the references agree with autograd -------------------------------------
def test_linear_backward_matches_autograd(impl) -> None:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(5, 3, generator=g, requires_grad=True)
    weight = torch.randn(4, 3, generator=g, requires_grad=True)
    bias = torch.randn(4, generator=g, requires_grad=True)
    grad_output = torch.randn(5, 4, generator=g)
    (x @ weight.T + bias).backward(grad_output)
    with torch.no_grad():
        grads = impl.linear_backward(x, weight, bias, grad_output)
    for mine, want in zip(grads, (x.grad, weight.grad, bias.grad)):
        torch.testing.assert_close(mine, want)


def test_numerical_gradient_matches_autograd(impl) -> None:
    x = torch.randn(2, 3, 4, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    before = x.clone()

    def f(t):
        return (torch.sin(t) * t**2).sum()

    x_grad = x.clone().requires_grad_()
    f(x_grad).backward()
    torch.testing.assert_close(impl.numerical_gradient(f, x), x_grad.grad)
    torch.testing.assert_close(
        impl.numerical_gradient(f, x, 1e-3), x_grad.grad, rtol=1e-5, atol=1e-6
    )
    assert torch.equal(x, before)


def test_trace_shapes_matches_a_forward_pass(impl) -> None:
    model = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1), nn.MaxPool2d(2), nn.Flatten())
    model.append(nn.Linear(5 * 3 * 4, 7))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    shapes = impl.trace_shapes(model, (2, 3, 6, 8))
    assert shapes == [(2, 5, 6, 8), (2, 5, 3, 4), (2, 60), (2, 7)]
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert all(p.device.type == "cpu" for p in model.parameters())


def test_make_head_maps_features_to_logits(impl) -> None:
    head = impl.make_head((3, 4, 5), 6)
    assert head(torch.randn(2, 3, 4, 5)).shape == (2, 6)
    with pytest.raises(ValueError, match="-2"):
        impl.make_head((3, -2, 5), 6)


def test_train_step_is_one_sgd_step(impl) -> None:
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

    returned = impl.train_step(model, nn.MSELoss(), PlainSGD(model.parameters()), x, y)
    assert type(returned) is float
    assert returned == pytest.approx(loss.item())
    for p, w in zip(model.parameters(), want):
        torch.testing.assert_close(p.detach(), w)


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.2"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback
