"""Reference solutions for section 2.7: LSTM."""

from __future__ import annotations

import torch
from torch import Tensor


def _check_positive(**sizes: int) -> None:
    for name, size in sizes.items():
        if size <= 0:
            raise ValueError(f"{name} must be positive, got {size}")


def init_lstm_state(
    num_layers: int,
    batch_size: int,
    hidden_size: int,
    device: torch.device | str | None = None,
    bidirectional: bool = False,
) -> tuple[Tensor, Tensor]:
    _check_positive(num_layers=num_layers, batch_size=batch_size, hidden_size=hidden_size)
    shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
    return torch.zeros(shape, device=device), torch.zeros(shape, device=device)


def lstm_cell(
    x_t: Tensor,
    h_prev: Tensor,
    c_prev: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
) -> tuple[Tensor, Tensor]:
    gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=-1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    h_t = torch.sigmoid(o) * torch.tanh(c_t)
    return h_t, c_t


def lstm_num_parameters(
    input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False
) -> int:
    _check_positive(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers)
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        # W_ih (4H, in), W_hh (4H, H), b_ih (4H,), b_hh (4H,), for each direction
        total += directions * (4 * hidden_size * (layer_input + hidden_size) + 8 * hidden_size)
    return total


QUIZ = {"q1": "B", "q2": ["A", "C"], "q3": "B", "q4": "B", "q5": 5920}
