"""Mistakes of section 2.2: forward and backward propagation."""

from autograder.mistakes import mistake

MISTAKES = (
    mistake(
        "includes-input-shape",
        zh="返回的列表把输入本身的形状也放在了最前面;题目只要每个子层之后的输出形状。",
        en="The returned list starts with the input's own shape; only the shape after each child layer was asked for.",
        hint_zh="列表长度应等于子层个数:每经过一个子层,追加一次它的输出形状,不要先放入 input_shape。",
        hint_en="The list should have one entry per child: append the output shape after each layer, and do not start with input_shape.",
    ),
    mistake(
        "mutates-model",
        zh="调用之后模型的参数变了(例如重新初始化、做了一步训练,或把模型搬到了别的设备)。只查看形状不应改动模型。",
        en="The model's parameters changed during the call (for example re-initialised, trained for a step, or moved to another device). Tracing shapes must leave the model as it was.",
        hint_zh="只做前向计算并记录形状:在 torch.no_grad() 下用一个假输入逐层调用;如果要换设备(如 meta),先 copy.deepcopy(model)。",
        hint_en="Only run forward passes and record shapes: feed a dummy input layer by layer under torch.no_grad(); to change device (e.g. meta), work on copy.deepcopy(model).",
    ),
    mistake(
        "flatten-size-wrong",
        zh="Linear 的输入尺寸不等于展平后每个样本的元素个数 C*H*W(例如只用了 C*H 或 H*W)。",
        en="The Linear's in_features is not the number of elements per flattened sample, C*H*W (for example only C*H or H*W).",
        hint_zh="展平 (C, H, W) 后每个样本有 C*H*W 个数:写 nn.Linear(C * H * W, num_classes)。",
        hint_en="Flattening (C, H, W) leaves C*H*W numbers per sample: use nn.Linear(C * H * W, num_classes).",
    ),
    mistake(
        "flatten-includes-batch",
        zh="展平时把批次维也并了进去(例如 nn.Flatten(start_dim=0) 或 x.view(-1)),不同样本的特征混成了一个向量,后面的层得不到每个样本一行的输入。",
        en="Flattening also merged the batch dimension (for example nn.Flatten(start_dim=0) or x.view(-1)), so all samples end up in one vector instead of one row per sample.",
        hint_zh="保留第 0 维(批次):用 nn.Flatten()(默认 start_dim=1)、x.flatten(1) 或 x.view(x.size(0), -1)。",
        hint_en="Keep dimension 0 (the batch): use nn.Flatten() (start_dim=1 by default), x.flatten(1) or x.view(x.size(0), -1).",
    ),
    mistake(
        "missing-backward",
        zh="没有调用 loss.backward(),optimizer.step() 时参数上没有新的梯度,参数不会朝减小损失的方向更新。",
        en="loss.backward() is never called, so optimizer.step() finds no new gradient and the parameters do not move to reduce the loss.",
        hint_zh="算出损失后先 loss.backward(),再 optimizer.step()。",
        hint_en="After computing the loss, call loss.backward() and then optimizer.step().",
    ),
    mistake(
        "missing-zero-grad",
        zh="没有在反向传播前清零梯度:PyTorch 会把新梯度累加到 .grad 里已有的旧梯度上,更新用的是两者之和。",
        en="The gradients are not zeroed before backward: PyTorch adds the new gradient to the old one already in .grad, so the step uses their sum.",
        hint_zh="每一步开始时(至少在 loss.backward() 之前)调用 optimizer.zero_grad()。",
        hint_en="Call optimizer.zero_grad() at the start of each step (at least before loss.backward()).",
    ),
    mistake(
        "missing-optimizer-step",
        zh="算出了梯度却没有调用 optimizer.step(),参数完全没有更新。",
        en="The gradients are computed but optimizer.step() is never called, so the parameters are not updated at all.",
        hint_zh="loss.backward() 之后调用 optimizer.step()。",
        hint_en="Call optimizer.step() after loss.backward().",
    ),
    mistake(
        "step-before-backward",
        zh="optimizer.step() 在 loss.backward() 之前调用:更新时还没有这一步的梯度,新算出的梯度要等到下一次才会被用上。",
        en="optimizer.step() runs before loss.backward(): the step happens before this batch's gradient exists, which is only used (if at all) later.",
        hint_zh="顺序应为 zero_grad → 前向 → 损失 → backward → step。",
        hint_en="The order is zero_grad → forward → loss → backward → step.",
    ),
    mistake(
        "zero-grad-after-backward",
        zh="在 loss.backward() 和 optimizer.step() 之间清零了梯度,刚算出的梯度被抹掉,step 时梯度为零。",
        en="The gradients are zeroed between loss.backward() and optimizer.step(), wiping the fresh gradient, so the step sees zeros.",
        hint_zh="把 optimizer.zero_grad() 放在 loss.backward() 之前(通常放在每一步的开头)。",
        hint_en="Move optimizer.zero_grad() before loss.backward() (usually to the start of the step).",
    ),
    mistake(
        "returns-tensor-loss",
        zh="返回的是损失张量,而不是 Python float;张量还连着计算图,保存下来会占住内存。",
        en="It returns the loss tensor instead of a Python float; the tensor still holds its graph, so keeping it keeps memory alive.",
        hint_zh="返回 loss.item()(或 float(loss))。",
        hint_en="Return loss.item() (or float(loss)).",
    ),
    mistake(
        "grad-weight-transposed",
        zh="grad_weight 的形状是 (in, out),是转置过的;它必须和 weight 一样是 (out, in)。",
        en="grad_weight has shape (in, out), i.e. it is transposed; it must have weight's shape, (out, in).",
        hint_zh="y = x @ weight.T + b 时,grad_weight = grad_output.T @ x。",
        hint_en="For y = x @ weight.T + b, grad_weight = grad_output.T @ x.",
    ),
    mistake(
        "grad-bias-not-summed",
        zh="grad_bias 没有对批次求和,形状仍是 (N, out);偏置被每个样本共用,梯度要把所有样本加起来,形状为 (out,)。",
        en="grad_bias is not summed over the batch and still has shape (N, out); the bias is shared by every sample, so its gradient adds them all up, shape (out,).",
        hint_zh="grad_bias = grad_output.sum(dim=0)。",
        hint_en="grad_bias = grad_output.sum(dim=0).",
    ),
    mistake(
        "grad-bias-mean",
        zh="grad_bias 对批次取了平均而不是求和;如果损失需要平均,这一步已经包含在 grad_output 里了。",
        en="grad_bias averages over the batch instead of summing; any averaging in the loss is already part of grad_output.",
        hint_zh="用 grad_output.sum(dim=0),不要再除以 N。",
        hint_en="Use grad_output.sum(dim=0) and do not divide by N again.",
    ),
    mistake(
        "forward-difference",
        zh="用的是前向差分 (f(x+eps) - f(x)) / eps,误差与 eps 同阶;题目要求中心差分,误差与 eps² 同阶。",
        en="It uses the forward difference (f(x+eps) - f(x)) / eps, whose error is of order eps; the task asks for the central difference, whose error is of order eps².",
        hint_zh="对每个元素算 (f(x+eps·e_i) - f(x-eps·e_i)) / (2·eps)。",
        hint_en="For each element compute (f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps).",
    ),
)
