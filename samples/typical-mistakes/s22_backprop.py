"""A student's section 2.2 (sample submission with typical mistakes)."""

import torch
from torch import nn


def trace_shapes(model, input_shape):
    x = torch.zeros(input_shape)
    shapes = []
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            shapes.append(tuple(x.shape))
    return shapes


def make_head(feature_shape, num_classes):
    c, h, w = feature_shape
    return nn.Sequential(nn.Flatten(), nn.Linear(c * h * w, num_classes))


def train_step(model, loss_fn, optimizer, x, y):
    prediction = model(x)
    loss = loss_fn(prediction, y)
    loss.backward()  # forgot optimizer.zero_grad(): gradients pile up
    optimizer.step()
    return loss.item()


def linear_backward(x, weight, bias, grad_output):
    raise NotImplementedError


def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat = x.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = float(f(x))
        flat[i] = old - eps
        down = float(f(x))
        flat[i] = old
        grad.view(-1)[i] = (up - down) / (2 * eps)
    return grad


# BEGIN QUIZ 2.2 ------------------------------------------------------------
# 小测验 2.2:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.2: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [单选 single choice]
#   x 的形状是 (32, 3, 8, 8)(批次 32,3 个通道,8×8)。x 先经过 nn.Flatten(),再经过一个 Linear,要得到形状 (32, 10) 的输出。应该用哪个 Linear?
#   x has shape (32, 3, 8, 8) (batch 32, 3 channels, 8×8). It goes through nn.Flatten() and then a Linear, which must give an output of shape (32, 10). Which Linear is right?
#   A. nn.Linear(8 * 8, 10)
#   B. nn.Linear(32 * 3 * 8 * 8, 10)
#   C. nn.Linear(3 * 8 * 8, 10)
#   D. nn.Linear(3 * 8, 10)
#
# q2 [单选 single choice]
#   loss.backward() 做了什么?
#   What does loss.backward() do?
#   A. 计算梯度,并立即按梯度下降更新一次参数 / It computes the gradients and immediately updates the parameters by one gradient-descent step
#   B. 沿计算图反向应用链式法则,求出 loss 对每个参与计算且 requires_grad=True 的叶子张量(如参数)的梯度,并累加到它们的 .grad 中 / It applies the chain rule backwards through the graph and adds the gradient of loss with respect to every leaf tensor it depends on with requires_grad=True (such as the parameters) into that tensor's .grad
#   C. 计算梯度,并用新梯度覆盖 .grad 中原来的值 / It computes the gradients and overwrites the old values in .grad with them
#   D. 把前向传播倒过来运行一遍,由损失重建出输入 / It runs the forward pass in reverse to reconstruct the input from the loss
#
# q3 [多选 multiple choice]
#   某同学的训练循环里没有调用 optimizer.zero_grad()。哪些说法正确?(可能有多个正确答案)
#   A student's training loop never calls optimizer.zero_grad(). Which statements are true? (Several may be right.)
#   A. 每一步的梯度都会加到之前的梯度上,optimizer.step() 用的是这一步和之前所有步梯度之和 / Each step's gradients are added to the earlier ones, so optimizer.step() uses the sum of this step's and all earlier steps' gradients
#   B. 没有影响:每次前向传播时 PyTorch 会自动把 .grad 清零 / No effect: PyTorch resets .grad automatically at every forward pass
#   C. 在 loss.backward() 和 optimizer.step() 之间调用 optimizer.zero_grad() 就能修好 / Calling optimizer.zero_grad() between loss.backward() and optimizer.step() fixes it
#   D. 在每一步开始时(loss.backward() 之前)调用 optimizer.zero_grad() 就能修好 / Calling optimizer.zero_grad() at the start of each step, before loss.backward(), fixes it
#   E. 梯度累加有时是故意的:先把几个小批次的梯度加起来,再做一次 step / Accumulating gradients is sometimes done on purpose: sum the gradients of several small batches, then take one step
#
# q4 [单选 single choice]
#   一步训练中,下面哪个顺序是正确的?
#   Which order of the operations in one training step is correct?
#   A. 前向 → 计算损失 → optimizer.step() → loss.backward() → optimizer.zero_grad() / forward → loss → optimizer.step() → loss.backward() → optimizer.zero_grad()
#   B. optimizer.zero_grad() → 前向 → 计算损失 → optimizer.step() → loss.backward() / optimizer.zero_grad() → forward → loss → optimizer.step() → loss.backward()
#   C. 前向 → 计算损失 → loss.backward() → optimizer.zero_grad() → optimizer.step() / forward → loss → loss.backward() → optimizer.zero_grad() → optimizer.step()
#   D. optimizer.zero_grad() → 前向 → 计算损失 → loss.backward() → optimizer.step() / optimizer.zero_grad() → forward → loss → loss.backward() → optimizer.step()
#
# q5 [数值 numeric]
#   模型 ŷ = w·x,只有一个参数 w = 2。两个样本 (x, t) = (1, 1) 和 (3, 4),损失是均方误差 L = ((w·1 − 1)² + (w·3 − 4)²) / 2。手算 dL/dw 的值。
#   The model ŷ = w·x has one parameter, w = 2. With two samples (x, t) = (1, 1) and (3, 4) the loss is the mean squared error L = ((w·1 − 1)² + (w·3 − 4)²) / 2. Compute dL/dw by hand.
QUIZ = {
    "q1": "C",
    "q2": "B",
    "q3": ["A", "D"],
    "q4": "D",
    "q5": 7,
}
# END QUIZ
