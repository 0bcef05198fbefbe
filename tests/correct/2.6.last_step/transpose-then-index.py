def last_step(output, batch_first):
    if batch_first:
        output = output.transpose(0, 1)
    return output[output.size(0) - 1]
