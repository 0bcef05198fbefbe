# feedback: ✗ train_step changed tensors passed in: `y` (
def train_step(model, loss_fn, optimizer, x, y):
    optimizer.zero_grad()
    out = model(x)
    loss = loss_fn(out, y)
    loss.backward()
    optimizer.step()
    y.sub_(out.detach())  # keep the residuals, in y's memory
    return loss.item()
