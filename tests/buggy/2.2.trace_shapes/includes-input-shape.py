import torch


def trace_shapes(model, input_shape):
    x = torch.randn(*input_shape)
    shapes = [tuple(x.shape)]  # start with the input
    with torch.no_grad():
        for layer in model.children():
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes
