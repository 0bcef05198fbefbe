def train_step(model, loss_fn, optimizer, x, y):
    out = model(x)
    optimizer.zero_grad()
    loss = loss_fn(out, y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()
