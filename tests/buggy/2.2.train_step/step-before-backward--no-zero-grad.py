def train_step(model, loss_fn, optimizer, x, y):
    loss = loss_fn(model(x), y)
    optimizer.step()
    loss.backward()
    return loss.item()
