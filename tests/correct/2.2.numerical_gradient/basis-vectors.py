import torch


def numerical_gradient(f, x, eps=1e-6):
    rows = []
    for i in range(x.numel()):
        e = torch.zeros(x.numel(), dtype=x.dtype, device=x.device)
        e[i] = eps
        e = e.view_as(x)
        rows.append((f(x + e) - f(x - e)) / (2 * eps))
    return torch.stack(rows).reshape(x.shape)
