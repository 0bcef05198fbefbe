# feedback: ✗ max_stable_lr changed tensors passed in: `hessian` (
import torch


def max_stable_lr(hessian):
    # 2 / λmax(H) = 1 / λmax(H / 2)
    hessian.mul_(0.5)
    return 1.0 / float(torch.linalg.eigvalsh(hessian).max())
