"""Hidden grader for section 2.7: cases and mutants."""

from __future__ import annotations

from pathlib import Path

import torch

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.7")


def _positive(*sizes: int) -> None:
    for size in sizes:
        if size <= 0:
            raise ValueError(f"sizes must be positive, got {size}")


def _bad_call(rng: Rng, args: list[int]) -> dict:
    """The same arguments with one of them made negative."""
    value = -rng.int(2, 9)
    bad = list(args)
    bad[rng.int(0, len(bad) - 1)] = value
    return {"args": bad, "value": value}


# -- init_lstm_state ---------------------------------------------------------
def _state(layers, batch, hidden, device=None, bidirectional=False, *, batch_first=False):
    _positive(layers, batch, hidden)
    stacked = layers * (2 if bidirectional else 1)
    shape = (batch, stacked, hidden) if batch_first else (stacked, batch, hidden)
    return torch.zeros(shape, device=device), torch.zeros(shape, device=device)


def _not_tuple(layers, batch, hidden, device=None, bidirectional=False):
    return _state(layers, batch, hidden, device, bidirectional)[0]  # h0 only, as for nn.RNN


def _shared_tensor(layers, batch, hidden, device=None, bidirectional=False):
    h0, _ = _state(layers, batch, hidden, device, bidirectional)
    return h0, h0


def _batch_first_shape(layers, batch, hidden, device=None, bidirectional=False):
    return _state(layers, batch, hidden, device, bidirectional, batch_first=True)


def _wrong_device(layers, batch, hidden, device=None, bidirectional=False):
    return _state(layers, batch, hidden, None, bidirectional)


def _state_case(rng: Rng, layers: int, bidirectional: bool) -> Case:
    stacked = layers * (2 if bidirectional else 1)
    batch, hidden = rng.py.sample(sorted(set(range(2, 12)) - {layers, stacked}), 2)
    return {
        "num_layers": layers,
        "batch_size": batch,
        "hidden_size": hidden,
        "bidirectional": bidirectional,
        "bad": _bad_call(rng, [layers, batch, hidden]),
    }


@GRADERS.cases(
    "init_lstm_state",
    mutants={
        "lstm-state-not-tuple": _not_tuple,
        "lstm-state-shared-tensor": _shared_tensor,
        "h0-batch-first-shape": _batch_first_shape,
        "h0-wrong-device": _wrong_device,
    },
    edge_cases=(
        lambda: _state_case(Rng(27), 1, True),  # one layer, two directions
        lambda: _state_case(Rng(72), 3, False),
    ),
)
def init_lstm_state_cases(rng: Rng) -> Case:
    return _state_case(rng, rng.int(1, 4), rng.choice([True, False]))


# -- lstm_cell ---------------------------------------------------------------
def _cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, *, order="ifgo", mistake=None):
    gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    parts = dict(zip(order, gates.chunk(4, dim=1)))
    i, f, o = (torch.sigmoid(parts[name]) for name in "ifo")
    g = torch.sigmoid(parts["g"]) if mistake == "candidate-sigmoid" else torch.tanh(parts["g"])
    c_t = f * c_prev + (g if mistake == "missing-input-gate" else i * g)
    h_t = o * c_t if mistake == "hidden-without-tanh" else o * torch.tanh(c_t)
    return h_t, c_t


def _cell_mutant(**options):
    def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
        return _cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, **options)

    return lstm_cell


def _cell_case(rng: Rng, scale: float = 1.0) -> Case:
    batch, n_in, hidden = rng.distinct(3, 2, 7)
    return {
        "x_t": rng.randn(batch, n_in) * 1.5 * scale,
        "h_prev": rng.rand(batch, hidden) * 1.8 - 0.9,
        "c_prev": rng.randn(batch, hidden) * 2 * scale,
        "w_ih": rng.randn(4 * hidden, n_in) * 0.8,
        "w_hh": rng.randn(4 * hidden, hidden) * 0.8,
        "b_ih": rng.randn(4 * hidden) * 0.5,
        "b_hh": rng.randn(4 * hidden) * 0.5,
    }


@GRADERS.cases(
    "lstm_cell",
    mutants={
        # The commonest wrong order: the three sigmoid gates first, the candidate last.
        "lstm-gate-order": _cell_mutant(order="ifog"),
        "lstm-candidate-sigmoid": _cell_mutant(mistake="candidate-sigmoid"),
        "lstm-hidden-without-tanh": _cell_mutant(mistake="hidden-without-tanh"),
        "lstm-missing-input-gate": _cell_mutant(mistake="missing-input-gate"),
    },
    edge_cases=(lambda: _cell_case(Rng(2027), scale=2.5),),  # a large cell state
)
def lstm_cell_cases(rng: Rng) -> Case:
    return _cell_case(rng)


# -- lstm_num_parameters -----------------------------------------------------
def _count(n_in, hidden, num_layers=1, bidirectional=False, *, biases=2, same_input=False):
    _positive(n_in, hidden, num_layers)
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_in = n_in if layer == 0 or same_input else hidden * directions
        total += directions * (4 * hidden * (layer_in + hidden) + biases * 4 * hidden)
    return total


def _one_bias(input_size, hidden_size, num_layers=1, bidirectional=False):
    return _count(input_size, hidden_size, num_layers, bidirectional, biases=1)


def _layer_input(input_size, hidden_size, num_layers=1, bidirectional=False):
    return _count(input_size, hidden_size, num_layers, bidirectional, same_input=True)


@GRADERS.cases(
    "lstm_num_parameters",
    mutants={"lstm-params-one-bias": _one_bias, "lstm-params-layer-input": _layer_input},
)
def lstm_num_parameters_cases(rng: Rng) -> Case:
    hidden = rng.int(2, 12)
    n_in = rng.choice(sorted(set(range(2, 25)) - {hidden, 2 * hidden}))
    layers = rng.int(2, 4)
    return {
        "input_size": n_in,
        "hidden_size": hidden,
        "num_layers": layers,
        "bad": _bad_call(rng, [n_in, hidden, layers]),
    }


# -- quiz explanations (zh and en) in explanations/s27_lstm.yml ---------------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s27_lstm.yml")
