def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    for value in (input_size, hidden_size, num_layers):
        if value <= 0:
            raise ValueError(f"expected a positive size, got {value}")
    dirs = 2 if bidirectional else 1
    total = 0
    in_size = input_size
    for _ in range(num_layers):
        per_direction = 4 * hidden_size * in_size + 4 * hidden_size * hidden_size + 4 * hidden_size
        total += dirs * per_direction
        in_size = hidden_size * dirs
    return total
