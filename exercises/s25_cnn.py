"""第 2.5 节 卷积神经网络 / Section 2.5: convolutional networks.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.5`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.5``.
"""

from __future__ import annotations

import torch
from torch import nn


def conv2d_output_size(
    size: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
    dilation: int | tuple[int, int] = 1,
) -> tuple[int, int]:
    """卷积层输出特征图的大小 / The output size of a convolution layer.

    ``size`` 是输入的 (H, W);每个参数既可以是一个 int(高和宽相同),也可以是
    (高, 宽) 二元组,含义与 ``nn.Conv2d`` 的同名参数相同。返回 ``nn.Conv2d``
    输出的 ``(H_out, W_out)``,类型为两个 Python ``int`` 组成的元组,不要真的去做卷积。
    size、kernel_size、stride、dilation 小于 1 或 padding 为负数时,抛出
    ``ValueError`` 并在信息中写出该值。

    ``size`` is the input's (H, W); every argument is either an int (the same
    for height and width) or an (h, w) pair, with the meaning of the argument
    of the same name of ``nn.Conv2d``. Return the ``(H_out, W_out)`` that
    ``nn.Conv2d`` would output, as a tuple of two Python ``int``, without
    running a convolution. Raise ``ValueError`` naming the value when size,
    kernel_size, stride or dilation is below 1, or padding is negative.

    Example: ``conv2d_output_size(28, 5)`` is ``(24, 24)`` and
    ``conv2d_output_size((32, 20), 3, stride=2, padding=1)`` is ``(16, 10)``.
    """
    raise NotImplementedError


def pool2d_output_size(
    size: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
    padding: int | tuple[int, int] = 0,
) -> tuple[int, int]:
    """最大池化层输出的大小 / The output size of a max-pooling layer.

    与 ``nn.MaxPool2d(kernel_size, stride, padding)`` 的输出 (H_out, W_out) 相同;
    参数可以是 int 或 (高, 宽) 二元组。注意 ``stride=None`` 时步幅等于
    ``kernel_size``。返回两个 Python ``int`` 组成的元组。参数非法(大小、窗口、
    步幅小于 1,padding 为负数)时抛出 ``ValueError`` 并在信息中写出该值。

    The (H_out, W_out) that ``nn.MaxPool2d(kernel_size, stride, padding)``
    outputs; each argument is an int or an (h, w) pair. Note that with
    ``stride=None`` the stride is ``kernel_size``. Return a tuple of two Python
    ``int``. Raise ``ValueError`` naming the value for a bad argument (size,
    kernel or stride below 1, negative padding).

    Example: ``pool2d_output_size((10, 7), 2)`` is ``(5, 3)``.
    """
    raise NotImplementedError


def build_cnn(in_channels: int, num_classes: int, image_size: tuple[int, int]) -> nn.Module:
    """搭建一个小的卷积分类网络 / Build a small convolutional classifier.

    返回一个 ``nn.Module``,把形状为 (N, in_channels, H, W) 的图像
    (``image_size == (H, W)``)映射成 (N, num_classes) 的 logits(最后不加
    softmax)。网络至少含有一个 ``nn.Conv2d``,可以自由设计(例如 卷积 → ReLU →
    池化,重复两次,再展平接 ``nn.Linear``)。它必须适用于任何通道数和任何图像大小,
    小到 8×8,包括奇数和非正方形的大小:展平后的特征数要由 ``image_size`` 算出来。
    每个样本的输出只能取决于它自己的输入(展平时保留批次维)。
    任何尺寸(in_channels、num_classes、H、W)不是正数时,抛出 ``ValueError``
    并在信息中写出该值。

    Return an ``nn.Module`` mapping images of shape (N, in_channels, H, W)
    (``image_size == (H, W)``) to logits of shape (N, num_classes) (no softmax
    at the end). It has at least one ``nn.Conv2d`` and is yours to design (for
    example conv → ReLU → pool twice, then flatten and an ``nn.Linear``). It
    must work for any channel count and any image size down to 8×8, odd and
    non-square sizes too: compute the number of flattened features from
    ``image_size``. Each sample's output must depend on that sample's input
    only (flattening keeps the batch dimension). Raise ``ValueError`` naming the
    value when any size (in_channels, num_classes, H or W) is not positive.
    """
    raise NotImplementedError


def conv2d_manual(
    x: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    stride: int = 1,
    padding: int = 0,
) -> torch.Tensor:
    """手写二维卷积 / A 2-D convolution by hand.

    x 形状 (N, C_in, H, W),weight 形状 (C_out, C_in, kH, kW),bias 形状
    (C_out,) 或 None;stride 和 padding 是 int(高和宽相同)。返回与
    ``F.conv2d(x, weight, bias, stride, padding)`` 相同的结果,形状
    (N, C_out, H_out, W_out)。PyTorch 的“卷积”其实是互相关:卷积核不翻转。
    不要调用任何卷积函数(``F.conv2d``、``nn.Conv2d`` 等),用切片、乘法与求和
    (或 ``torch.einsum``、``F.unfold``)实现;调用卷积函数会被判为
    ``uses-builtin``,本题不得分。padding 是在四周补零。不要修改输入。

    x has shape (N, C_in, H, W), weight (C_out, C_in, kH, kW), bias (C_out,)
    or None; stride and padding are ints (the same for height and width).
    Return what ``F.conv2d(x, weight, bias, stride, padding)`` returns, of shape
    (N, C_out, H_out, W_out). PyTorch's "convolution" is a cross-correlation:
    the kernel is not flipped. Do not call any convolution function
    (``F.conv2d``, ``nn.Conv2d``, ...): use slicing, multiplication and sums
    (or ``torch.einsum``, ``F.unfold``); a convolution function is named
    ``uses-builtin`` and earns no points. Padding surrounds the input with
    zeros. Do not change the inputs.
    """
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
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ
