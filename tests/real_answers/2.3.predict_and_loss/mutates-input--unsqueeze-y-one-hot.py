# feedback: ✗ predict_and_loss changed tensors passed in: `y` (
import torch


def predict_and_loss(model, x, y):
    logits = model(x)
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    one_hot = torch.zeros_like(log_probs).scatter_(1, y.unsqueeze_(1), 1.0)
    return log_probs.exp(), -(one_hot * log_probs).sum(dim=1).mean()
