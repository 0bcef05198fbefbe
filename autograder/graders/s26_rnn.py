"""Hidden grader for section 2.6: cases and mutants."""

from __future__ import annotations

from pathlib import Path

import torch

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.6")


def _sizes(rng: Rng, count: int, exclude: set[int], lo: int = 2, hi: int = 9) -> list[int]:
    """``count`` different sizes in [lo, hi], none of them in ``exclude``."""
    return rng.py.sample([n for n in range(lo, hi + 1) if n not in exclude], count)


# -- init_hidden -------------------------------------------------------------
def _check_sizes(*sizes: int) -> None:
    for size in sizes:
        if size <= 0:
            raise ValueError(f"sizes must be positive, got {size}")


def _h0(shape_of, *, random=False, use_device=True):
    def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
        _check_sizes(num_layers, batch_size, hidden_size)
        shape = shape_of(
            num_layers * (2 if bidirectional else 1), num_layers, batch_size, hidden_size
        )
        where = device if use_device else None
        if random:
            return torch.rand(*shape, device=where)  # not zeros (almost surely)
        return torch.zeros(*shape, device=where)

    return init_hidden


@GRADERS.cases(
    "init_hidden",
    mutants={
        "h0-batch-first-shape": _h0(lambda ld, layers, batch, hidden: (batch, ld, hidden)),
        "h0-missing-layers-dim": _h0(lambda ld, layers, batch, hidden: (batch, hidden)),
        "h0-wrong-device": _h0(
            lambda ld, layers, batch, hidden: (ld, batch, hidden), use_device=False
        ),
        "h0-ignores-bidirectional": _h0(lambda ld, layers, batch, hidden: (layers, batch, hidden)),
        "h0-random-init": _h0(lambda ld, layers, batch, hidden: (ld, batch, hidden), random=True),
    },
)
def init_hidden_cases(rng: Rng) -> Case:
    layers = rng.int(1, 3)
    batch, hidden = _sizes(rng, 2, {layers, 2 * layers})
    return {
        "num_layers": layers,
        "batch_size": batch,
        "hidden_size": hidden,
        "bidirectional": rng.choice([True, False]),
        "bad": {"position": rng.int(0, 2), "value": -rng.int(1, 9)},
    }


# -- run_rnn -----------------------------------------------------------------
def _run(rnn, x, *, batch_first_layout=False, like_x=True):
    batch = x.size(0) if rnn.batch_first else x.size(1)
    stacked = rnn.num_layers * (2 if rnn.bidirectional else 1)
    shape = (batch, stacked, rnn.hidden_size)
    if not (batch_first_layout and rnn.batch_first):
        shape = (stacked, batch, rnn.hidden_size)
    where = {"device": x.device, "dtype": x.dtype} if like_x else {}
    return rnn(x, torch.zeros(shape, **where))


def _h0_batch_first_shape(rnn, x):
    return _run(rnn, x, batch_first_layout=True)


def _h0_wrong_device(rnn, x):
    return _run(rnn, x, like_x=False)


@GRADERS.cases(
    "run_rnn",
    mutants={"h0-batch-first-shape": _h0_batch_first_shape, "h0-wrong-device": _h0_wrong_device},
)
def run_rnn_cases(rng: Rng) -> Case:
    layers = rng.int(1, 2)
    bidirectional = rng.choice([True, False])
    stacked = layers * (2 if bidirectional else 1)
    batch, steps, features, hidden = _sizes(rng, 4, {stacked})
    return {
        "input_size": features,
        "hidden_size": hidden,
        "num_layers": layers,
        "bidirectional": bidirectional,
        "x": rng.randn(batch, steps, features, dtype=torch.float64),
    }


# -- to_time_major -----------------------------------------------------------
def _view_instead_of_transpose(x):
    batch, steps, features = x.shape
    return x.view(steps, batch, features)


@GRADERS.cases("to_time_major", mutants={"view-instead-of-transpose": _view_instead_of_transpose})
def to_time_major_cases(rng: Rng) -> Case:
    batch, steps, features = rng.distinct(3, 2, 9)
    return {"x": rng.randn(batch, steps, features)}


# -- last_step ---------------------------------------------------------------
def _last_step_wrong_axis(output, batch_first):
    return output[-1] if batch_first else output[:, -1]


def _last_step_case(rng: Rng, batch_first: bool) -> Case:
    batch, steps, hidden = rng.distinct(3, 2, 9)
    shape = (batch, steps, hidden) if batch_first else (steps, batch, hidden)
    return {"batch_first": batch_first, "output": rng.randn(*shape)}


@GRADERS.cases(
    "last_step",
    mutants={"last-step-wrong-axis": _last_step_wrong_axis},
    # Both layouts in every run (hidden and public), whatever the random cases drew.
    edge_cases=(
        lambda: _last_step_case(Rng(2601), True),
        lambda: _last_step_case(Rng(2602), False),
    ),
)
def last_step_cases(rng: Rng) -> Case:
    return _last_step_case(rng, rng.choice([True, False]))


# -- rnn_cell ----------------------------------------------------------------
def _rnn_cell_no_tanh(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh


def _rnn_cell_weights_transposed(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return torch.tanh(x_t @ w_ih + b_ih + h_prev @ w_hh + b_hh)


def _cell_case(rng: Rng, batch: int, n_in: int, hidden: int, symmetric_w_ih: bool = False) -> Case:
    w_ih = rng.randn(hidden, n_in) * 0.6
    if symmetric_w_ih:
        w_ih = (w_ih + w_ih.T) / 2
    return {
        "x_t": rng.randn(batch, n_in),
        "h_prev": rng.randn(batch, hidden) * 0.8,
        "w_ih": w_ih,
        "w_hh": rng.randn(hidden, hidden) * 0.6,
        "b_ih": rng.randn(hidden) * 0.5,
        "b_hh": rng.randn(hidden) * 0.5,
    }


def _square_cell_case() -> Case:
    """input_size == hidden_size and a symmetric W_ih: only a transposed W_hh shows."""
    return _cell_case(Rng(2603), 3, 6, 6, symmetric_w_ih=True)


@GRADERS.cases(
    "rnn_cell",
    mutants={
        "rnn-cell-no-tanh": _rnn_cell_no_tanh,
        "rnn-cell-weights-transposed": _rnn_cell_weights_transposed,
    },
    edge_cases=(_square_cell_case,),
)
def rnn_cell_cases(rng: Rng) -> Case:
    batch, n_in, hidden = rng.distinct(3, 2, 9)
    return _cell_case(rng, batch, n_in, hidden)


# -- quiz explanations (zh and en) in explanations/s26_rnn.yml ----------------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s26_rnn.yml")
