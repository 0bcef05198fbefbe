"""Mistakes of section 2.5: convolutional networks.

``flatten-includes-batch`` (build_cnn) is described with section 2.2.
"""

from autograder.mistakes import mistake

MISTAKES = (
    mistake(
        "conv-size-no-floor",
        zh="步幅大于 1 且除不尽时,结果没有向下取整(例如用 / 得到 14.5,或用 math.ceil 向上取整得到 15)。最后不足一个步长的部分放不下完整的窗口,nn.Conv2d 会把它丢掉,所以输出大小总是整数。",
        en="With a stride above 1 and a division that is not exact, the result is not rounded down (for example / gives 14.5, or math.ceil rounds it up to 15). A window that does not fit in the last partial step is dropped by nn.Conv2d, so the output size is always a whole number.",
        hint_zh="用整除:(H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1,高和宽分别计算,返回 int。",
        hint_en="Use floor division: (H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1, for height and width separately, returning ints.",
    ),
    mistake(
        "padding-counted-once",
        zh="填充只加了一次(H + padding)。padding 是在上下(左右)两侧各补这么多行(列),输入实际变大 2*padding。",
        en="The padding is added only once (H + padding). padding adds that many rows (columns) on both sides, so the input grows by 2*padding.",
        hint_zh="公式里写 H + 2 * padding(宽度方向同理)。",
        hint_en="Write H + 2 * padding in the formula (and likewise for the width).",
    ),
    mistake(
        "dilation-ignored",
        zh="没有考虑膨胀(dilation):膨胀为 d 时,k×k 的卷积核覆盖 d*(k-1)+1 个像素的范围,而不是 k 个。",
        en="The dilation is ignored: with dilation d, a kernel of size k spans d*(k-1)+1 pixels, not k.",
        hint_zh="用有效核大小 dilation*(kernel_size - 1) + 1 代替 kernel_size:(H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1。",
        hint_en="Use the effective kernel size dilation*(kernel_size - 1) + 1 instead of kernel_size: (H + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1.",
    ),
    mistake(
        "pool-stride-defaults-to-one",
        zh="没有给出 stride 时按步幅 1 计算了;nn.MaxPool2d 的 stride 默认等于 kernel_size(窗口互不重叠),例如 MaxPool2d(2) 把高和宽减半。",
        en="Without a stride the size is computed with stride 1; nn.MaxPool2d's stride defaults to kernel_size (windows do not overlap), so for example MaxPool2d(2) halves the height and width.",
        hint_zh="if stride is None: stride = kernel_size,然后用与卷积相同的公式(dilation 为 1)。",
        hint_en="if stride is None: stride = kernel_size, then use the same formula as for a convolution (dilation 1).",
    ),
    mistake(
        "hardcoded-flatten-size",
        zh="展平后第一个 Linear 的 in_features 与实际展平得到的特征数不符:它只对某一种图像大小(例如 28×28)成立,换一个大小(奇数、非正方形、8×8)就出错。",
        en="The in_features of the first Linear after flattening does not match the number of flattened features: it only holds for one image size (for example 28×28) and breaks for others (odd, non-square, 8×8).",
        hint_zh="由 image_size 算出每一层之后的高和宽(注意池化向下取整),in_features = 通道数 × 高 × 宽;也可以先用一个假输入 torch.zeros(1, in_channels, H, W) 跑一遍卷积部分量出大小,或用 nn.AdaptiveAvgPool2d / nn.LazyLinear。",
        hint_en="Compute the height and width after each layer from image_size (pooling rounds down); in_features = channels × height × width. Or measure it by running the conv part on a dummy torch.zeros(1, in_channels, H, W), or use nn.AdaptiveAvgPool2d / nn.LazyLinear.",
    ),
    mistake(
        "in-channels-ignored",
        zh="第一个卷积层的输入通道数写死了(例如 1 或 3),没有用参数 in_channels,输入的通道数不同时就会出错。",
        en="The first convolution's number of input channels is hard-coded (for example 1 or 3) instead of using in_channels, so inputs with another channel count fail.",
        hint_zh="第一层写成 nn.Conv2d(in_channels, ...),后面每一层的输入通道数等于前一层的输出通道数。",
        hint_en="Make the first layer nn.Conv2d(in_channels, ...); each later layer's input channels equal the previous layer's output channels.",
    ),
    mistake(
        "kernel-flipped",
        zh="计算的是数学上的卷积(卷积核上下、左右翻转)。F.conv2d 和 nn.Conv2d 计算的是互相关:卷积核不翻转,直接与每个窗口对应位置相乘再求和。",
        en="It computes a true (mathematical) convolution, with the kernel flipped up-down and left-right. F.conv2d and nn.Conv2d compute a cross-correlation: the kernel is not flipped, it is multiplied with each window position by position and summed.",
        hint_zh="输出位置 (i, j) 为 sum(窗口 x_pad[:, :, i*stride + a, j*stride + b] * weight[:, :, a, b]),a、b 从 0 开始递增,不要用 weight.flip 或倒序的下标。",
        hint_en="Output (i, j) is the sum over a, b of x_pad[:, :, i*stride + a, j*stride + b] * weight[:, :, a, b], with a and b counting up from 0: no weight.flip and no reversed indices.",
    ),
    mistake(
        "padding-ignored",
        zh="没有使用 padding:输入没有在四周补零,输出与 padding=0 时相同,比要求的小。",
        en="The padding is not applied: the input is not surrounded by zeros, so the output is the one for padding=0, smaller than asked.",
        hint_zh="先在高和宽的两侧各补 padding 个零(例如 F.pad(x, (padding, padding, padding, padding)),或新建全零张量再把 x 放进中间),再在补零后的输入上滑动窗口。",
        hint_en="First add padding zeros on both sides of the height and width (for example F.pad(x, (padding, padding, padding, padding)), or a zero tensor with x copied into its middle), then slide the window over the padded input.",
    ),
    mistake(
        "stride-ignored",
        zh="窗口每次只移动 1 个像素,没有按 stride 跳步:输出是步幅为 1 时的结果(或它左上角的一块),而不是每隔 stride 个位置取一个。",
        en="The window moves one pixel at a time instead of stride pixels: the output is the stride-1 result (or its top-left corner) instead of every stride-th position.",
        hint_zh="输出大小为 (H + 2*padding - kH) // stride + 1;第 i 行窗口的起点是 i*stride,而不是 i。",
        hint_en="The output height is (H + 2*padding - kH) // stride + 1, and window row i starts at i*stride, not at i.",
    ),
)
