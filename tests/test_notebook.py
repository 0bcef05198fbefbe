"""check() in a notebook cell: the public checks, in the kernel's own process."""

from __future__ import annotations

import torch
from torch import nn

from autograder import check
from autograder.model import Status
from autograder.notebook import run_check


def train_step(model, loss_fn, optimizer, x, y):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def test_correct_function_passes_and_shows_feedback() -> None:
    report = run_check("2.2.train_step", train_step, lang="en")
    assert report.result.status is Status.PASSED and report.result.full_marks
    assert "2.2.train_step" in repr(report) and "passed" in report._repr_html_()


def test_buggy_function_is_named_in_chinese() -> None:
    def softmax(x, dim=-1):
        e = torch.exp(x)
        return e / e.sum(dim=dim, keepdim=True)

    report = run_check("2.3.softmax", softmax)
    assert "softmax-overflow" in report.result.mistakes
    assert "建议" in repr(report)


def test_stub_is_not_attempted_and_unknown_ids_are_explained() -> None:
    def build_mlp(in_features, hidden_sizes, out_features) -> nn.Sequential:
        raise NotImplementedError

    assert run_check("2.1.build_mlp", build_mlp).result.status is Status.NOT_ATTEMPTED
    try:
        check("2.1.build_cnn", build_mlp)
    except Exception as exc:
        assert "2.1.build_mlp" in str(exc)
    else:
        raise AssertionError("an unknown id must be refused")
