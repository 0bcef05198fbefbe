import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if min(num_layers, batch_size, hidden_size) <= 0:
        raise ValueError(f"bad size: {num_layers}, {batch_size}, {hidden_size}")
    num_directions = 2 if bidirectional else 1
    # my RNN uses batch_first=True, so the batch goes first here too
    return torch.zeros(batch_size, num_layers * num_directions, hidden_size, device=device)
