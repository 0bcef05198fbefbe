"""A student's section 2.5 (sample submission with typical mistakes)."""

from torch import nn


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    out = []
    for s, k, st, p, d in zip(*map(_pair, (size, kernel_size, stride, padding, dilation))):
        if min(s, k, st, d) < 1 or p < 0:
            raise ValueError(f"bad size {min(s, k, st, d, p)}")
        out.append((s + p - d * (k - 1) - 1) // st + 1)  # padding counted on one side only
    return tuple(out)


def pool2d_output_size(size, kernel_size, stride=None, padding=0):
    if stride is None:
        stride = kernel_size
    return conv2d_output_size(size, kernel_size, stride, padding)


def build_cnn(in_channels, num_classes, image_size):
    return nn.Sequential(
        nn.Conv2d(in_channels, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(8 * 14 * 14, num_classes),  # only right for 28x28 images
    )


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    raise NotImplementedError


# BEGIN QUIZ 2.5 ------------------------------------------------------------
# 小测验 2.5:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.5: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [数值 numeric]
#   输入特征图为 32×32,经过 nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=1)。输出特征图的高度是多少?
#   A 32×32 feature map goes through nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=1). What is the height of the output feature map?
#
# q2 [数值 numeric]
#   nn.Conv2d(16, 32, kernel_size=3)(默认带偏置)一共有多少个可训练的标量参数?
#   How many trainable scalar parameters does nn.Conv2d(16, 32, kernel_size=3) have (with its default bias)?
#
# q3 [单选 single choice]
#   形状为 (N, 16, 10, 10) 的张量经过 nn.MaxPool2d(2)。下面哪一项正确?
#   A tensor of shape (N, 16, 10, 10) goes through nn.MaxPool2d(2). Which statement is correct?
#   A. 输出形状为 (N, 16, 5, 5);这一层没有可学习的参数 / The output has shape (N, 16, 5, 5); the layer has no learnable parameters
#   B. 输出形状为 (N, 8, 10, 10):池化把通道数减半 / The output has shape (N, 8, 10, 10): pooling halves the number of channels
#   C. 输出形状为 (N, 16, 5, 5);这一层有 16×2×2 个可学习的权重 / The output has shape (N, 16, 5, 5); the layer has 16×2×2 learnable weights
#   D. 输出形状为 (N, 16, 9, 9),因为步幅默认为 1 / The output has shape (N, 16, 9, 9), because the stride defaults to 1
#
# q4 [数值 numeric]
#   输入 (N, 3, 32, 32) 依次经过 Conv2d(3, 8, 3, padding=1) → ReLU → MaxPool2d(2) → Conv2d(8, 16, 3) → ReLU → MaxPool2d(2) → Flatten()。紧接着的 nn.Linear 的 in_features 应该是多少?
#   An input of shape (N, 3, 32, 32) goes through Conv2d(3, 8, 3, padding=1) → ReLU → MaxPool2d(2) → Conv2d(8, 16, 3) → ReLU → MaxPool2d(2) → Flatten(). What must the in_features of the nn.Linear that follows be?
#
# q5 [多选 multiple choice]
#   关于卷积神经网络,哪些说法正确?(可能有多个正确答案)
#   Which statements about convolutional networks are true? (Several may be right.)
#   A. 两个 3×3 卷积(步幅 1)叠在一起,第二层的每个输出看到输入中 5×5 的区域(感受野) / With two stacked 3×3 convolutions (stride 1), each output of the second one sees a 5×5 region of the input (its receptive field)
#   B. 卷积层的参数个数随输入图像变大而增加 / A convolution layer has more parameters when the input images are larger
#   C. nn.Conv2d 计算的是互相关:卷积核不翻转,直接与每个窗口逐元素相乘再求和 / nn.Conv2d computes a cross-correlation: the kernel is not flipped, it is multiplied with each window element by element and summed
#   D. 最大池化层有可学习的权重,训练时会更新 / A max-pooling layer has learnable weights that training updates
#   E. 输出通道数等于卷积核(滤波器)的个数,每个卷积核覆盖全部输入通道 / The number of output channels is the number of kernels (filters), and each kernel spans all input channels
QUIZ = {
    "q1": 15,
    "q2": 4608,
    "q3": "A",
    "q4": None,
    "q5": ["A", "C", "E"],
}
# END QUIZ
