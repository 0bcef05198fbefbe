"""Hidden grader for section 2.1: cases and mutants."""

from __future__ import annotations

from pathlib import Path

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


# -- quiz explanations (zh and en) in explanations/s21_basics.yml -------------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s21_basics.yml")
