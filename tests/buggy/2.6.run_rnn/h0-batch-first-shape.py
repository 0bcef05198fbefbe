def run_rnn(rnn, x):
    n_dir = 2 if rnn.bidirectional else 1
    if rnn.batch_first:
        # batch first everywhere
        h0 = x.new_zeros(x.shape[0], rnn.num_layers * n_dir, rnn.hidden_size)
    else:
        h0 = x.new_zeros(rnn.num_layers * n_dir, x.shape[1], rnn.hidden_size)
    output, h_n = rnn(x, h0)
    return output, h_n
