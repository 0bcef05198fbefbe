"""Section 2.6: the references agree with nn.RNN / nn.RNNCell, other correct forms pass,
and the grader names mistakes written in other ways than the buggy samples."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s26_rnn"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"_test_{path.parent.name}_{MODULE}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IMPLEMENTATIONS = {
    "solutions": _load(ROOT / "solutions" / f"{MODULE}.py"),
    "variant": _load(ROOT / "tests" / "variants" / f"{MODULE}.py"),
}


# -- the references agree with torch -----------------------------------------
@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_h0_and_run_rnn_match_nn_rnn(impl, layers, bidirectional, batch_first) -> None:
    module = IMPLEMENTATIONS[impl]
    torch.manual_seed(layers + 2 * bidirectional + 4 * batch_first)
    batch, steps, features, hidden = 3, 5, 4, 6
    rnn = nn.RNN(
        features, hidden, layers, batch_first=batch_first, bidirectional=bidirectional
    ).double()
    shape = (batch, steps, features) if batch_first else (steps, batch, features)
    x = torch.randn(shape, dtype=torch.float64)
    before = x.clone()
    want_out, want_h = rnn(x)
    out, h_n = module.run_rnn(rnn, x)
    torch.testing.assert_close(out, want_out)
    torch.testing.assert_close(h_n, want_h)
    assert torch.equal(x, before)

    h0 = module.init_hidden(layers, batch, hidden, bidirectional=bidirectional)
    assert h0.dtype == torch.float32 and not h0.any()
    _, h_n0 = rnn.float()(x.float(), h0)
    assert h0.shape == h_n0.shape
    assert module.init_hidden(layers, batch, hidden, device="meta").device.type == "meta"
    with pytest.raises(ValueError, match="-4"):
        module.init_hidden(layers, -4, hidden)


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
def test_layout_helpers(impl) -> None:
    module = IMPLEMENTATIONS[impl]
    x = torch.randn(3, 5, 4)
    tm = module.to_time_major(x)
    assert tm.shape == (5, 3, 4)
    assert torch.equal(tm[2, 1], x[1, 2])

    rnn = nn.RNN(4, 6, batch_first=True)
    out, h_n = rnn(x)
    torch.testing.assert_close(module.last_step(out, True), h_n[0])
    out_tm, _ = nn.RNN(4, 6)(tm)
    assert module.last_step(out_tm, False).shape == (3, 6)
    torch.testing.assert_close(module.last_step(out_tm, False), out_tm[-1])


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn_cell_matches_nn_rnncell(impl, seed) -> None:
    torch.manual_seed(seed)
    batch, n_in, hidden = [(3, 4, 5), (6, 2, 3), (2, 7, 4)][seed]
    cell = nn.RNNCell(n_in, hidden)
    x, h = torch.randn(batch, n_in), torch.randn(batch, hidden)
    got = IMPLEMENTATIONS[impl].rnn_cell(
        x, h, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh
    )
    torch.testing.assert_close(got, cell(x, h))


# -- other correct ways earn full marks ---------------------------------------
OTHER_CORRECT = """
import torch
from torch import nn


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    for v in (num_layers, batch_size, hidden_size):
        if v <= 0:
            raise ValueError(v)
    d = 2 if bidirectional else 1
    return torch.zeros(num_layers, d, batch_size, hidden_size, device=device).flatten(0, 1)


def run_rnn(rnn, x):
    p = next(rnn.parameters())
    n = x.shape[0 if rnn.batch_first else 1]
    h0 = torch.zeros(rnn.num_layers * (1 + rnn.bidirectional), n, rnn.hidden_size,
                     dtype=p.dtype, device=p.device)
    return tuple(rnn.forward(x, h0))


def to_time_major(x):
    return torch.einsum("btf->tbf", x)


def last_step(output, batch_first):
    if batch_first:
        output = output.transpose(0, 1)
    return output[output.size(0) - 1]


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return torch.rnn_tanh_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh)
"""


def test_other_correct_forms_get_full_marks(grader) -> None:
    folder = grader.folder_with({f"{MODULE}.py": OTHER_CORRECT})
    report = grader.grade_dir(folder, ["2.6"])
    for result in report.exercises:
        if ".quiz." in result.id:
            continue
        assert result.status is Status.PASSED, f"{result.id}: {result.feedback}"


# -- other ways of writing the named mistakes ----------------------------------
OTHER_MISTAKES = [
    (
        "2.6.init_hidden",
        "h0-batch-first-shape",
        """
        import torch
        def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            return torch.zeros(batch_size, num_layers, hidden_size, device=device)
        """,
    ),
    (
        "2.6.init_hidden",
        "h0-random-init",
        """
        import torch
        def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            d = 2 if bidirectional else 1
            return torch.ones(num_layers * d, batch_size, hidden_size, device=device)
        """,
    ),
    (
        "2.6.init_hidden",
        "h0-wrong-device",
        """
        import torch
        def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            d = 2 if bidirectional else 1
            return torch.zeros(num_layers * d, batch_size, hidden_size, device=device).cpu()
        """,
    ),
    (
        "2.6.run_rnn",
        "h0-batch-first-shape",
        """
        import torch
        def run_rnn(rnn, x):
            d = 2 if rnn.bidirectional else 1
            b = x.size(0) if rnn.batch_first else x.size(1)
            h0 = torch.zeros(b, rnn.num_layers * d, rnn.hidden_size, dtype=x.dtype)
            return rnn(x, h0.to(x.device))
        """,
    ),
    (
        "2.6.run_rnn",
        "h0-wrong-device",
        """
        import torch
        def run_rnn(rnn, x):
            d = 2 if rnn.bidirectional else 1
            b = x.size(0) if rnn.batch_first else x.size(1)
            h0 = torch.zeros(rnn.num_layers * d, b, rnn.hidden_size, device=x.device)
            return rnn(x, h0)
        """,
    ),
    (
        "2.6.to_time_major",
        "view-instead-of-transpose",
        """
        def to_time_major(x):
            return x.contiguous().view(x.size(1), x.size(0), -1)
        """,
    ),
    (
        "2.6.last_step",
        "last-step-wrong-axis",
        """
        def last_step(output, batch_first):
            return output[:, -1, :]
        """,
    ),
    (
        "2.6.last_step",
        "last-step-wrong-axis",
        """
        def last_step(output, batch_first):
            return output[-1] if batch_first else output[:, -1]
        """,
    ),
    (
        "2.6.rnn_cell",
        "rnn-cell-weights-transposed",
        """
        import torch
        def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
            return torch.tanh(x_t @ w_ih + b_ih + h_prev @ w_hh + b_hh)
        """,
    ),
    (
        "2.6.rnn_cell",
        "rnn-cell-weights-transposed",
        """
        import torch
        def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
            return torch.tanh(torch.mm(x_t, w_ih) + torch.mm(h_prev, w_hh.T) + b_ih + b_hh)
        """,
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "mistake", "source"),
    OTHER_MISTAKES,
    ids=[f"{e}:{m}:{i}" for i, (e, m, _) in enumerate(OTHER_MISTAKES)],
)
def test_2_6_other_ways_of_a_mistake_are_named(
    grader, exercise_id: str, mistake: str, source: str, hidden: bool
) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id, hidden=hidden)
    assert result.score < result.max_score, result.feedback
    assert mistake in result.mistakes, result.feedback


UNNAMED_WRONG = [
    (
        "2.6.run_rnn",
        # implicit zeros: right values, but h0 is not passed explicitly
        """
        def run_rnn(rnn, x):
            return rnn(x)
        """,
    ),
    (
        "2.6.rnn_cell",
        """
        import torch
        def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
            return torch.sigmoid(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh)
        """,
    ),
    (
        "2.6.to_time_major",
        """
        def to_time_major(x):
            return x.transpose(1, 2)
        """,
    ),
]


@pytest.mark.parametrize(
    ("exercise_id", "source"), UNNAMED_WRONG, ids=[e for e, _ in UNNAMED_WRONG]
)
def test_2_6_other_wrong_answers_lose_points(grader, exercise_id: str, source: str) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id)
    assert result.score < result.max_score, result.feedback
    assert not result.mistakes, result.feedback


def test_implicit_h0_keeps_the_output_points(grader) -> None:
    source = "def run_rnn(rnn, x):\n    return rnn(x)\n"
    result = grader.grade_source(MODULE, source, "2.6.run_rnn")
    assert result.score == pytest.approx(0.75 * result.max_score), result.feedback
