"""Section 2.8: the references (and the independent variant) agree with PyTorch, and the
placement check follows the device. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

MODULE = "s28_transformer"


def test_attention_matches_torch(impl) -> None:
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, n, e, generator=g) for n, e in ((4, 5), (6, 5), (6, 7)))
    mask = torch.rand(2, 1, 4, 6, generator=g) < 0.6
    mask[..., 0] = True
    for m in (None, mask, torch.ones(4, 6, dtype=torch.bool).tril()):
        out, weights = impl.scaled_dot_product_attention(q, k, v, m)
        torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=m))
        torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3, 4))
        if m is not None:
            assert bool((weights.masked_select(~m.expand_as(weights)) == 0).all())


def test_masks_heads_and_encoding(impl) -> None:
    mask = impl.causal_mask(5)
    assert mask.dtype == torch.bool and torch.equal(mask, torch.ones(5, 5).tril().bool())
    assert impl.causal_mask(3, device="meta").device.type == "meta"
    x = torch.randn(2, 7, 12)
    heads = impl.split_heads(x, 3)
    assert heads.shape == (2, 3, 7, 4)
    assert torch.equal(heads[1, 2, 5], x[1, 5, 8:12])
    assert torch.equal(impl.merge_heads(heads), x)
    with pytest.raises(ValueError, match="5"):
        impl.split_heads(x, 5)
    pe = impl.sinusoidal_positional_encoding(11, 6)
    assert pe.dtype == torch.float32 and pe.shape == (11, 6)
    for pos, i in ((3, 0), (7, 1), (10, 2)):
        angle = pos / 10000 ** (2 * i / 6)
        assert pe[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-5)
        assert pe[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-5)


# -- the placement check that stands in for the meta device ---------------------------
PLACEMENTS = [
    (lambda n, device=None: torch.ones(n, n, dtype=torch.bool, device=device).tril(), "requested"),
    (lambda n, device=None: torch.ones(n, n).tril().bool().to(device), "requested"),
    (lambda n, device=None: torch.tril(torch.full((n, n), True, device=device)), "requested"),
    (lambda n, device=None: torch.ones(n, n, dtype=torch.bool).tril(), "another"),
    (lambda n, device=None: torch.ones(n, n).tril().to(device).cpu().bool(), "another"),
    (
        lambda n, device=None: (torch.ones(n, n, device=device) * torch.ones(n, n).tril()).bool(),
        "mixes",
    ),
]


@pytest.mark.parametrize(("make", "where"), PLACEMENTS, ids=[w for _, w in PLACEMENTS])
def test_placement_stand_in_follows_the_device(make, where: str) -> None:
    from autograder.catalogue.s28_transformer import _placement
    from autograder.engine.spec import ProbeContext

    created = []
    found = _placement(
        lambda device: created.append(make(4, device=device)) or created[-1], ProbeContext()
    )
    assert where in found, found
    assert created[0].device.type == "cpu"  # computed on the CPU, never on meta
