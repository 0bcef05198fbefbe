"""Reference solutions for section 2.6: recurrent networks."""

from __future__ import annotations

import torch
from torch import Tensor, nn


def init_hidden(
    num_layers: int,
    batch_size: int,
    hidden_size: int,
    device: torch.device | str | None = None,
    bidirectional: bool = False,
) -> Tensor:
    for name, size in (
        ("num_layers", num_layers),
        ("batch_size", batch_size),
        ("hidden_size", hidden_size),
    ):
        if size <= 0:
            raise ValueError(f"{name} must be positive, got {size}")
    directions = 2 if bidirectional else 1
    return torch.zeros(num_layers * directions, batch_size, hidden_size, device=device)


def run_rnn(rnn: nn.RNN, x: Tensor) -> tuple[Tensor, Tensor]:
    batch = x.size(0) if rnn.batch_first else x.size(1)
    directions = 2 if rnn.bidirectional else 1
    h0 = torch.zeros(
        rnn.num_layers * directions, batch, rnn.hidden_size, device=x.device, dtype=x.dtype
    )
    output, h_n = rnn(x, h0)
    return output, h_n


def to_time_major(x: Tensor) -> Tensor:
    return x.transpose(0, 1)


def last_step(output: Tensor, batch_first: bool) -> Tensor:
    return output[:, -1] if batch_first else output[-1]


def rnn_cell(
    x_t: Tensor, h_prev: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor
) -> Tensor:
    return torch.tanh(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh)


QUIZ = {
    "q1": 960,
    "q2": "B",
    "q3": ["A", "B", "D"],
    "q4": "A",
    "q5": ["A", "B", "E"],
}
