# feedback: ✗ last_step changed tensors passed in: `output` (
def last_step(output, batch_first):
    if batch_first:
        output.transpose_(0, 1)  # (seq, batch, hidden) from here on
    return output[-1]
