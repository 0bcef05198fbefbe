import torch


def linear_backward(x, weight, bias, grad_output):
    grad_x = torch.matmul(grad_output, weight)
    grad_weight = torch.matmul(grad_output.t(), x)
    # summing over the batch is a product with a row of ones
    ones = torch.ones(grad_output.shape[0], dtype=grad_output.dtype, device=grad_output.device)
    grad_bias = ones @ grad_output
    return grad_x, grad_weight, grad_bias
