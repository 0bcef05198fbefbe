def train_step(model, loss_fn, optimizer, x, y):
    optimizer.zero_grad(set_to_none=False)
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return float(loss)
