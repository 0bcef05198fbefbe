"""Section 2.8: the references (and the independent variant) agree with PyTorch, the mask
asked for on the meta device shows where a mask is made (and costs points when it is made
elsewhere, on every machine), and what the probe only observes (an input changed in place, a
bad argument accepted) is diagnosed but never costs or earns points. The sample submissions
are checked in test_sections.py."""

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


# -- placement, asked for on the meta device --------------------------------------
PLACEMENTS = [
    (lambda n, device=None: torch.ones(n, n, dtype=torch.bool, device=device).tril(), "meta"),
    (lambda n, device=None: torch.ones(n, n).tril().bool().to(device), "meta"),
    (lambda n, device=None: torch.tril(torch.full((n, n), True, device=device)), "meta"),
    (lambda n, device=None: torch.ones(n, n, dtype=torch.bool).tril(), "cpu"),
    (
        lambda n, device=None: torch.ones(n, n).tril().to(device).cpu().bool(),
        "error: NotImplementedError",
    ),
    (
        lambda n, device=None: (torch.ones(n, n, device=device) * torch.ones(n, n).tril()).bool(),
        "error: RuntimeError",
    ),
]


@pytest.mark.parametrize(("make", "where"), PLACEMENTS, ids=[w for _, w in PLACEMENTS])
def test_the_mask_asked_for_on_meta_shows_where_it_was_made(make, where: str) -> None:
    """The probe sends the mask itself (or the error on meta) as a result; the grader
    compares it with the reference's meta tensor."""
    from autograder.catalogue.s28_transformer import probe_causal_mask
    from autograder.spec import ProbeContext

    features = probe_causal_mask(make, {"size": 4, "bad_size": -1}, ProbeContext())
    found = features["mask_meta"]
    if isinstance(found, torch.Tensor):
        assert found.device.type == where and found.dtype == torch.bool, found
        assert found.shape == (4, 4)
    else:
        assert found == where


# -- judgement happens in the grader: patching this package or torch gains nothing ----
WRONG = """\
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    out = weights @ v
    k.mul_(2.0)  # changes its input
    return out, weights


def causal_mask(size, device=None):
    return torch.ones(size, size, dtype=torch.bool).triu()  # transposed, device ignored


def split_heads(x, num_heads):
    b, n, d = x.shape
    return x.reshape(b, num_heads, n, d // num_heads)  # view without transpose, no checks


def merge_heads(x):
    b, h, n, e = x.shape
    out = x.transpose(1, 2).reshape(b, n, h * e).clone()
    x.mul_(2.0)  # changes its input
    return out


def sinusoidal_positional_encoding(length, d_model):
    angle = torch.arange(length).unsqueeze(1) / 10000 ** (torch.arange(0, d_model, 2) / d_model)
    pe = torch.zeros(length, d_model)
    pe[:, 0::2], pe[:, 1::2] = torch.cos(angle), torch.sin(angle)  # swapped, no checks
    return pe
"""

# The helpers that used to judge in the student's process, and what they judge with.
PATCHES = """\
import math as _math
import torch as _torch
import autograder.catalogue.s28_transformer as _c
import autograder.spec.rules as _judge
import autograder.probing.probe_tools as _tools
_named = "ValueError naming the value"
_tools.unchanged = lambda *a, **k: True
_judge.bad_argument_verdict = _c.bad_argument_verdict = lambda *a, **k: _named
_judge.same_tensors = _c.same_tensors = _c._same_mask = lambda *a, **k: True
_c._normalised_over = lambda *a, **k: "keys (last dim)"
_c._score_scale = lambda *a, **k: "1/sqrt(d)"
_c._mask_effect = lambda *a, **k: "keeps allowed keys, renormalised"
_c._causal_pattern = lambda *a, **k: "key <= query"
_c._pe_layout = lambda *a, **k: "sin on even columns, cos on odd"
_c._pe_frequencies = lambda *a, **k: "as specified"
_torch.equal = _torch.allclose = _math.isclose = lambda *a, **k: True
_torch.isclose = lambda a, *r, **k: _torch.ones_like(a, dtype=_torch.bool)
"""


def _passed(result) -> set[str]:
    return {c.name for c in result.checks if c.passed}


def test_patching_the_probe_helpers_gains_nothing(grader) -> None:
    """Neither points nor a passed check, diagnoses included (attention and merge_heads are
    wrong only in changing an input: every check passes, and the watcher's mutates-input
    costs its share)."""
    honest = grader.grade_dir(grader.folder_with({f"{MODULE}.py": WRONG}), ["2.8"])
    cheating = grader.grade_dir(grader.folder_with({f"{MODULE}.py": PATCHES + WRONG}), ["2.8"])
    changes_an_input = {"2.8.scaled_dot_product_attention", "2.8.merge_heads"}
    for result in honest.exercises:
        if ".quiz." not in result.id:
            if result.id in changes_an_input:
                assert all(c.passed for c in result.checks), result.feedback
                assert result.mistakes == ("mutates-input",), result.feedback
                assert result.score == pytest.approx(0.75 * result.max_score), result.feedback
            else:
                assert any(not c.passed for c in result.checks), result.id
            cheated = cheating.result(result.id)
            assert cheated.score <= result.score, result.id
            assert _passed(cheated) <= _passed(result), cheated.feedback


IGNORES_DEVICE = """\
import torch


def causal_mask(size, device=None):  # ignores device
    if size <= 0:
        raise ValueError(size)
    return torch.ones(size, size, dtype=torch.bool).tril()
"""


@pytest.mark.parametrize("hidden", [True, False])
def test_ignoring_the_device_costs_points(grader, hidden: bool) -> None:
    """Grading on the CPU, a mask that ignores ``device`` has every value right; the mask
    asked for on the meta device comes back from the CPU, so the placement check fails and
    costs points (no named mistake covers it)."""
    result = grader.grade_source(MODULE, IGNORES_DEVICE, "2.8.causal_mask", hidden=hidden)
    assert result.score < result.max_score, result.feedback
    failed = {c.name for c in result.checks if not c.passed}
    assert failed == {"created on the requested device (checked with the meta device)"}
    assert not result.mistakes, result.feedback
