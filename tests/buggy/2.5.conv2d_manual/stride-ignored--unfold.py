# the output size without the stride as well
import torch.nn.functional as F


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    cols = F.unfold(F.pad(x, [padding] * 4), weight.shape[2:])
    oh = x.shape[2] + 2 * padding - weight.shape[2] + 1
    ow = x.shape[3] + 2 * padding - weight.shape[3] + 1
    out = (weight.flatten(1) @ cols).view(x.shape[0], weight.shape[0], oh, ow)
    return out if bias is None else out + bias.view(-1, 1, 1)
