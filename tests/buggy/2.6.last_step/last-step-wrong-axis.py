def last_step(output, batch_first):
    # the last output of the RNN
    return output[-1]
