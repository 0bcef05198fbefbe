def train_step(model, loss_fn, optimizer, x, y):
    for p in model.parameters():
        p.grad = None
    loss = loss_fn(model(x), y)
    value = loss.item()
    loss.backward()
    optimizer.step()
    return value
