"""Mistakes of section 2.1: layers and the choice of activation."""

from autograder.mistakes import mistake

MISTAKES = (
    mistake(
        "relu-on-output",
        zh="网络最后一层后面还接了 ReLU,输出不再是原始得分(logits),负数全部被截成 0。",
        en="A ReLU follows the last layer, so the output is no longer raw scores (logits): every negative score becomes 0.",
        hint_zh="只在隐藏层之后加 ReLU;最后一个 Linear 直接输出,交给损失函数或输出激活处理。",
        hint_en="Put ReLU after hidden layers only; the last Linear returns raw scores for the loss or output activation.",
    ),
    mistake(
        "missing-hidden-activation",
        zh="隐藏层之间没有激活函数,多个 Linear 叠在一起仍然只是一个线性变换。",
        en="There is no activation between hidden layers, so the stacked Linear layers collapse into one linear map.",
        hint_zh="每个隐藏层的 Linear 后面都加一个 nn.ReLU()。",
        hint_en="Add an nn.ReLU() after every hidden Linear layer.",
    ),
    mistake(
        "layer-size-mismatch",
        zh="相邻两层的尺寸没有对上:某个 Linear 的 in_features 不等于上一层的 out_features(或首尾尺寸不对)。",
        en="Consecutive layers do not connect: some Linear's in_features differs from the previous layer's out_features (or the first/last size is wrong).",
        hint_zh="用一个变量记录上一层的输出尺寸,作为下一层的输入尺寸:`Linear(prev, h); prev = h`。",
        hint_en="Track the previous layer's output size and use it as the next input size: `Linear(prev, h); prev = h`.",
    ),
    mistake(
        "softmax-single-logit",
        zh="二分类只有一个输出单元,对它做 Softmax 结果恒为 1。",
        en="Binary classification has a single output unit; a softmax over one value is always 1.",
        hint_zh="单个 logit 的二分类用 nn.Sigmoid()。",
        hint_en="Use nn.Sigmoid() for a single binary logit.",
    ),
    mistake(
        "sigmoid-for-multiclass",
        zh="多分类用了 Sigmoid:每个类别单独压到 (0,1),概率加起来不等于 1。",
        en="Sigmoid was used for multiclass: each class is squashed on its own, so probabilities do not sum to 1.",
        hint_zh="多分类用 nn.Softmax(dim=1),在类别维上归一化。",
        hint_en="Use nn.Softmax(dim=1) for multiclass, normalising over the class dimension.",
    ),
    mistake(
        "softmax-wrong-dim",
        zh="Softmax 在错误的维度上归一化(例如批次维),每个样本的概率之和不为 1。",
        en="Softmax normalises over the wrong dimension (for example the batch), so each sample's probabilities do not sum to 1.",
        hint_zh="对 (N, C) 的输入在类别维 dim=1(或 dim=-1)上做 softmax。",
        hint_en="For (N, C) input, apply softmax over the class dimension, dim=1 (or dim=-1).",
    ),
    mistake(
        "relu-as-output-activation",
        zh="用 ReLU 作为输出激活,回归任务的负值预测全被截断为 0。",
        en="ReLU was used as the output activation, which cuts every negative regression prediction to 0.",
        hint_zh="回归输出不需要激活函数,返回 nn.Identity()。",
        hint_en="Regression needs no output activation: return nn.Identity().",
    ),
    mistake(
        "counts-tensors-not-elements",
        zh="统计的是参数张量的个数,而不是其中标量元素的个数。",
        en="It counts parameter tensors instead of the scalar elements in them.",
        hint_zh="对每个参数用 p.numel() 求元素个数再求和。",
        hint_en="Sum p.numel() over the parameters.",
    ),
    mistake(
        "ignores-requires-grad",
        zh="trainable_only=True 时仍然把冻结的参数(requires_grad=False)算了进去。",
        en="With trainable_only=True it still counts frozen parameters (requires_grad=False).",
        hint_zh="trainable_only 为 True 时只统计 p.requires_grad 为 True 的参数。",
        hint_en="When trainable_only is True, count only parameters with p.requires_grad.",
    ),
)
