"""Section 2.6: the references (and the independent variant) agree with nn.RNN / nn.RNNCell,
and what the probe only observes (an implicit h0, an input changed in place) is diagnosed but
never costs or earns points. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch import nn

MODULE = "s26_rnn"
TESTS = Path(__file__).resolve().parent


# -- the references agree with torch -----------------------------------------
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_h0_and_run_rnn_match_nn_rnn(impl, layers, bidirectional, batch_first) -> None:
    torch.manual_seed(layers + 2 * bidirectional + 4 * batch_first)
    batch, steps, features, hidden = 3, 5, 4, 6
    rnn = nn.RNN(
        features, hidden, layers, batch_first=batch_first, bidirectional=bidirectional
    ).double()
    shape = (batch, steps, features) if batch_first else (steps, batch, features)
    x = torch.randn(shape, dtype=torch.float64)
    before = x.clone()
    want_out, want_h = rnn(x)
    out, h_n = impl.run_rnn(rnn, x)
    torch.testing.assert_close(out, want_out)
    torch.testing.assert_close(h_n, want_h)
    assert torch.equal(x, before)

    h0 = impl.init_hidden(layers, batch, hidden, bidirectional=bidirectional)
    assert h0.dtype == torch.float32 and not h0.any()
    _, h_n0 = rnn.float()(x.float(), h0)
    assert h0.shape == h_n0.shape
    assert impl.init_hidden(layers, batch, hidden, device="meta").device.type == "meta"
    with pytest.raises(ValueError, match="-4"):
        impl.init_hidden(layers, -4, hidden)


def test_layout_helpers(impl) -> None:
    x = torch.randn(3, 5, 4)
    tm = impl.to_time_major(x)
    assert tm.shape == (5, 3, 4)
    assert torch.equal(tm[2, 1], x[1, 2])

    rnn = nn.RNN(4, 6, batch_first=True)
    out, h_n = rnn(x)
    torch.testing.assert_close(impl.last_step(out, True), h_n[0])
    out_tm, _ = nn.RNN(4, 6)(tm)
    assert impl.last_step(out_tm, False).shape == (3, 6)
    torch.testing.assert_close(impl.last_step(out_tm, False), out_tm[-1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn_cell_matches_nn_rnncell(impl, seed) -> None:
    torch.manual_seed(seed)
    batch, n_in, hidden = [(3, 4, 5), (6, 2, 3), (2, 7, 4)][seed]
    cell = nn.RNNCell(n_in, hidden)
    x, h = torch.randn(batch, n_in), torch.randn(batch, hidden)
    got = impl.rnn_cell(x, h, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    torch.testing.assert_close(got, cell(x, h))


def _failed_checks(result) -> set[str]:
    return {c.name for c in result.checks if not c.passed}


EXPLICIT_H0 = "passes an explicit zero h0 of the right shape, on x's device with x's dtype"


def test_implicit_h0_keeps_the_points_and_is_diagnosed(grader) -> None:
    """An implicit h0 gives nn.RNN's own zeros: the values are right, so only the diagnosis
    on the h0 the RNN received fails, and it names no mistake."""
    source = "def run_rnn(rnn, x):\n    return rnn(x)\n"
    for hidden in (True, False):
        result = grader.grade_source(MODULE, source, "2.6.run_rnn", hidden=hidden)
        assert result.full_marks, result.feedback
        assert _failed_checks(result) == {EXPLICIT_H0}, result.feedback
        assert not result.mistakes, result.feedback


META_RUN = "also runs with the RNN and x on another device (meta): h0 on x's device with x's dtype"


def test_h0_on_the_default_device_costs_points_on_every_machine(grader) -> None:
    """An h0 with x's dtype but made on the default device runs fine where x is there (a
    CPU-only grader); the run on the meta device refuses it, and that run is a result."""
    source = (TESTS / "buggy" / "2.6.run_rnn" / "h0-wrong-device--dtype-only.py").read_text()
    for hidden in (True, False):
        result = grader.grade_source(MODULE, source, "2.6.run_rnn", hidden=hidden)
        failed_scored = {c.name for c in result.checks if not c.passed and c.max_points > 0}
        assert failed_scored == {META_RUN}, result.feedback
        assert result.mistakes == ("h0-wrong-device",), result.feedback


# -- patching torch or the probe module gains nothing ---------------------------
# Wrong answers, each with patches that would have fooled a probe judging in the
# student's process: the judging helpers of the probe module, the probe tools, and
# the torch functions they used. The judgements are made in the grader now.
CHEATS = """\
import torch as _torch
import autograder.catalogue.s26_rnn as _probe
import autograder.spec.rules as _judge
import autograder.probing.probe_tools as _tools
_true = _torch.tensor(True)
_torch.equal = lambda *args, **kwargs: True
_torch.Tensor.all = lambda self, *args, **kwargs: _true
_torch.Tensor.__eq__ = lambda self, other: _torch.ones_like(self, dtype=_torch.bool)
_tools.unchanged = lambda *args, **kwargs: True
_probe._stayed_on_meta = lambda *args, **kwargs: True
_probe._all_zero = lambda *args, **kwargs: True
_probe._h0_label = lambda *args, **kwargs: "x's device and dtype"
for _where in (_judge, _probe):
    _where.bad_argument_verdict = lambda *args, **kwargs: "ValueError naming the value"
    _where.same_tensors = lambda *args, **kwargs: True
"""

WRONG = {
    "2.6.init_hidden": """
import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    return torch.ones(num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
""",
    "2.6.run_rnn": """
def run_rnn(rnn, x):
    return rnn(x)
""",
    "2.6.to_time_major": """
import torch


def to_time_major(x):
    out = x.transpose(0, 1).clone()
    x.mul_(2)
    return out
""",
    "2.6.rnn_cell": """
import torch


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    h_t = torch.tanh(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh)
    h_prev.zero_()
    return h_t
""",
}


def _passed_checks(result) -> set[str]:
    return {c.name for c in result.checks if c.passed}


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_patching_the_probe_module_gains_nothing(grader, exercise_id) -> None:
    """Neither points nor a passed check, diagnoses included."""
    honest = grader.grade_source(MODULE, WRONG[exercise_id], exercise_id)
    cheating = grader.grade_source(MODULE, CHEATS + WRONG[exercise_id], exercise_id)
    assert _failed_checks(honest) or "mutates-input" in honest.mistakes, honest.feedback
    assert cheating.score <= honest.score, cheating.feedback
    assert _passed_checks(cheating) <= _passed_checks(honest), cheating.feedback


@pytest.mark.parametrize("exercise_id", ["2.6.to_time_major", "2.6.rnn_cell"])
def test_changing_an_input_costs_the_mutates_input_share(grader, exercise_id) -> None:
    """The watcher puts a changed input back and judges the values as returned: every check
    passes, and the change is named mutates-input and costs keeps_inputs.cost."""
    result = grader.grade_source(MODULE, WRONG[exercise_id], exercise_id)
    assert not _failed_checks(result), result.feedback
    assert result.mistakes == ("mutates-input",), result.feedback
    assert result.score == pytest.approx(0.75 * result.max_score), result.feedback
