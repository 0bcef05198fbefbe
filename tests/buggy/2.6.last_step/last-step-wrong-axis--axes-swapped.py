def last_step(output, batch_first):
    return output[-1] if batch_first else output[:, -1]
