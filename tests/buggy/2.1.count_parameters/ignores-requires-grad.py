def count_parameters(model, trainable_only=True):
    total = 0
    for p in model.parameters():
        total += p.numel()
    return total
