import torch.nn.modules.utils as U


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    size, kernel_size = U._pair(size), U._pair(kernel_size)
    stride, padding = U._pair(stride), U._pair(padding)
    if min(*size, *kernel_size, *stride) <= 0 or min(padding) < 0:
        bad = next(v for v in (*size, *kernel_size, *stride, *padding) if v <= 0)
        raise ValueError(f"invalid argument {bad}")
    h = (size[0] + 2 * padding[0] - kernel_size[0]) // stride[0] + 1
    w = (size[1] + 2 * padding[1] - kernel_size[1]) // stride[1] + 1
    return (h, w)
