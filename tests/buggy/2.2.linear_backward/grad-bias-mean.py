def linear_backward(x, weight, bias, grad_output):
    n = x.shape[0]
    grad_x = grad_output @ weight
    grad_weight = grad_output.transpose(0, 1) @ x
    grad_bias = grad_output.sum(0) / n
    return grad_x, grad_weight, grad_bias
