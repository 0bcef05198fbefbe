"""Section 2.5: the references agree with torch, and more correct and wrong variants."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s25_cnn"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"s25_under_test_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["solutions", "variants"])
def solution(request):
    folder = ROOT / "solutions" if request.param == "solutions" else ROOT / "tests" / "variants"
    return _load(folder / f"{MODULE}.py")


# -- the references agree with torch --------------------------------------------
def test_conv2d_output_size_matches_conv2d(solution) -> None:
    x = torch.zeros(1, 1, 11, 8)
    for kh, kw, sh, sw, ph, pw, dh, dw in itertools.product(
        (1, 3), (2,), (1, 2), (3,), (0, 1), (2,), (1, 2), (1, 3)
    ):
        want = F.conv2d(x, torch.zeros(1, 1, kh, kw), None, (sh, sw), (ph, pw), (dh, dw))
        got = solution.conv2d_output_size((11, 8), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
        assert got == tuple(want.shape[-2:])
        assert type(got) is tuple and all(type(v) is int for v in got)
    assert solution.conv2d_output_size(28, 5) == (24, 24)
    assert solution.conv2d_output_size((32, 20), 3, stride=2, padding=1) == (16, 10)
    with pytest.raises(ValueError, match="-2"):
        solution.conv2d_output_size(28, 3, stride=-2)


def test_pool2d_output_size_matches_max_pool(solution) -> None:
    x = torch.zeros(1, 1, 13, 10)
    for k, s, p in itertools.product((2, 3, (4, 2)), (None, 1, 2, (3, 1)), (0, 1)):
        want = F.max_pool2d(x, k, s, p)
        assert solution.pool2d_output_size((13, 10), k, s, p) == tuple(want.shape[-2:])
    assert solution.pool2d_output_size((10, 7), 2) == (5, 3)


def test_conv2d_manual_matches_conv2d(solution) -> None:
    g = torch.Generator().manual_seed(0)
    for stride, padding, with_bias in itertools.product((1, 2, 3), (0, 1, 2), (True, False)):
        x = torch.randn(2, 3, 9, 7, generator=g)
        weight = torch.randn(4, 3, 2, 3, generator=g)
        bias = torch.randn(4, generator=g) if with_bias else None
        got = solution.conv2d_manual(x, weight, bias, stride, padding)
        torch.testing.assert_close(got, F.conv2d(x, weight, bias, stride, padding))


@pytest.mark.parametrize("size", [(8, 8), (9, 11), (13, 8), (28, 28), (31, 17)])
def test_build_cnn_maps_images_to_logits(solution, size) -> None:
    model = solution.build_cnn(2, 5, size).eval()
    with torch.no_grad():
        assert model(torch.randn(3, 2, *size)).shape == (3, 5)
    assert any(isinstance(m, torch.nn.Conv2d) for m in model.modules())
    with pytest.raises(ValueError, match="-4"):
        solution.build_cnn(2, -4, size)


# -- other correct ways of writing them get full marks ----------------------------
CORRECT = {
    "2.5.conv2d_output_size": [
        # a real convolution on zeros, arguments checked first
        """
        import torch
        import torch.nn.functional as F
        def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
            two = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
            for name in ("size", "kernel_size", "stride", "dilation"):
                for v in two(locals()[name]):
                    if v < 1:
                        raise ValueError(f"{name}: {v}")
            if min(two(padding)) < 0:
                raise ValueError(f"padding {padding}")
            h, w = two(size)
            kh, kw = two(kernel_size)
            out = F.conv2d(torch.zeros(1, 1, h, w), torch.zeros(1, 1, kh, kw), None,
                           two(stride), two(padding), two(dilation))
            return tuple(int(v) for v in out.shape[-2:])
        """,
        # math.floor of a true division, torch.Size kept as the tuple
        """
        import math
        def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
            values = []
            for arg in (size, kernel_size, stride, padding, dilation):
                values.append(arg if isinstance(arg, tuple) else (arg, arg))
            (h, w), (kh, kw), (sh, sw), (ph, pw), (dh, dw) = values
            for v in (h, w, kh, kw, sh, sw, dh, dw):
                if v < 1:
                    raise ValueError("bad argument %s" % v)
            if ph < 0 or pw < 0:
                raise ValueError("negative padding %s" % min(ph, pw))
            out_h = math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh + 1)
            out_w = math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw + 1)
            return out_h, out_w
        """,
    ],
    "2.5.pool2d_output_size": [
        """
        def pool2d_output_size(size, kernel_size, stride=None, padding=0):
            pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)
            stride = kernel_size if stride is None else stride
            out = []
            for n, k, s, p in zip(pair(size), pair(kernel_size), pair(stride), pair(padding)):
                for v in (n, k, s):
                    if v <= 0:
                        raise ValueError(f"invalid: {v}")
                if p < 0:
                    raise ValueError(f"invalid padding: {p}")
                out.append((n + 2 * p - k) // s + 1)
            return tuple(out)
        """,
    ],
    "2.5.build_cnn": [
        # adaptive pooling: the head never depends on the image size
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            if min(in_channels, num_classes, *image_size) <= 0:
                raise ValueError(f"bad size {min(in_channels, num_classes, *image_size)}")
            return nn.Sequential(
                nn.Conv2d(in_channels, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                nn.AdaptiveAvgPool2d((2, 2)), nn.Flatten(), nn.Linear(64, num_classes),
            )
        """,
        # a class that measures the flattened size with a dummy forward pass
        """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        class Net(nn.Module):
            def __init__(self, c, k, hw):
                super().__init__()
                self.conv1 = nn.Conv2d(c, 6, 5, padding=2)
                self.bn = nn.BatchNorm2d(6)
                self.conv2 = nn.Conv2d(6, 16, 3)
                self.drop = nn.Dropout(0.5)
                with torch.no_grad():
                    n = self.features(torch.zeros(1, c, *hw)).shape[1]
                self.fc1 = nn.Linear(n, 32)
                self.fc2 = nn.Linear(32, k)
            def features(self, x):
                x = F.max_pool2d(F.relu(self.bn(self.conv1(x))), 2)
                x = F.relu(self.conv2(x))
                return torch.flatten(x, 1)
            def forward(self, x):
                return self.fc2(self.drop(F.relu(self.fc1(self.features(x)))))
        def build_cnn(in_channels, num_classes, image_size):
            for v in (in_channels, num_classes) + tuple(image_size):
                if v < 1:
                    raise ValueError(f"expected a positive size, got {v}")
            return Net(in_channels, num_classes, image_size)
        """,
        # all convolutional: a 1x1 conv to the classes, then the spatial mean
        """
        from torch import nn
        class Mean(nn.Module):
            def forward(self, x):
                return x.mean(dim=(2, 3))
        def build_cnn(in_channels, num_classes, image_size):
            for name, v in [("in_channels", in_channels), ("num_classes", num_classes),
                            ("height", image_size[0]), ("width", image_size[1])]:
                if v <= 0:
                    raise ValueError(f"{name}={v}")
            return nn.Sequential(
                nn.Conv2d(in_channels, 10, 3), nn.LeakyReLU(), nn.MaxPool2d(2, ceil_mode=True),
                nn.Conv2d(10, num_classes, 1), Mean(),
            )
        """,
    ],
    "2.5.conv2d_manual": [
        # loops over output positions, as in a textbook
        """
        import torch
        def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
            n, c, h, w = x.shape
            o, _, kh, kw = weight.shape
            xp = torch.zeros(n, c, h + 2 * padding, w + 2 * padding, device=x.device)
            xp[:, :, padding:padding + h, padding:padding + w] = x
            oh = (h + 2 * padding - kh) // stride + 1
            ow = (w + 2 * padding - kw) // stride + 1
            out = torch.zeros(n, o, oh, ow, device=x.device)
            for i in range(oh):
                for j in range(ow):
                    win = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                    out[:, :, i, j] = (win.unsqueeze(1) * weight.unsqueeze(0)).sum(dim=(2, 3, 4))
            if bias is not None:
                out += bias.reshape(1, o, 1, 1)
            return out
        """,
        # Tensor.unfold windows and einsum
        """
        import torch
        import torch.nn.functional as F
        def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
            x = F.pad(x, (padding,) * 4)
            windows = x.unfold(2, weight.shape[2], stride).unfold(3, weight.shape[3], stride)
            out = torch.einsum("ncijab,ocab->noij", windows, weight)
            return out if bias is None else out + bias[:, None, None]
        """,
    ],
}

WRONG = {
    # not one of the named mistakes, but still wrong
    "2.5.build_cnn": [
        # no convolution at all
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            if min(in_channels, num_classes, *image_size) <= 0:
                raise ValueError(str(min(in_channels, num_classes, *image_size)))
            h, w = image_size
            return nn.Sequential(nn.Flatten(), nn.Linear(in_channels * h * w, num_classes))
        """,
        # normalises with the batch mean: samples leak into each other
        """
        from torch import nn
        class Net(nn.Module):
            def __init__(self, c, k):
                super().__init__()
                self.conv = nn.Conv2d(c, 4, 3, padding=1)
                self.head = nn.Linear(4, k)
            def forward(self, x):
                x = x - x.mean(dim=0, keepdim=True)
                return self.head(self.conv(x).amax(dim=(2, 3)))
        def build_cnn(in_channels, num_classes, image_size):
            if min(in_channels, num_classes, *image_size) <= 0:
                raise ValueError(str(min(in_channels, num_classes, *image_size)))
            return Net(in_channels, num_classes)
        """,
        # reads only the first channel
        """
        from torch import nn
        class Net(nn.Module):
            def __init__(self, c, k):
                super().__init__()
                self.conv = nn.Conv2d(c, 4, 3, padding=1)
                self.head = nn.Linear(4, k)
            def forward(self, x):
                x = x[:, :1].expand_as(x)
                return self.head(self.conv(x).amax(dim=(2, 3)))
        def build_cnn(in_channels, num_classes, image_size):
            if min(in_channels, num_classes, *image_size) <= 0:
                raise ValueError(str(min(in_channels, num_classes, *image_size)))
            return Net(in_channels, num_classes)
        """,
        # probabilities instead of logits
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            if min(in_channels, num_classes, *image_size) <= 0:
                raise ValueError(str(min(in_channels, num_classes, *image_size)))
            h, w = image_size
            return nn.Sequential(
                nn.Conv2d(in_channels, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(8 * (h // 2) * (w // 2), num_classes), nn.Softmax(dim=1),
            )
        """,
        # four poolings are too many for 8x8 images
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            h, w = image_size
            layers = []
            c = in_channels
            for out in (8, 16, 32, 32):
                layers += [nn.Conv2d(c, out, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
                c = out
                h, w = h // 2, w // 2
            return nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * max(h, 1) * max(w, 1), num_classes))
        """,
    ],
    "2.5.conv2d_output_size": [
        # a list, not a tuple
        """
        def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
            args = [a if isinstance(a, tuple) else (a, a) for a in (size, kernel_size, stride, padding, dilation)]
            for a in args:
                for v in a:
                    if v < 0:
                        raise ValueError(v)
            return [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, s, p, d in zip(*args)]
        """,
        # ceil instead of floor
        """
        import math
        def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
            args = [a if isinstance(a, tuple) else (a, a) for a in (size, kernel_size, stride, padding, dilation)]
            return tuple(math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1 for n, k, s, p, d in zip(*args))
        """,
    ],
    "2.5.pool2d_output_size": [
        # padding ignored
        """
        def pool2d_output_size(size, kernel_size, stride=None, padding=0):
            pair = lambda v: v if isinstance(v, tuple) else (v, v)
            stride = kernel_size if stride is None else stride
            return tuple((n - k) // s + 1 for n, k, s in zip(pair(size), pair(kernel_size), pair(stride)))
        """,
    ],
}


# more ways of making a named mistake (besides tests/buggy), sometimes with a second slip
NAMED = [
    (
        "2.5.conv2d_output_size",
        "conv-size-no-floor",
        """
        def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
            f = lambda v: list(v) if isinstance(v, tuple) else [v, v]
            size, k, s, p, d = f(size), f(kernel_size), f(stride), f(padding), f(dilation)
            return [(size[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1 for i in range(2)]
        """,
    ),
    (
        "2.5.conv2d_output_size",
        "padding-counted-once",
        """
        def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
            def one(n, k, s, p, d):
                return (n + p - (d * (k - 1) + 1)) // s + 1
            a = [v if isinstance(v, tuple) else (v, v) for v in (size, kernel_size, stride, padding, dilation)]
            return (one(*[v[0] for v in a]), one(*[v[1] for v in a]))
        """,
    ),
    (
        "2.5.pool2d_output_size",
        "pool-stride-defaults-to-one",
        """
        def pool2d_output_size(size, kernel_size, stride=None, padding=0):
            t = lambda v: v if isinstance(v, tuple) else (v, v)
            s = t(stride or 1)
            return tuple((n + 2 * p - k) // st + 1 for n, k, st, p in zip(t(size), t(kernel_size), s, t(padding)))
        """,
    ),
    (
        "2.5.build_cnn",
        "in-channels-ignored",
        """
        import torch.nn as nn
        class CNN(nn.Module):
            def __init__(self, num_classes, image_size):
                super().__init__()
                self.conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)  # RGB images
                self.pool = nn.MaxPool2d(2)
                h, w = image_size
                self.fc = nn.Linear(16 * (h // 2) * (w // 2), num_classes)
            def forward(self, x):
                x = self.pool(self.conv(x).relu())
                return self.fc(x.flatten(1))
        def build_cnn(in_channels, num_classes, image_size):
            return CNN(num_classes, image_size)
        """,
    ),
    (
        "2.5.build_cnn",
        "hardcoded-flatten-size",
        # CIFAR-sized
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            return nn.Sequential(
                nn.Conv2d(in_channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, num_classes),
            )
        """,
    ),
    (
        "2.5.build_cnn",
        "hardcoded-flatten-size",
        # the size computed from image_size, forgetting that the unpadded conv shrinks it
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            h, w = image_size
            return nn.Sequential(
                nn.Conv2d(in_channels, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(8 * (h // 2) * (w // 2), num_classes),
            )
        """,
    ),
    (
        "2.5.build_cnn",
        "flatten-includes-batch",
        """
        from torch import nn
        class Net(nn.Module):
            def __init__(self, c, k, hw):
                super().__init__()
                self.conv = nn.Conv2d(c, 4, 3, padding=1)
                self.fc = nn.Linear(4 * hw[0] * hw[1], k)
            def forward(self, x):
                x = self.conv(x).relu()
                return self.fc(x.view(1, -1))
        def build_cnn(in_channels, num_classes, image_size):
            return Net(in_channels, num_classes, image_size)
        """,
    ),
    (
        "2.5.build_cnn",
        "flatten-includes-batch",
        """
        from torch import nn
        def build_cnn(in_channels, num_classes, image_size):
            h, w = image_size
            return nn.Sequential(
                nn.Conv2d(in_channels, 6, 3, padding=1), nn.Tanh(), nn.AvgPool2d(2),
                nn.Flatten(0), nn.Linear(6 * (h // 2) * (w // 2), num_classes),
            )
        """,
    ),
    (
        "2.5.conv2d_manual",
        "kernel-flipped",
        # reversed indices instead of flip, and the stride ignored as well
        """
        import torch
        def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
            n, c, h, w = x.shape
            o, _, kh, kw = weight.shape
            x = torch.nn.functional.pad(x, [padding] * 4)
            oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
            out = x.new_zeros(n, o, oh, ow)
            for a in range(kh):
                for b in range(kw):
                    w_ab = weight[:, :, kh - 1 - a, kw - 1 - b]
                    out += torch.einsum("nchw,oc->nohw", x[:, :, a:a + oh, b:b + ow], w_ab)
            if bias is not None:
                out = out + bias.view(1, -1, 1, 1)
            return out
        """,
    ),
    (
        "2.5.conv2d_manual",
        "stride-ignored",
        # the output size without the stride as well
        """
        import torch
        import torch.nn.functional as F
        def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
            cols = F.unfold(F.pad(x, [padding] * 4), weight.shape[2:])
            oh = x.shape[2] + 2 * padding - weight.shape[2] + 1
            ow = x.shape[3] + 2 * padding - weight.shape[3] + 1
            out = (weight.flatten(1) @ cols).view(x.shape[0], weight.shape[0], oh, ow)
            return out if bias is None else out + bias.view(-1, 1, 1)
        """,
    ),
    (
        "2.5.conv2d_manual",
        "padding-ignored",
        """
        import torch
        def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
            n, c, h, w = x.shape
            o, _, kh, kw = weight.shape
            oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
            out = x.new_empty(n, o, oh, ow)
            for i in range(oh):
                for j in range(ow):
                    patch = x[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                    out[:, :, i, j] = torch.tensordot(patch, weight, dims=([1, 2, 3], [1, 2, 3]))
            return out if bias is None else out + bias[None, :, None, None]
        """,
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "mistake", "source"), NAMED, ids=[f"{e}:{m}" for e, m, _ in NAMED]
)
def test_more_mistakes_are_named(grader, exercise_id, mistake, source, hidden) -> None:
    result = grader.grade_source(MODULE, source, exercise_id, hidden=hidden)
    assert result.score < result.max_score, result.feedback
    assert mistake in result.mistakes, result.feedback


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "source"),
    [(e, s) for e, sources in CORRECT.items() for s in sources],
    ids=[f"{e}#{i}" for e, sources in CORRECT.items() for i in range(len(sources))],
)
def test_correct_variant_gets_full_marks(grader, exercise_id, source, hidden) -> None:
    result = grader.grade_source(MODULE, source, exercise_id, hidden=hidden)
    assert result.status is Status.PASSED, result.feedback


@pytest.mark.parametrize(
    ("exercise_id", "source"),
    [(e, s) for e, sources in WRONG.items() for s in sources],
    ids=[f"{e}#{i}" for e, sources in WRONG.items() for i in range(len(sources))],
)
def test_other_wrong_answers_lose_points_unnamed(grader, exercise_id, source) -> None:
    result = grader.grade_source(MODULE, source, exercise_id)
    assert result.score < result.max_score, result.feedback
    assert not result.mistakes, result.feedback


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.5"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback
