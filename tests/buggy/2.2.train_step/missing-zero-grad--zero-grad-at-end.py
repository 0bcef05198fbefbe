def train_step(model, loss_fn, optimizer, x, y):
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()  # at the end: the stale gradient was already used
    return loss.item()
