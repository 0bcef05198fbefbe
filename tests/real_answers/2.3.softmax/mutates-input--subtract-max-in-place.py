# feedback: ✗ softmax changed tensors passed in: `x` (
def softmax(x, dim=-1):
    x.sub_(x.amax(dim, keepdim=True))  # shift for stability, in place
    exps = x.exp()
    return exps / exps.sum(dim, keepdim=True)
