"""Section 2.5: the references (and the independent variant) agree with torch, and the
exercise stubs are not attempted. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from autograder.model import Status

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s25_cnn"


# -- the references agree with torch --------------------------------------------
def test_conv2d_output_size_matches_conv2d(impl) -> None:
    x = torch.zeros(1, 1, 11, 8)
    for kh, kw, sh, sw, ph, pw, dh, dw in itertools.product(
        (1, 3), (2,), (1, 2), (3,), (0, 1), (2,), (1, 2), (1, 3)
    ):
        want = F.conv2d(x, torch.zeros(1, 1, kh, kw), None, (sh, sw), (ph, pw), (dh, dw))
        got = impl.conv2d_output_size((11, 8), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
        assert got == tuple(want.shape[-2:])
        assert type(got) is tuple and all(type(v) is int for v in got)
    assert impl.conv2d_output_size(28, 5) == (24, 24)
    assert impl.conv2d_output_size((32, 20), 3, stride=2, padding=1) == (16, 10)
    with pytest.raises(ValueError, match="-2"):
        impl.conv2d_output_size(28, 3, stride=-2)


def test_pool2d_output_size_matches_max_pool(impl) -> None:
    x = torch.zeros(1, 1, 13, 10)
    for k, s, p in itertools.product((2, 3, (4, 2)), (None, 1, 2, (3, 1)), (0, 1)):
        want = F.max_pool2d(x, k, s, p)
        assert impl.pool2d_output_size((13, 10), k, s, p) == tuple(want.shape[-2:])
    assert impl.pool2d_output_size((10, 7), 2) == (5, 3)


def test_conv2d_manual_matches_conv2d(impl) -> None:
    g = torch.Generator().manual_seed(0)
    for stride, padding, with_bias in itertools.product((1, 2, 3), (0, 1, 2), (True, False)):
        x = torch.randn(2, 3, 9, 7, generator=g)
        weight = torch.randn(4, 3, 2, 3, generator=g)
        bias = torch.randn(4, generator=g) if with_bias else None
        got = impl.conv2d_manual(x, weight, bias, stride, padding)
        torch.testing.assert_close(got, F.conv2d(x, weight, bias, stride, padding))


@pytest.mark.parametrize("size", [(8, 8), (9, 11), (13, 8), (28, 28), (31, 17)])
def test_build_cnn_maps_images_to_logits(impl, size) -> None:
    model = impl.build_cnn(2, 5, size).eval()
    with torch.no_grad():
        assert model(torch.randn(3, 2, *size)).shape == (3, 5)
    assert any(isinstance(m, torch.nn.Conv2d) for m in model.modules())
    with pytest.raises(ValueError, match="-4"):
        impl.build_cnn(2, -4, size)


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.5"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback
