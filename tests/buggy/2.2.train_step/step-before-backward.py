def train_step(model, loss_fn, optimizer, x, y):
    optimizer.zero_grad(set_to_none=False)
    output = model(x)
    loss = loss_fn(output, y)
    optimizer.step()
    loss.backward()
    return loss.item()
