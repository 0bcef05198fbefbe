import torch


def linear_backward(x, weight, bias, grad_output):
    # y[n, o] = sum_i x[n, i] * weight[o, i] + bias[o]
    grad_x = torch.einsum("no,oi->ni", grad_output, weight)
    grad_weight = torch.einsum("no,ni->oi", grad_output, x)
    grad_bias = grad_output.sum(dim=0)
    return grad_x, grad_weight, grad_bias
