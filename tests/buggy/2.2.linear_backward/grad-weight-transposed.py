import torch


def linear_backward(x, weight, bias, grad_output):
    dx = torch.mm(grad_output, weight)
    dW = torch.matmul(x.t(), grad_output)  # (in, out)
    db = grad_output.sum(axis=0)
    return dx, dW, db
