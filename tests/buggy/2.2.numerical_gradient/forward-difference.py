import torch


def numerical_gradient(f, x, eps=1e-6):
    fx = f(x).item()
    grad = torch.zeros_like(x)
    for i in range(x.numel()):
        shifted = x.clone()
        shifted.view(-1)[i] += eps
        grad.view(-1)[i] = (f(shifted).item() - fx) / eps
    return grad
