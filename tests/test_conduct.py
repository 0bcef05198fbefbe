"""The watcher around the student's function: return kinds, changed inputs, forbidden
calls, bad-argument calls and what student code raised (no processes involved)."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from autograder.probing.conduct import (
    WatchedFunction,
    WrongReturn,
    call_name,
    expecting_error,
    note_exception,
    watching,
)
from autograder.probing.probe_tools import observe_call
from autograder.probing.returns import describe_value, matches, validate_kind

SOFTMAX_CALLS = frozenset({"torch.softmax", "torch.Tensor.softmax", "torch.nn.functional.softmax"})


@pytest.mark.parametrize(
    ("value", "kind", "ok"),
    [
        (torch.zeros(2), "tensor", True),
        (None, "tensor", False),
        ([1.0], "tensor", False),
        (3, "int", True),
        (True, "int", False),
        (3, "float", True),
        (2.5, "float | tensor", True),
        (torch.tensor(2.5), "float | tensor", True),
        ("2.5", "float | tensor", False),
        ((torch.zeros(1), None), "(tensor, tensor)", True),  # values are left to the checks
        ([torch.zeros(1), torch.zeros(1)], "(tensor, tensor)", True),
        ((torch.zeros(1),), "(tensor, tensor)", False),
        (torch.zeros(1), "(tensor, tensor) | tensor", True),
        (nn.Linear(2, 3), "module", True),
        (torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1), "optimizer", True),
        ((1, 2), "list", True),
    ],
)
def test_return_kinds(value: object, kind: str, ok: bool) -> None:
    assert matches(value, kind) is ok


def test_unknown_return_kinds_are_refused_when_declared() -> None:
    validate_kind("(int, int) | tensor")
    with pytest.raises(ValueError, match="strng"):
        validate_kind("strng")


def test_returned_values_are_described_by_kind() -> None:
    assert describe_value(None) == "None"
    assert describe_value((1, 2, 3)) == "tuple of 3"
    assert describe_value(torch.zeros(1)) == "Tensor"
    assert describe_value("x") == "str"


def test_a_value_of_the_wrong_kind_stops_the_probe() -> None:
    watched = WatchedFunction(lambda x: None, returns="tensor")
    with pytest.raises(WrongReturn) as caught:
        watched(torch.zeros(2))
    assert caught.value.returned == "None"
    # A BaseException: a probe catching Exception around the call lets it through.
    assert not isinstance(caught.value, Exception)


def test_a_changed_input_is_recorded_and_the_probes_tensor_is_untouched() -> None:
    def sgd_step(param, grad, lr):
        param -= lr * grad
        return param

    param, grad = torch.ones(3), torch.full((3,), 2.0)
    watched = WatchedFunction(sgd_step, returns="tensor")
    first = watched(param, grad, 0.5)
    second = watched(param, grad, 0.5)
    assert torch.equal(param, torch.ones(3))  # the probe's own tensor
    assert torch.equal(first, torch.zeros(3)) and torch.equal(second, torch.zeros(3))
    assert watched.conduct.mutated == ["param"]


def test_unchanged_inputs_and_views_of_them_are_not_mutations() -> None:
    watched = WatchedFunction(lambda x: x.transpose(0, 1), returns="tensor")
    x = torch.randn(2, 3)
    assert torch.equal(watched(x), x.T)
    assert watched.conduct.mutated == []


def test_a_transpose_in_place_is_a_change_even_when_values_look_the_same() -> None:
    watched = WatchedFunction(lambda x: x.t_(), returns="tensor")
    symmetric = torch.eye(3)
    watched(symmetric)
    assert watched.conduct.mutated == ["x"]
    assert symmetric.is_contiguous()


def test_inputs_perturbed_and_put_back_within_the_tolerance_are_unchanged() -> None:
    def nudge(x):
        x += 1e-3
        x -= 1e-3
        return x.sum()

    x = torch.randn(5, dtype=torch.float64)
    strict = WatchedFunction(nudge, returns="tensor")
    tolerant = WatchedFunction(nudge, returns="tensor", input_tolerance=(1e-12, 1e-12))
    strict(x)
    tolerant(x)
    assert tolerant.conduct.mutated == []
    assert strict.conduct.mutated in ([], ["x"])  # exact only if the rounding cancels


def test_gradients_still_reach_the_probes_leaf_through_the_copy() -> None:
    def loss(logits, target):
        target.unsqueeze_(1)  # changed in place and saved by gather for backward
        return -(logits - logits.logsumexp(1, keepdim=True)).gather(1, target).mean()

    logits = torch.randn(4, 3, requires_grad=True)
    target = torch.tensor([0, 2, 1, 1])
    watched = WatchedFunction(loss, returns="tensor")
    (grad,) = torch.autograd.grad(watched(logits, target), logits)
    assert grad.shape == (4, 3) and watched.conduct.mutated == ["target"]
    assert target.shape == (4,)


def test_parameters_are_handed_over_themselves_and_put_back() -> None:
    params = [nn.Parameter(torch.ones(2))]

    def make(ps, name):
        with torch.no_grad():
            ps[0].mul_(3)
        return torch.optim.SGD(ps, lr=0.1)

    optimizer = WatchedFunction(make, returns="optimizer")(params, "sgd")
    assert optimizer.param_groups[0]["params"][0] is params[0]
    assert torch.equal(params[0].detach(), torch.ones(2))


def test_forbidden_calls_are_recorded_by_their_public_name() -> None:
    watched = WatchedFunction(
        lambda x: (torch.softmax(x, -1) + x.softmax(-1) + nn.Softmax(-1)(x)) / 3,
        returns="tensor",
        forbidden=SOFTMAX_CALLS,
    )
    watched(torch.randn(2, 3))
    assert sorted(watched.conduct.forbidden) == sorted(SOFTMAX_CALLS)


def test_allowed_building_blocks_are_not_recorded() -> None:
    watched = WatchedFunction(
        lambda x: torch.exp(x - torch.logsumexp(x, -1, keepdim=True)),
        returns="tensor",
        forbidden=SOFTMAX_CALLS,
    )
    watched(torch.randn(2, 3))
    assert watched.conduct.forbidden == []


def test_forbidden_calls_are_only_recorded_inside_the_students_call() -> None:
    watched = WatchedFunction(lambda x: x * 2, returns="tensor", forbidden=SOFTMAX_CALLS)
    F.softmax(watched(torch.randn(2)), -1)  # the probe's own use of the library
    assert watched.conduct.forbidden == []


def test_names_of_calls() -> None:
    assert call_name(torch.autograd.grad) == "torch.autograd.grad"
    assert call_name(torch.Tensor.backward) == "torch.Tensor.backward"
    assert call_name(F.conv2d) == "torch.nn.functional.conv2d"


def test_bad_argument_calls_record_how_they_were_made_and_failed() -> None:
    def choose(task):
        if task not in ("a", "b"):
            raise ValueError(f"unknown task {task.lower()}")
        return nn.Identity()

    watched = WatchedFunction(choose, returns="module")
    assert observe_call(lambda: watched("Banana")) == ["ValueError", "unknown task banana"]
    assert watched.conduct.bad_calls == [
        {"call": "choose('Banana')", "error": "ValueError", "message": "unknown task banana"}
    ]
    with expecting_error():  # a bad call returning None is an answer, not a wrong return
        assert WatchedFunction(lambda t: None, returns="module")("x") is None


def test_the_first_exception_from_student_code_is_kept_with_its_line() -> None:
    def build():
        raise KeyError("width")

    watched = WatchedFunction(
        build, returns="module", describe_error=lambda exc: {"type": type(exc).__name__}
    )
    with pytest.raises(KeyError):
        watched()
    with watching(watched):
        note_exception(RuntimeError("later"))
    assert watched.conduct.raised == {"type": "KeyError"}
    assert watched.conduct.as_data()["raised"] == {"type": "KeyError"}


@pytest.mark.parametrize(
    "spelling",
    [
        lambda x: F.softmin(-x, -1),
        lambda x: torch.ops.aten.softmax.int(x, -1),
        lambda x: torch.ops.aten._softmax(x, -1, False),
        lambda x: torch.log_softmax(x, -1).exp(),
    ],
)
def test_the_kernel_is_caught_however_it_is_reached(spelling) -> None:
    watched = WatchedFunction(
        spelling,
        returns="tensor",
        forbidden=SOFTMAX_CALLS | {"aten::_softmax", "aten::_log_softmax"},
    )
    out = watched(torch.randn(2, 3))
    assert torch.allclose(out.sum(-1), torch.ones(2))
    assert {"aten::_softmax", "aten::_log_softmax"} & set(watched.conduct.forbidden)


def test_convolution_kernels_are_caught_behind_other_entry_points() -> None:
    x, w, b = torch.randn(1, 2, 5, 5), torch.randn(3, 2, 3, 3), torch.randn(3)
    for spelling in (
        lambda: torch.mkldnn_convolution(x, w, b, [0, 0], [1, 1], [1, 1], 1),
        lambda: torch.ops.aten.conv2d(x, w, b),
        lambda: torch._C._nn.thnn_conv2d(x, w, [3, 3], b, [1, 1], [0, 0]),
    ):
        names = frozenset(
            {"aten::convolution", "aten::mkldnn_convolution", "aten::_slow_conv2d_forward"}
        )
        watched = WatchedFunction(spelling, returns="tensor", forbidden=names)
        watched()
        assert watched.conduct.forbidden, spelling
    unfold = WatchedFunction(
        lambda: F.unfold(x, 3), returns="tensor", forbidden=frozenset({"aten::convolution"})
    )
    unfold()
    assert unfold.conduct.forbidden == []
