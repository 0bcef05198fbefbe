"""The codec carries plain data only and rejects anything malformed or forged."""

from __future__ import annotations

import json
import math
import struct

import pytest
import torch

from autograder.probing.codec import (
    CodecError,
    Opaque,
    TensorData,
    dumps,
    from_json,
    loads,
    materialize,
    to_json,
)


def test_round_trip_of_plain_values() -> None:
    value = {
        "none": None,
        "flag": True,
        "count": 12,
        "ratio": 0.25,
        "nan": math.nan,
        "inf": -math.inf,
        "name": "ReLU",
        "list": [1, [2, 3]],
        "tuple": (1, (2.5, "x")),
        "dtype": torch.float64,
        "device": torch.device("cpu"),
        7: "int key",
    }
    back = loads(dumps(value))
    assert back["list"] == [1, [2, 3]] and back["tuple"] == (1, (2.5, "x"))
    assert type(back["tuple"]) is tuple and back[7] == "int key"
    assert math.isnan(back["nan"]) and back["inf"] == -math.inf
    assert back["dtype"] is torch.float64 and back["device"] == torch.device("cpu")


@pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64, torch.int64, torch.bool, torch.bfloat16]
)
def test_tensors_keep_dtype_shape_and_values(dtype: torch.dtype) -> None:
    t = (torch.arange(24).reshape(2, 3, 4) % 5).to(dtype)
    back = loads(dumps(t.transpose(0, 2)))
    assert isinstance(back, TensorData)
    assert back.shape == (4, 3, 2) and back.dtype == str(dtype).removeprefix("torch.")
    assert torch.equal(back.values, t.transpose(0, 2))


def test_devices_are_labelled_relative_to_the_input_device() -> None:
    cpu = torch.zeros(2)
    meta = torch.zeros(2, device="meta")
    back = loads(dumps([cpu, meta], input_device=torch.device("cpu")))
    assert back[0].device == "input" and back[1].device == "meta" and back[1].values is None


def test_non_plain_objects_become_opaque() -> None:
    class Anything:
        def __eq__(self, other):
            return True

    class Sneaky(torch.Tensor):
        pass

    back = loads(dumps([Anything(), torch.zeros(2).as_subclass(Sneaky), torch.nn.ReLU()]))
    assert all(isinstance(v, Opaque) for v in back)
    assert back[0] != "anything" and "Anything" in back[0].type_name


def test_parameters_are_plain_tensors() -> None:
    back = loads(dumps(torch.nn.Parameter(torch.ones(3))))
    assert isinstance(back, TensorData) and back.requires_grad


def _message(header: dict, *blobs: bytes) -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack("<I", len(raw)) + raw + b"".join(blobs)


@pytest.mark.parametrize(
    "forged",
    [
        b"",
        b"\xff\xff\xff\xff{}",
        _message(
            {"v": {"$T": 0, "dtype": "object", "shape": [1], "dev": "cpu"}, "b": [8]}, b"\0" * 8
        ),
        _message(
            {"v": {"$T": 0, "dtype": "float32", "shape": [3], "dev": "cpu"}, "b": [8]}, b"\0" * 8
        ),
        _message(
            {"v": {"$T": 5, "dtype": "float32", "shape": [1], "dev": "cpu"}, "b": [4]}, b"\0" * 4
        ),
        _message({"v": {"$T": 0, "dtype": "float32", "shape": [-1], "dev": "cpu"}, "b": []}),
        _message({"v": {"__reduce__": "os.system"}, "b": []}),
        _message({"v": {"$d": [[{"$t": []}, 1, 2]]}, "b": []}),
        _message({"v": 1, "b": [4]}, b"\0" * 8),
        _message({"v": 1, "b": [4]}),
        _message({"v": {"$f": "1e999"}, "b": []}),
    ],
)
def test_forged_messages_are_rejected(forged: bytes) -> None:
    with pytest.raises(CodecError):
        loads(forged)


def test_deep_nesting_is_rejected() -> None:
    deep: list = []
    node = deep
    for _ in range(200):
        node.append([])
        node = node[0]
    with pytest.raises(CodecError):
        dumps(deep)
    forged = _message({"v": json.loads("[" * 150 + "]" * 150), "b": []})
    with pytest.raises(CodecError):
        loads(forged)


def test_json_form_round_trips_and_materializes() -> None:
    value = {"x": torch.linspace(0, 1, 5), "k": 3}
    back = from_json(json.loads(json.dumps(to_json(value))))
    live = materialize(back)
    assert type(live["x"]) is torch.Tensor and torch.equal(live["x"], value["x"]) and live["k"] == 3
    live["x"].add_(1)
    assert torch.equal(back["x"].values, value["x"]), "materialize must copy"


def test_materialize_copies_live_tensors_too() -> None:
    case = {"x": torch.ones(3), "nested": [torch.zeros(2)]}
    first = materialize(case)
    first["x"].mul_(5)
    first["nested"][0].add_(1)
    assert torch.equal(case["x"], torch.ones(3)) and torch.equal(case["nested"][0], torch.zeros(2))


def test_type_names() -> None:
    from autograder.probing.codec import type_name

    assert type_name(3) == "int" and type_name((1,)) == "tuple"
    assert type_name(torch.nn.ReLU()) == "torch.nn.modules.activation.ReLU"
