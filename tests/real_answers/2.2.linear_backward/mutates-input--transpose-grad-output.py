# feedback: ✗ linear_backward changed tensors passed in: `grad_output` (
def linear_backward(x, weight, bias, grad_output):
    grad_output.t_()  # (out, N) from here on
    grad_x = grad_output.T @ weight
    grad_weight = grad_output @ x
    grad_bias = grad_output.sum(dim=1)
    return grad_x, grad_weight, grad_bias
