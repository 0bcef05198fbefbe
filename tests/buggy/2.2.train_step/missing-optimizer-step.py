def train_step(model, loss_fn, optimizer, x, y):
    model.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    return loss.item()
