# feedback: ✗ predict_and_loss changed tensors passed in: `y` (
import torch


def predict_and_loss(model, x, y):
    logits = model(x)
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    picked = log_probs.gather(1, y.unsqueeze_(1))  # unsqueeze_ in place: y is (N, 1) now
    return log_probs.exp(), -picked.mean()
