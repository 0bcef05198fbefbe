def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    if input_size <= 0 or hidden_size <= 0 or num_layers <= 0:
        raise ValueError(f"bad size: {input_size}, {hidden_size}, {num_layers}")
    num_directions = 2 if bidirectional else 1
    one_layer = 4 * (hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size)
    return one_layer * num_layers * num_directions
