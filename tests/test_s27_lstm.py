"""Section 2.7: the references (and the independent variant) agree with nn.LSTMCell and
nn.LSTM, and the exercise stubs are not attempted. The sample submissions, every wrong gate
order among them, are checked in test_sections.py."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s27_lstm"


# -- the references agree with torch -----------------------------------------
@pytest.mark.parametrize(("batch", "n_in", "hidden", "seed"), [(3, 5, 4, 0), (1, 2, 7, 1)])
def test_lstm_cell_matches_nn_lstmcell(impl, batch, n_in, hidden, seed) -> None:
    g = torch.Generator().manual_seed(seed)
    cell = nn.LSTMCell(n_in, hidden)
    with torch.no_grad():
        for p in cell.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
    x = torch.randn(batch, n_in, generator=g) * 2
    h = torch.randn(batch, hidden, generator=g)
    c = torch.randn(batch, hidden, generator=g) * 3
    inputs = (x, h, c, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    before = [t.detach().clone() for t in inputs]
    with torch.no_grad():
        h_t, c_t = impl.lstm_cell(*inputs)
        want_h, want_c = cell(x, (h, c))
    torch.testing.assert_close(h_t, want_h)
    torch.testing.assert_close(c_t, want_c)
    assert all(torch.equal(a.detach(), b) for a, b in zip(inputs, before))


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_init_lstm_state_feeds_nn_lstm(impl, bidirectional, batch_first) -> None:
    lstm = nn.LSTM(3, 5, num_layers=2, bidirectional=bidirectional, batch_first=batch_first)
    x = torch.randn((4, 6, 3) if batch_first else (6, 4, 3))
    h0, c0 = impl.init_lstm_state(2, 4, 5, bidirectional=bidirectional)
    assert h0.shape == c0.shape == (2 * (2 if bidirectional else 1), 4, 5)
    assert h0.dtype == c0.dtype == torch.float32 and not h0.any() and not c0.any()
    out, (h_n, c_n) = lstm(x, (h0, c0))
    assert out.shape[-1] == 5 * (2 if bidirectional else 1)
    assert h_n.shape == c_n.shape == h0.shape
    h0.add_(1)
    assert not c0.any(), "h0 and c0 share memory"
    meta = impl.init_lstm_state(1, 2, 3, device=torch.device("meta"))
    assert all(t.device.type == "meta" for t in meta)
    with pytest.raises(ValueError, match="-4"):
        impl.init_lstm_state(2, -4, 5)


def test_lstm_num_parameters_matches_nn_lstm(impl) -> None:
    for n_in, hidden, layers, bidirectional in itertools.product(
        (1, 7), (3, 10), (1, 2, 3), (False, True)
    ):
        lstm = nn.LSTM(n_in, hidden, num_layers=layers, bidirectional=bidirectional, device="meta")
        want = sum(p.numel() for p in lstm.parameters())
        got = impl.lstm_num_parameters(n_in, hidden, layers, bidirectional)
        assert type(got) is int and got == want, (n_in, hidden, layers, bidirectional)
    assert impl.lstm_num_parameters(10, 20, num_layers=2) == 5920  # quiz q5
    with pytest.raises(ValueError, match="-3"):
        impl.lstm_num_parameters(4, 5, num_layers=-3)


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.7"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback


# -- judgement happens in the grader: patching this package or torch gains nothing ----
WRONG = """\
import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
    h0 = torch.zeros(shape, device=device)
    return h0, h0.view_as(h0)  # shared memory, no argument checks


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    i, f, g, o = (x_t @ w_ih.t() + h_prev @ w_hh.t() + b_ih + b_hh).chunk(4, dim=1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    h_t = torch.sigmoid(o) * torch.tanh(c_t)
    x_t.zero_()  # changes its input
    return h_t, c_t


def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    d = 2 if bidirectional else 1
    return sum(
        d * (4 * hidden_size * ((input_size if n == 0 else d * hidden_size) + hidden_size + 2))
        for n in range(num_layers)
    )  # no argument checks
"""

# The helpers that used to judge in the student's process, and what they judge with.
PATCHES = """\
import torch as _torch
import autograder.catalogue.s27_lstm as _c
import autograder.spec.rules as _judge
import autograder.probing.probe_tools as _tools
_tools.unchanged = lambda *a, **k: True
for _m in (_c, _judge):
    _m.same_tensors = lambda *a, **k: True
    _m.bad_argument_verdict = lambda *a, **k: "ValueError naming the value"
_c._separate = lambda *a, **k: True
_c._gates_misplaced = lambda *a, **k: False
_torch.Tensor.add_ = lambda self, *a, **k: self  # writing into h0 does nothing
_torch.equal = lambda *a, **k: True
"""


def _passed(result) -> set[str]:
    return {c.name for c in result.checks if c.passed}


def test_patching_the_probe_helpers_gains_nothing(grader) -> None:
    """Each function is wrong only in what the probe observes: it keeps its points and a
    diagnosis fails, or (lstm_cell, which changes an input) every check passes and the
    watcher's mutates-input costs its share; patching gains neither points nor a passed
    check."""
    honest = grader.grade_dir(grader.folder_with({f"{MODULE}.py": WRONG}), ["2.7"])
    cheating = grader.grade_dir(grader.folder_with({f"{MODULE}.py": PATCHES + WRONG}), ["2.7"])
    for result in honest.exercises:
        if ".quiz." not in result.id:
            if result.id == "2.7.lstm_cell":
                assert all(c.passed for c in result.checks), result.feedback
                assert result.mistakes == ("mutates-input",), result.feedback
                assert result.score == pytest.approx(0.75 * result.max_score), result.feedback
            else:
                assert result.full_marks, result.feedback
                assert any(not c.passed for c in result.checks), result.id
            cheated = cheating.result(result.id)
            assert cheated.score <= result.score, result.id
            assert _passed(cheated) <= _passed(result), cheated.feedback
