"""Safe exchange of plain data between the grader and the student process.

Only plain values cross the boundary: ``None``, bools, ints, floats, strings,
lists, tuples, dicts, ``torch.dtype``, ``torch.device`` and tensors of the
exact type ``torch.Tensor`` (or ``nn.Parameter``). Anything else is replaced by
:class:`Opaque`, which records only the name of its type. Decoding never runs
code from the message: it parses JSON and builds tensors from raw bytes with an
allow-listed dtype, so a forged message can at worst be malformed
(:class:`CodecError`), never execute anything or compare equal to everything.

Wire format: ``u32 header length`` + JSON header + the tensors' raw bytes.
"""

from __future__ import annotations

import base64
import json
import math
import struct
from dataclasses import dataclass
from typing import Any

import torch

DTYPES: dict[str, torch.dtype] = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
_DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}
MAX_DEPTH = 64
MAX_STRING = 100_000
MAX_TENSOR_ELEMENTS = 50_000_000
# A message's plain-data part: its size and the number of values in it are bounded, so
# decoding whatever a student process sends costs the grader bounded memory and time.
MAX_HEADER_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
_INT64 = 2**63
_HEADER = struct.Struct("<I")


class CodecError(ValueError):
    """A message could not be encoded or is not a valid message."""


@dataclass(frozen=True)
class TensorData:
    """A tensor as observed: dtype, shape, where it lived, and its values.

    ``device`` is ``"input"`` when the tensor was on the device the inputs were
    given on, else the device type (``"cpu"``, ``"meta"``, ``"cuda"``).
    ``values`` is a CPU tensor, or None for meta tensors (they hold no data).
    """

    dtype: str
    shape: tuple[int, ...]
    device: str
    values: torch.Tensor | None
    requires_grad: bool = False

    def __repr__(self) -> str:
        return f"tensor(shape={self.shape}, dtype={self.dtype}, device={self.device})"


@dataclass(frozen=True)
class Opaque:
    """An object that is not plain data; only its type's name is kept."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


def type_name(obj: Any) -> str:
    """``module.QualName`` of obj's type (``int`` for builtins).

    Used where the object came from student code: whatever a metaclass does,
    the result is a string or ``"?"``.
    """
    cls = type(obj)
    try:
        module, name = cls.__module__, cls.__qualname__
    except Exception:
        return "?"
    if not isinstance(module, str) or not isinstance(name, str):
        return "?"
    return name if module == "builtins" else f"{module}.{name}"


class _Encoder:
    def __init__(self, input_device: torch.device | None) -> None:
        self.input_device = input_device
        self.blobs: list[bytes] = []

    def encode(self, obj: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError("value is nested too deeply")
        cls = type(obj)
        if obj is None or cls in (bool, str):
            if cls is str and len(obj) > MAX_STRING:
                return obj[:MAX_STRING]
            return obj
        if cls is int:
            return obj if -_INT64 <= obj < _INT64 else {"$opaque": "int (more than 64 bits)"}
        if cls is float:
            return obj if math.isfinite(obj) else {"$f": repr(obj)}
        if cls in (torch.Tensor, torch.nn.Parameter):
            return self.tensor(obj)
        if cls is list:
            return [self.encode(item, depth + 1) for item in obj]
        if cls in (tuple, torch.Size):
            return {"$t": [self.encode(item, depth + 1) for item in obj]}
        if cls is dict:
            return {
                "$d": [
                    [self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in obj.items()
                ]
            }
        if cls is torch.dtype:
            return {"$dtype": _DTYPE_NAMES.get(obj, str(obj))}
        if cls is torch.device:
            return {"$device": str(obj)}
        if cls is TensorData:
            return self.tensor_data(obj)
        if cls is Opaque:
            return {"$opaque": obj.type_name}
        return {"$opaque": type_name(obj)}

    def tensor(self, t: torch.Tensor) -> Any:
        if t.layout != torch.strided or t.is_quantized or t.dtype not in _DTYPE_NAMES:
            return {"$opaque": f"torch.Tensor(layout={t.layout}, dtype={t.dtype})"}
        requires_grad = t.requires_grad
        t = t.detach()
        if self.input_device is not None and t.device == self.input_device:
            device = "input"
        else:
            device = t.device.type
        values = None if t.device.type == "meta" else t.cpu()
        return self.tensor_data(
            TensorData(_DTYPE_NAMES[t.dtype], tuple(t.shape), device, values, requires_grad)
        )

    def tensor_data(self, data: TensorData) -> Any:
        entry: dict[str, Any] = {
            "$T": -1,
            "dtype": data.dtype,
            "shape": list(data.shape),
            "dev": data.device,
            "rg": data.requires_grad,
        }
        if data.values is not None:
            flat = data.values.resolve_conj().resolve_neg().contiguous().reshape(-1)
            entry["$T"] = len(self.blobs)
            self.blobs.append(flat.view(torch.uint8).numpy().tobytes())
        return entry


class _Decoder:
    def __init__(self, blobs: list[bytes]) -> None:
        self.blobs = blobs
        self.nodes = 0

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError("message is nested too deeply")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CodecError("message holds too many values")
        if type(node) is int:
            # Beyond 64 bits no answer here is an int; such a value only breaks arithmetic.
            return node if -_INT64 <= node < _INT64 else Opaque("int (more than 64 bits)")
        if node is None or type(node) in (bool, str):
            return node
        if type(node) is float:
            return node
        if type(node) is list:
            return [self.decode(item, depth + 1) for item in node]
        if type(node) is not dict or len(node) == 0:
            raise CodecError(f"unexpected {type(node).__name__} in message")
        if "$t" in node:
            return tuple(self.decode(item, depth + 1) for item in self.list_of(node["$t"]))
        if "$d" in node:
            out = {}
            for pair in self.list_of(node["$d"]):
                if type(pair) is not list or len(pair) != 2:
                    raise CodecError("bad dict entry")
                key = self.decode(pair[0], depth + 1)
                if type(key) not in (str, int, bool, float, tuple) and key is not None:
                    raise CodecError("dict key is not a plain value")
                out[key] = self.decode(pair[1], depth + 1)
            return out
        if "$f" in node:
            text = node["$f"]
            if text not in ("nan", "inf", "-inf"):
                raise CodecError("bad float")
            return float(text)
        if "$T" in node:
            return self.tensor(node)
        if "$dtype" in node:
            name = node["$dtype"]
            if name not in DTYPES:
                return Opaque(f"torch.dtype({name})")
            return DTYPES[name]
        if "$device" in node:
            try:
                return torch.device(str(node["$device"]))
            except RuntimeError as exc:
                raise CodecError("bad device") from exc
        if "$opaque" in node:
            return Opaque(str(node["$opaque"])[:200])
        raise CodecError("unknown entry in message")

    @staticmethod
    def list_of(value: Any) -> list:
        if type(value) is not list:
            raise CodecError("expected a list")
        return value

    def tensor(self, node: dict) -> TensorData:
        dtype_name = node.get("dtype")
        shape = node.get("shape")
        index = node.get("$T")
        device = node.get("dev")
        if dtype_name not in DTYPES or type(shape) is not list or type(device) is not str:
            raise CodecError("bad tensor header")
        if not all(type(s) is int and s >= 0 for s in shape) or len(shape) > 32:
            raise CodecError("bad tensor shape")
        numel = math.prod(shape)
        if numel > MAX_TENSOR_ELEMENTS:
            raise CodecError("tensor too large")
        dtype = DTYPES[dtype_name]
        values = None
        if index == -1 and device != "meta":
            # Only a meta tensor holds no values; anything else without them would compare
            # equal on dtype, shape and device alone.
            raise CodecError("tensor without its values")
        if index != -1:
            if type(index) is not int or not 0 <= index < len(self.blobs):
                raise CodecError("bad tensor reference")
            raw = self.blobs[index]
            itemsize = torch.empty((), dtype=dtype).element_size()
            if len(raw) != numel * itemsize:
                raise CodecError("tensor size does not match its shape")
            if numel == 0:
                values = torch.empty(shape, dtype=dtype)
            else:
                values = torch.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)
        return TensorData(dtype_name, tuple(shape), device[:16], values, node.get("rg") is True)


def encode(obj: Any, input_device: torch.device | None = None) -> tuple[Any, list[bytes]]:
    """Turn obj into a JSON-able tree plus the raw bytes of its tensors."""
    encoder = _Encoder(input_device)
    tree = encoder.encode(obj)
    return tree, encoder.blobs


def decode(tree: Any, blobs: list[bytes]) -> Any:
    """Inverse of :func:`encode`; tensors come back as :class:`TensorData`."""
    return _Decoder(blobs).decode(tree)


def dumps(obj: Any, input_device: torch.device | None = None) -> bytes:
    """Serialise obj into one binary message."""
    tree, blobs = encode(obj, input_device)
    header = json.dumps({"v": tree, "b": [len(b) for b in blobs]}, separators=(",", ":")).encode()
    return b"".join([_HEADER.pack(len(header)), header, *blobs])


def loads(message: bytes) -> Any:
    """Parse one binary message made by :func:`dumps` (or forged by anyone)."""
    if len(message) < _HEADER.size:
        raise CodecError("message too short")
    (header_len,) = _HEADER.unpack_from(message)
    if header_len > MAX_HEADER_BYTES:
        raise CodecError("message header is too large")
    end = _HEADER.size + header_len
    if end > len(message):
        raise CodecError("message header is truncated")
    try:
        header = json.loads(message[_HEADER.size : end])
    except (ValueError, RecursionError) as exc:
        raise CodecError("message header is not valid JSON") from exc
    if type(header) is not dict or type(header.get("b")) is not list:
        raise CodecError("message header is malformed")
    if len(header["b"]) > MAX_NODES:
        raise CodecError("message holds too many tensors")
    blobs: list[bytes] = []
    offset = end
    for size in header["b"]:
        if type(size) is not int or size < 0 or offset + size > len(message):
            raise CodecError("message body is truncated")
        blobs.append(message[offset : offset + size])
        offset += size
    if offset != len(message):
        raise CodecError("message has trailing bytes")
    return decode(header.get("v"), blobs)


def to_json(obj: Any) -> Any:
    """Encode obj as a self-contained JSON value (tensor bytes in base64)."""
    tree, blobs = encode(obj)
    return {"v": tree, "b": [base64.b64encode(b).decode("ascii") for b in blobs]}


def from_json(data: Any) -> Any:
    """Inverse of :func:`to_json`."""
    if type(data) is not dict or type(data.get("b")) is not list:
        raise CodecError("not an encoded value")
    return decode(data.get("v"), [base64.b64decode(b) for b in data["b"]])


def materialize(value: Any, device: torch.device | str = "cpu") -> Any:
    """Fresh live objects from case data: every tensor is a new copy on ``device``.

    Copies matter: the reference, every mutant and the student each get their
    own tensors, so a function that changes its input cannot change anyone else's.
    """
    if isinstance(value, TensorData):
        if value.values is None:
            return torch.empty(value.shape, dtype=DTYPES[value.dtype], device="meta")
        return value.values.clone().to(device)
    if isinstance(value, torch.Tensor):
        return value.detach().clone().to(device)
    if type(value) is list:
        return [materialize(v, device) for v in value]
    if type(value) is tuple:
        return tuple(materialize(v, device) for v in value)
    if type(value) is dict:
        return {k: materialize(v, device) for k, v in value.items()}
    return value
