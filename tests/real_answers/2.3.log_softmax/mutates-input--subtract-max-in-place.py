# feedback: ✗ log_softmax changed tensors passed in: `x` (
def log_softmax(x, dim=-1):
    x -= x.amax(dim=dim, keepdim=True)  # shift for stability, in place
    return x - x.exp().sum(dim=dim, keepdim=True).log()
