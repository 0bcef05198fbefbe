"""Section 2.2: the references (and the independent variant) agree with autograd, and the
exercise stubs are not attempted. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.catalogue.s22_backprop import (
    _stale_gradient,
    gradient_state_verdict,
    keeps_batch_verdict,
    linear_in_verdict,
    same_parameters_verdict,
)
from autograder.model import Status
from autograder.probing.probe_tools import build_layers

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


# -- judgements made in the grader (derive) ------------------------------------
def test_gradient_state_verdict() -> None:
    old = [torch.full((2, 3), 0.5), torch.full((2,), -0.25)]
    new = [torch.arange(6.0).reshape(2, 3), torch.tensor([1.0, -2.0])]
    summed = [o + n for o, n in zip(old, new)]
    assert gradient_state_verdict([None, None], new, old) == "no gradient"
    assert gradient_state_verdict([torch.zeros(2, 3), None], new, old) == "no gradient"
    assert gradient_state_verdict([new[0], None], new, old) == "other gradient"
    assert gradient_state_verdict(new, new, old) == "new gradient"
    assert gradient_state_verdict(summed, new, old) == "old + new gradient"
    assert gradient_state_verdict(old, [None, None], old) == "old gradient only"
    assert gradient_state_verdict([2 * n for n in new], new, old) == "other gradient"
    assert gradient_state_verdict("not recorded", "not recorded", old) == "other gradient"


def test_a_changed_input_is_named_by_the_watcher(grader) -> None:
    """Right gradients, then x cleared in place: every check passes (the watcher puts x
    back after the call), and the change costs keeps_inputs.cost as ``mutates-input``."""
    source = """def linear_backward(x, weight, bias, grad_output):
    grads = grad_output @ weight, grad_output.T @ x, grad_output.sum(0)
    x.zero_()
    return grads
"""
    result = grader.grade_source(MODULE, source, "2.2.linear_backward")
    assert all(c.passed for c in result.checks), result.feedback
    assert result.mistakes == ("mutates-input",), result.feedback
    assert result.score == pytest.approx(0.75 * result.max_score)


def test_same_parameters_verdict() -> None:
    layers = [["linear", 4, 3], ["relu"], ["linear", 3, 2]]
    model = build_layers(layers)
    after = {k: ["cpu", p.detach().clone()] for k, p in model.named_parameters()}
    assert same_parameters_verdict(after, layers)
    assert not same_parameters_verdict({**after, "0.bias": ["cpu", torch.zeros(3)]}, layers)
    assert not same_parameters_verdict({**after, "0.bias": ["meta", after["0.bias"][1]]}, layers)
    assert not same_parameters_verdict({k: v for k, v in after.items() if k != "2.bias"}, layers)
    assert not same_parameters_verdict("error: RuntimeError", layers)


def test_head_verdicts() -> None:
    x = torch.zeros(5, 3, 4, 2)
    assert keeps_batch_verdict((5, 24), 5) is True
    assert keeps_batch_verdict((120,), 5) is False
    assert keeps_batch_verdict((1, 120), 5) is False
    assert keeps_batch_verdict("no nn.Linear", 5) == "no nn.Linear"
    assert linear_in_verdict(24, x) is True
    assert linear_in_verdict(8, x) is False
    assert linear_in_verdict("no nn.Linear", x) == "no nn.Linear"


def test_stale_gradients_do_not_depend_on_the_random_state() -> None:
    param = torch.zeros(3, 2)
    assert torch.equal(_stale_gradient(param, 1), _stale_gradient(param, 1))
    assert _stale_gradient(param, 1).abs().min() > 0


# -- cheats ----------------------------------------------------------------------
# Wrong answers, each with patches that made a probe-side judgement say "right" when
# judgements were made in the student's process. Judged in the grader, they gain nothing.
PATCHES = """import math as _math
import torch as _torch
import autograder.probing.probe_tools as _tools
import autograder.catalogue.s22_backprop as _probes
_torch.equal = lambda *args, **kwargs: True
_torch.allclose = lambda *args, **kwargs: True
_torch.Tensor.__eq__ = lambda self, other: _torch.ones_like(self, dtype=_torch.bool)
_torch.Tensor.any = lambda self, *args, **kwargs: _torch.tensor(False)
_numel = _torch.Tensor.numel
_torch.Tensor.numel = lambda self: (
    self.shape[1] * self.shape[2] if self.dim() == 3 else _numel(self)
)
_math.isclose = lambda *args, **kwargs: True
import autograder.spec.rules as _judge
for _where in (_judge, _probes):
    _where.bad_argument_verdict = lambda *args, **kwargs: "ValueError naming the value"
    _where.same_tensors = lambda *args, **kwargs: True
_tools.unchanged = lambda *args, **kwargs: True
_probes.same_parameters_verdict = lambda *args, **kwargs: True
_probes._linear_input_keeps_batch = lambda *args, **kwargs: True
_probes._StepLog._gradient_state = lambda self: "new gradient"
"""

BUGGY = ROOT / "tests" / "buggy"
WRONG = {
    "2.2.trace_shapes": (BUGGY / "2.2.trace_shapes" / "mutates-model.py").read_text(),
    # flattens the batch too, takes H*W inputs and raises no ValueError
    "2.2.make_head": """from torch import nn


def make_head(feature_shape, num_classes):
    c, h, w = feature_shape
    return nn.Sequential(nn.Flatten(0), nn.Linear(h * w, num_classes))
""",
    "2.2.train_step": (BUGGY / "2.2.train_step" / "missing-zero-grad.py").read_text(),
    # right gradients, but clears x
    "2.2.linear_backward": """def linear_backward(x, weight, bias, grad_output):
    grads = grad_output @ weight, grad_output.T @ x, grad_output.sum(0)
    x.zero_()
    return grads
""",
    "2.2.numerical_gradient": (BUGGY / "2.2.numerical_gradient" / "mutates-input.py").read_text(),
}


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_patching_probe_helpers_gains_nothing(grader, exercise_id: str) -> None:
    honest = grader.grade_source(MODULE, WRONG[exercise_id], exercise_id)
    cheating = grader.grade_source(MODULE, PATCHES + WRONG[exercise_id], exercise_id)
    # What the wrong code does is seen (in a diagnosis, when only the student's process can
    # see it); patching the probe helpers can hide it, but never earns a point.
    assert honest.score < honest.max_score or any(not c.passed for c in honest.checks), (
        honest.feedback
    )
    assert cheating.score <= honest.score, cheating.feedback
