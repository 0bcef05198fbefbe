# in place, restored by arithmetic (may round by one ulp)
import torch


def numerical_gradient(f, x, eps=1e-6):
    g = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        flat[i] += eps
        up = float(f(x))
        flat[i] -= 2 * eps
        down = float(f(x))
        flat[i] += eps
        g.view(-1)[i] = (up - down) / (2 * eps)
    return g
