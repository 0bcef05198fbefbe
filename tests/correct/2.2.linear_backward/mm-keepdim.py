def linear_backward(x, weight, bias, grad_output):
    return grad_output.mm(weight), grad_output.t().mm(x), grad_output.sum(dim=0, keepdim=True)[0]
