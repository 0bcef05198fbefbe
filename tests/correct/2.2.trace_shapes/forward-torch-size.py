# a real forward on the model itself, torch.Size entries
import torch


def trace_shapes(model, input_shape):
    x, out = torch.randn(input_shape), []
    for name, layer in model.named_children():  # noqa: B007
        x = layer(x)
        out.append(x.shape)
    return out
