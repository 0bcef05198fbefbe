"""Hidden grader for section 2.1: cases and mutants."""

from __future__ import annotations

from torch import nn

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.1")


# -- build_mlp ---------------------------------------------------------------
def _mlp(
    in_features, hidden_sizes, out_features, *, act=True, final_relu=False, sizes_from_input=False
):
    for size in (in_features, *hidden_sizes, out_features):
        if size <= 0:
            raise ValueError(f"bad size {size}")
    layers: list[nn.Module] = []
    previous = in_features
    for size in hidden_sizes:
        layers.append(nn.Linear(in_features if sizes_from_input else previous, size))
        if act:
            layers.append(nn.ReLU())
        previous = size
    layers.append(nn.Linear(previous, out_features))
    if final_relu:
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def _relu_on_output(i, h, o):
    return _mlp(i, h, o, final_relu=True)


def _missing_hidden_activation(i, h, o):
    return _mlp(i, h, o, act=False)


def _layer_size_mismatch(i, h, o):
    return _mlp(i, h, o, sizes_from_input=True)


@GRADERS.cases(
    "build_mlp",
    mutants={
        "relu-on-output": _relu_on_output,
        "missing-hidden-activation": _missing_hidden_activation,
        "layer-size-mismatch": _layer_size_mismatch,
    },
)
def build_mlp_cases(rng: Rng) -> Case:
    depth = rng.int(2, 3)
    in_features, out_features, batch, *hidden = rng.distinct(3 + depth, 2, 17)
    return {
        "in_features": in_features,
        "hidden_sizes": hidden,
        "out_features": out_features,
        "x": rng.randn(batch, in_features) * 2,
        "bad_size": -rng.int(3, 9),
    }


# -- output_activation -------------------------------------------------------
def _activation(mapping: dict[str, nn.Module]):
    def choose(task: str) -> nn.Module:
        if task not in mapping:
            raise ValueError(f"unknown task {task}")
        return mapping[task]

    return choose


_CORRECT = {"regression": nn.Identity(), "binary": nn.Sigmoid(), "multiclass": nn.Softmax(dim=1)}


@GRADERS.cases(
    "output_activation",
    mutants={
        "softmax-single-logit": _activation({**_CORRECT, "binary": nn.Softmax(dim=1)}),
        "sigmoid-for-multiclass": _activation({**_CORRECT, "multiclass": nn.Sigmoid()}),
        "softmax-wrong-dim": _activation({**_CORRECT, "multiclass": nn.Softmax(dim=0)}),
        "relu-as-output-activation": _activation({**_CORRECT, "regression": nn.ReLU()}),
    },
)
def output_activation_cases(rng: Rng) -> Case:
    n, c, d = rng.distinct(3, 2, 9)
    return {
        "regression": rng.randn(n, d) * 3,
        "binary": rng.randn(n, 1) * 3,
        "multiclass": rng.randn(n, c) * 3,
        "bad_task": rng.choice(["clustering", "ranking", "segmentation"]),
    }


# -- count_parameters --------------------------------------------------------
_PARAMS_PER_LAYER = {"linear": 2, "conv2d": 2, "layernorm": 2}


def _count_tensors(model, trainable_only=True):
    return sum(1 for p in model.parameters() if p.requires_grad or not trainable_only)


def _count_all(model, trainable_only=True):
    return sum(p.numel() for p in model.parameters())


@GRADERS.cases(
    "count_parameters",
    mutants={"counts-tensors-not-elements": _count_tensors, "ignores-requires-grad": _count_all},
)
def count_parameters_cases(rng: Rng) -> Case:
    a, b, c, k = rng.distinct(4, 2, 12)
    layers = [
        ["linear", a, b],
        ["relu"],
        ["linear", b, c, rng.choice([True, False])],
        ["layernorm", c],
    ]
    if rng.choice([True, False]):
        layers = [["conv2d", 3, k, 3], ["flatten"], *layers]
    n_params = sum(_PARAMS_PER_LAYER.get(layer[0], 0) for layer in layers)
    n_params -= sum(1 for layer in layers if layer[0] == "linear" and layer[3:] == [False])
    frozen = sorted(rng.py.sample(range(n_params), rng.int(1, 2)))
    return {"layers": layers, "frozen": frozen}


# -- quiz explanations -----------------------------------------------------------
GRADERS.explain(
    "q1",
    zh="输入层的大小由每个样本的特征数决定(28×28 = 784),输出层的大小由任务决定(10 个类别各一个得分),两者都不能随意选择;中间的 128 和 64 是隐藏层的宽度,是可以调的超参数。输入层不是第一个 Linear 的输出;每个样本只有一个标签,但多分类需要每个类别一个得分,所以输出是 10 个;隐藏层宽度也不必逐层减小。",
    en="The input size is fixed by the features of one sample (28×28 = 784) and the output size by the task (one score per class, 10); neither is free to choose. The 128 and 64 in between are hidden-layer widths, hyperparameters you may tune. The input layer is not the first Linear's output; one label per image still needs one score per class, so 10 outputs; and hidden widths need not shrink.",
)
GRADERS.explain(
    "q2",
    zh="两个 Linear 直接相连:W2(W1·x + b1) + b2 = (W2·W1)·x + (W2·b1 + b2),仍是一个线性变换,所以 A 对、B 错:再多的 Linear 叠起来也只能画直线(超平面)边界。隐藏层后的 ReLU 才带来非线性(C 对)。输出层后的 ReLU 会把回归网络的负预测截成 0,是常见错误(D 错);激活函数的作用是表达能力而不是速度(E 错)。",
    en="Two Linear layers in a row give W2(W1·x + b1) + b2 = (W2·W1)·x + (W2·b1 + b2), still one linear map, so A is true and B false: any number of stacked Linear layers only draws straight (hyperplane) boundaries. The ReLU after hidden layers brings the nonlinearity (C). A ReLU after the output cuts every negative regression prediction to 0, a common mistake (D is false); activations are about what the network can represent, not speed (E is false).",
)
GRADERS.explain(
    "q3",
    zh="得分形状为 (N, C),概率要在类别维上归一化,即 dim=1,这样每个样本(每一行)的概率之和为 1。dim=0 是在批次维上归一化,变成了“同一类别在各样本间”的分布;Sigmoid 把每个类别单独压到 (0,1),概率之和不为 1;ReLU 不给出概率。",
    en="The scores are (N, C), so probabilities are normalised over the class dimension, dim=1: each sample's (row's) probabilities sum to 1. dim=0 normalises over the batch, a distribution of one class across samples; Sigmoid squashes each class on its own, so they do not sum to 1; ReLU gives no probabilities at all.",
)
GRADERS.explain(
    "q4",
    zh="回归(可以为负)不要输出激活(A 对);ReLU 会把负值截成 0(D 错)。单个 logit 的二分类用 Sigmoid(C 对);对一个数做 Softmax 结果恒为 1(B 错)。多标签任务中每个标签是独立的“是/否”,所以对每个输出单独做 Sigmoid(E 对);Softmax 只适用于恰好属于一类的多分类。",
    en="Regression that may be negative needs no output activation (A); a ReLU would cut negative values to 0 (D is wrong). A single binary logit takes a Sigmoid (C); a softmax over one number is always 1 (B is wrong). In multi-label tasks each tag is its own yes/no, so each output gets its own Sigmoid (E); Softmax is for multiclass with exactly one class per sample.",
)
GRADERS.explain(
    "q5",
    zh="每个 Linear(in, out) 有 in×out 个权重和 out 个偏置:6×10+10 = 70,10×8+8 = 88,8×3+3 = 27,共 185;ReLU 没有参数。常见错误:忘了偏置(得 164),或者数的是参数张量的个数(6)而不是元素个数。",
    en="Each Linear(in, out) has in×out weights and out biases: 6×10+10 = 70, 10×8+8 = 88, 8×3+3 = 27, 185 in all; ReLU has no parameters. Common mistakes: forgetting the biases (164), or counting parameter tensors (6) instead of their elements.",
)
