def train_step(model, loss_fn, optimizer, x, y):
    model.train()
    out = model(x)
    loss = loss_fn(out, y)
    loss.backward()
    optimizer.step()
    return float(loss)
