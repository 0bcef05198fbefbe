def last_step(output, batch_first):
    return output[:, -1, :]
