"""Section 2.8: the references agree with PyTorch, other correct forms earn full marks,
other ways of writing a named mistake are named, and other wrong answers lose points."""

from __future__ import annotations

import importlib.util
import math
import textwrap
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s28_transformer"


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"_test_{path.parent.name}_{MODULE}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IMPLEMENTATIONS = {
    "solutions": _load(ROOT / "solutions" / f"{MODULE}.py"),
    "variant": _load(ROOT / "tests" / "variants" / f"{MODULE}.py"),
}


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
def test_attention_matches_torch(impl: str) -> None:
    module = IMPLEMENTATIONS[impl]
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, n, e, generator=g) for n, e in ((4, 5), (6, 5), (6, 7)))
    mask = torch.rand(2, 1, 4, 6, generator=g) < 0.6
    mask[..., 0] = True
    for m in (None, mask, torch.ones(4, 6, dtype=torch.bool).tril()):
        out, weights = module.scaled_dot_product_attention(q, k, v, m)
        torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=m))
        torch.testing.assert_close(weights.sum(-1), torch.ones(2, 3, 4))
        if m is not None:
            assert bool((weights.masked_select(~m.expand_as(weights)) == 0).all())


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
def test_masks_heads_and_encoding(impl: str) -> None:
    module = IMPLEMENTATIONS[impl]
    mask = module.causal_mask(5)
    assert mask.dtype == torch.bool and torch.equal(mask, torch.ones(5, 5).tril().bool())
    assert module.causal_mask(3, device="meta").device.type == "meta"
    x = torch.randn(2, 7, 12)
    heads = module.split_heads(x, 3)
    assert heads.shape == (2, 3, 7, 4)
    assert torch.equal(heads[1, 2, 5], x[1, 5, 8:12])
    assert torch.equal(module.merge_heads(heads), x)
    with pytest.raises(ValueError, match="5"):
        module.split_heads(x, 5)
    pe = module.sinusoidal_positional_encoding(11, 6)
    assert pe.dtype == torch.float32 and pe.shape == (11, 6)
    for pos, i in ((3, 0), (7, 1), (10, 2)):
        angle = pos / 10000 ** (2 * i / 6)
        assert pe[pos, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-5)
        assert pe[pos, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-5)


# -- other correct forms ------------------------------------------------------------
OTHER_CORRECT = [
    (
        "2.8.scaled_dot_product_attention",
        """
        import math
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            q = q / math.sqrt(q.shape[-1])
            scores = torch.matmul(q, k.transpose(-2, -1))
            if mask is not None:
                scores = torch.where(mask, scores, -1e9)
            weights = torch.exp(scores - scores.amax(-1, keepdim=True))
            weights = weights / weights.sum(-1, keepdim=True)
            return torch.matmul(weights, v), weights
        """,
    ),
    (
        "2.8.scaled_dot_product_attention",
        """
        import torch
        import torch.nn.functional as F

        def scaled_dot_product_attention(q, k, v, mask=None):
            scores = (q.double() @ k.double().mT) * q.shape[-1] ** -0.5
            weights = scores.softmax(-1)
            if mask is not None:  # zero after the softmax, then renormalise: also right
                weights = weights * mask
                weights = weights / weights.sum(-1, keepdim=True)
            weights = weights.float()
            return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), weights
        """,
    ),
    (
        "2.8.causal_mask",
        """
        import torch

        def causal_mask(size, device=None):
            if size <= 0:
                raise ValueError(size)
            return torch.tril(torch.ones(size, size, device=device)).bool()
        """,
    ),
    (
        "2.8.causal_mask",
        """
        import torch

        def causal_mask(size, device=None):
            if size <= 0:
                raise ValueError(f"size={size}")
            blocked = torch.triu(torch.ones(size, size, dtype=torch.bool), diagonal=1)
            return (~blocked).to(device or "cpu")
        """,
    ),
    (
        "2.8.causal_mask",
        """
        import torch

        def causal_mask(size, device=None):
            if size <= 0:
                raise ValueError(f"size={size}")
            device = torch.device(device) if device is not None else None
            rows = torch.arange(size, device=device).view(-1, 1)
            cols = torch.arange(size, device=rows.device).view(1, -1)
            return cols <= rows
        """,
    ),
    (
        "2.8.split_heads",
        """
        def split_heads(x, num_heads):
            b, l, d = x.shape
            if d % num_heads:
                raise ValueError(f"{d} % {num_heads} != 0")
            return x.reshape(b, l, num_heads, d // num_heads).permute(0, 2, 1, 3).contiguous()
        """,
    ),
    (
        "2.8.merge_heads",
        """
        def merge_heads(x):
            b, h, l, d = x.shape
            return x.permute(0, 2, 1, 3).contiguous().view(b, l, h * d)
        """,
    ),
    (
        "2.8.sinusoidal_positional_encoding",
        """
        import math
        import torch

        def sinusoidal_positional_encoding(length, d_model):
            if length <= 0:
                raise ValueError(f"length {length}")
            if d_model <= 0 or d_model % 2:
                raise ValueError(f"d_model {d_model}")
            position = torch.arange(0, length, dtype=torch.float).unsqueeze(1)
            div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
            pe = torch.zeros(length, d_model)
            pe[:, 0::2] = torch.sin(position * div_term)
            pe[:, 1::2] = torch.cos(position * div_term)
            return pe
        """,
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "source"),
    OTHER_CORRECT,
    ids=[f"{e}:{i}" for i, (e, _) in enumerate(OTHER_CORRECT)],
)
def test_2_8_other_correct_forms_get_full_marks(
    grader, exercise_id: str, source: str, hidden: bool
) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id, hidden=hidden)
    assert result.full_marks, result.feedback


# -- other ways of writing the named mistakes ------------------------------------
_PE = """
import torch

def sinusoidal_positional_encoding(length, d_model):
    if length <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"bad length {{length}} or d_model {{d_model}}")
    pe = torch.zeros(length, d_model)
    for pos in range(length):
        for i in range(0, d_model, 2):
            pe[pos, i] = {even}
            pe[pos, i + 1] = {odd}
    return pe
"""

OTHER_MISTAKES = [
    (
        "2.8.scaled_dot_product_attention",
        "mask-inverted",
        """
        import math
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
            if mask is not None:
                scores = scores.masked_fill(mask, float("-inf"))
            w = torch.softmax(scores, dim=-1)
            return w @ v, w
        """,
    ),
    (
        "2.8.scaled_dot_product_attention",
        "mask-after-softmax",
        """
        import math
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            w = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.size(-1)), dim=-1)
            if mask is not None:
                w = w * mask.float()
            return w @ v, w
        """,
    ),
    (
        "2.8.scaled_dot_product_attention",
        "softmax-wrong-dim",
        """
        import math
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            s = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
            if mask is not None:
                s = s.masked_fill(~mask, float("-inf"))
            w = torch.softmax(s, dim=0)
            return w @ v, w
        """,
    ),
    (
        "2.8.scaled_dot_product_attention",
        "attention-scale-by-d",
        """
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            s = (q / q.shape[-1]) @ k.transpose(-2, -1)
            if mask is not None:
                s = s.masked_fill(mask.logical_not(), -1e4)
            w = s.softmax(dim=-1)
            return w @ v, w
        """,
    ),
    (
        "2.8.causal_mask",
        "causal-mask-transposed",
        """
        import torch

        def causal_mask(size, device=None):
            if size <= 0:
                raise ValueError(size)
            return torch.ones(size, size, dtype=torch.bool, device=device).tril().T
        """,
    ),
    (
        "2.8.sinusoidal_positional_encoding",
        "pe-exponent-wrong",  # the cosine uses the next column's exponent
        _PE.format(
            even="math.sin(pos / 10000 ** (2 * i / d_model))",
            odd="math.cos(pos / 10000 ** (2 * (i + 1) / d_model))",
        ).replace("import torch", "import math\nimport torch"),
    ),
    (
        "2.8.sinusoidal_positional_encoding",
        "pe-exponent-wrong",  # 2i/d with i the column index, even for the cosine column
        """
        import torch

        def sinusoidal_positional_encoding(length, d_model):
            if length <= 0 or d_model <= 0 or d_model % 2:
                raise ValueError(f"{length} {d_model}")
            col = torch.arange(d_model, dtype=torch.float32)
            angle = torch.arange(length, dtype=torch.float32)[:, None] / 10000 ** (2 * col / d_model)
            pe = angle.clone()
            pe[:, 0::2] = torch.sin(angle[:, 0::2])
            pe[:, 1::2] = torch.cos(angle[:, 1::2])
            return pe
        """,
    ),
    (
        "2.8.sinusoidal_positional_encoding",
        "pe-sin-cos-swapped",
        _PE.format(
            even="math.cos(pos / 10000 ** (i / d_model))",
            odd="math.sin(pos / 10000 ** (i / d_model))",
        ).replace("import torch", "import math\nimport torch"),
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "mistake", "source"),
    OTHER_MISTAKES,
    ids=[f"{e}:{m}:{i}" for i, (e, m, _) in enumerate(OTHER_MISTAKES)],
)
def test_2_8_other_ways_of_a_mistake_are_named(
    grader, exercise_id: str, mistake: str, source: str, hidden: bool
) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id, hidden=hidden)
    assert result.score < result.max_score, result.feedback
    assert list(result.mistakes) == [mistake], result.feedback


# -- other wrong answers: they lose points, and no mistake is named ------------------
UNNAMED_WRONG = [
    (
        "2.8.scaled_dot_product_attention",
        """
        import math
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            s = q @ k.transpose(-2, -1) / math.sqrt(v.size(-1))  # the size of v, not of q
            if mask is not None:
                s = s.masked_fill(~mask, float("-inf"))
            w = torch.softmax(s, dim=-1)
            return w @ v, w
        """,
    ),
    (
        "2.8.scaled_dot_product_attention",
        """
        import math
        import torch

        def scaled_dot_product_attention(q, k, v, mask=None):
            s = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
            if mask is not None:
                s = s * mask  # multiplies the scores instead of blocking them
            w = torch.softmax(s, dim=-1)
            return w @ v, w
        """,
    ),
    (
        "2.8.causal_mask",
        """
        import torch

        def causal_mask(size, device=None):  # ignores device
            if size <= 0:
                raise ValueError(size)
            return torch.ones(size, size, dtype=torch.bool).tril()
        """,
    ),
    (
        "2.8.causal_mask",
        """
        import torch

        def causal_mask(size, device=None):  # a float mask
            if size <= 0:
                raise ValueError(size)
            return torch.ones(size, size, device=device).tril()
        """,
    ),
    (
        "2.8.split_heads",
        """
        def split_heads(x, num_heads):  # heads interleaved across the features
            b, l, d = x.shape
            if d % num_heads:
                raise ValueError(f"{d} {num_heads}")
            return x.view(b, l, d // num_heads, num_heads).permute(0, 3, 1, 2)
        """,
    ),
    (
        "2.8.sinusoidal_positional_encoding",
        """
        import torch

        def sinusoidal_positional_encoding(length, d_model):  # sines first, then cosines
            if length <= 0 or d_model <= 0 or d_model % 2:
                raise ValueError(f"{length} {d_model}")
            pos = torch.arange(length, dtype=torch.float64)[:, None]
            angle = pos / 10000 ** (torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
            return torch.cat([angle.sin(), angle.cos()], dim=1).float()
        """,
    ),
    (
        "2.8.sinusoidal_positional_encoding",
        """
        import torch

        def sinusoidal_positional_encoding(length, d_model):  # forgot sin and cos
            if length <= 0 or d_model <= 0 or d_model % 2:
                raise ValueError(f"{length} {d_model}")
            pos = torch.arange(length, dtype=torch.float32)[:, None]
            freq = 10000 ** (-torch.arange(0, d_model, 2, dtype=torch.float32) / d_model)
            return (pos * freq).repeat_interleave(2, dim=1)
        """,
    ),
]


@pytest.mark.parametrize(
    ("exercise_id", "source"),
    UNNAMED_WRONG,
    ids=[f"{e}:{i}" for i, (e, _) in enumerate(UNNAMED_WRONG)],
)
def test_2_8_other_wrong_answers_lose_points(grader, exercise_id: str, source: str) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id)
    assert result.score < result.max_score, result.feedback
    assert not result.mistakes, result.feedback


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
