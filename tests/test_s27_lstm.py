"""Section 2.7: the references agree with nn.LSTMCell and nn.LSTM, more correct variants
pass, and every wrong gate order is named."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest
import torch
from torch import nn

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s27_lstm"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"s27_under_test_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["solutions", "variants"])
def impl(request):
    folder = ROOT / "solutions" if request.param == "solutions" else ROOT / "tests" / "variants"
    return _load(folder / f"{MODULE}.py")


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


# -- other correct ways of writing them get full marks -----------------------
CORRECT = {
    "2.7.init_lstm_state": [
        # a list is accepted: nn.LSTM takes one
        """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            if min(num_layers, batch_size, hidden_size) <= 0:
                raise ValueError(f"bad size in {num_layers, batch_size, hidden_size}")
            shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
            return [torch.zeros(shape, device=device), torch.zeros(shape, device=device)]
        """,
        # two views of one buffer that do not overlap
        """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            for v in (num_layers, batch_size, hidden_size):
                if v <= 0:
                    raise ValueError(v)
            d = 2 if bidirectional else 1
            h0, c0 = torch.zeros(2, num_layers * d, batch_size, hidden_size).to(device).unbind(0)
            return h0, c0
        """,
        """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            if num_layers < 1 or batch_size < 1 or hidden_size < 1:
                raise ValueError("sizes: %d %d %d" % (num_layers, batch_size, hidden_size))
            dev = torch.device("cpu") if device is None else torch.device(device)
            h0 = torch.empty(num_layers * (1 + bidirectional), batch_size, hidden_size, device=dev)
            h0.zero_()
            return h0, h0.clone()
        """,
    ],
    "2.7.lstm_cell": [
        # one matrix product on [x, h]
        """
        import torch
        def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
            z = torch.cat([x_t, h_prev], dim=1) @ torch.cat([w_ih, w_hh], dim=1).T + (b_ih + b_hh)
            H = c_prev.shape[-1]
            i = torch.sigmoid(z[:, :H])
            f = torch.sigmoid(z[:, H:2 * H])
            g = torch.tanh(z[:, 2 * H:3 * H])
            o = torch.sigmoid(z[:, 3 * H:])
            c = f * c_prev + i * g
            return o * torch.tanh(c), c
        """,
        # the torch kernel itself
        """
        import torch
        def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
            h, c = torch.lstm_cell(x_t, (h_prev, c_prev), w_ih, w_hh, b_ih, b_hh)
            return h, c
        """,
        # gates reshaped to (B, 4, H), float64 inside
        """
        import torch
        def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
            B, H = h_prev.shape
            z = (x_t.double() @ w_ih.double().T + h_prev.double() @ w_hh.double().T
                 + b_ih.double() + b_hh.double()).view(B, 4, H)
            gate = torch.sigmoid(z)
            c = gate[:, 1] * c_prev.double() + gate[:, 0] * torch.tanh(z[:, 2])
            h = gate[:, 3] * torch.tanh(c)
            return h.float(), c.float()
        """,
    ],
    "2.7.lstm_num_parameters": [
        # count an nn.LSTM built on the meta device
        """
        from torch import nn
        def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
            for v in (input_size, hidden_size, num_layers):
                if v <= 0:
                    raise ValueError(f"not positive: {v}")
            lstm = nn.LSTM(input_size, hidden_size, num_layers=num_layers,
                           bidirectional=bidirectional, device="meta")
            return sum(p.numel() for p in lstm.parameters())
        """,
    ],
}

WRONG = {
    # not one of the named mistakes, but still wrong
    "2.7.init_lstm_state": """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            shape = (num_layers, batch_size, hidden_size)  # ignores bidirectional
            return torch.zeros(shape, device=device), torch.zeros(shape, device=device)
        """,
    "2.7.lstm_cell": """
        import torch
        def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
            i, f, g, o = (x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh).chunk(4, 1)
            c = c_prev + torch.sigmoid(i) * torch.tanh(g)  # no forget gate
            return torch.sigmoid(o) * torch.tanh(c), c
        """,
    "2.7.lstm_num_parameters": """
        def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
            d = 2 if bidirectional else 1
            total = 0
            for layer in range(num_layers):
                width = input_size if layer == 0 else hidden_size  # forgets the directions
                total += d * (4 * hidden_size * (width + hidden_size) + 8 * hidden_size)
            return total
        """,
}

_CELL = """
import torch
def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    blocks = (x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh).chunk(4, dim=1)
    gate = dict(zip({order!r}, blocks))
    i, f, o = torch.sigmoid(gate["i"]), torch.sigmoid(gate["f"]), torch.sigmoid(gate["o"])
    g = torch.{candidate}(gate["g"])
    c = f * c_prev + i * g
    return o * torch.tanh(c), c
"""

# more ways of making a named mistake (besides tests/buggy), sometimes with a second slip
NAMED = [
    *[
        ("2.7.lstm_cell", "lstm-gate-order", _CELL.format(order="".join(p), candidate="tanh"))
        for p in itertools.permutations("ifgo")
        if p != tuple("ifgo")
    ],
    (
        "2.7.lstm_cell",
        "lstm-gate-order",
        _CELL.format(order="ifog", candidate="sigmoid"),
    ),
    (
        "2.7.lstm_cell",
        "lstm-candidate-sigmoid",
        _CELL.format(order="ifgo", candidate="sigmoid"),
    ),
    (
        "2.7.init_lstm_state",
        "lstm-state-not-tuple",
        """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            d = 2 if bidirectional else 1
            return torch.zeros(num_layers * d, batch_size, hidden_size, device=device)
        """,
    ),
    (
        "2.7.init_lstm_state",
        "lstm-state-shared-tensor",
        """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            h0 = torch.zeros(num_layers * (2 if bidirectional else 1), batch_size, hidden_size,
                             device=device)
            return h0, h0.view_as(h0)
        """,
    ),
    (
        "2.7.init_lstm_state",
        "h0-wrong-device",
        """
        import torch
        def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
            shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
            return torch.zeros(shape), torch.zeros(shape)
        """,
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "mistake", "source"),
    NAMED,
    ids=[f"{e}:{m}#{i}" for i, (e, m, _) in enumerate(NAMED)],
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
def test_other_wrong_answers_lose_points_unnamed(grader, exercise_id, source) -> None:
    result = grader.grade_source(MODULE, source, exercise_id)
    assert result.score < result.max_score, result.feedback
    assert not result.mistakes, result.feedback


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.7"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback
