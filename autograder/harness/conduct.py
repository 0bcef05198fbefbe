"""Watch every call a probe makes to the student's function: what it returned, what it
changed, which library calls it made, what it raised.

The probe calls a :class:`WatchedFunction` in place of the student's function.
Around each call it

- snapshots the tensors passed in and, afterwards, puts back any the function
  changed (``mutated``), so that later calls of the probe see the inputs the
  case gave; a returned tensor that shares memory with a changed input is
  copied first, so the value is judged as it was when the function returned;
- records calls to the library functions the task forbids (``forbidden``),
  through a ``TorchFunctionMode`` active only while student code runs;
- records the first exception escaping the student's code (``raised``: type,
  message, line of the student's file), to show the real cause when a probe
  fails on it;
- stops the probe with :class:`WrongReturn` when the value returned is not of
  the kind the task asks for (``None``: a forgotten ``return``).

All of it happens in the student's process, so the grader uses it only to name
mistakes and take points away, never to give them.
"""

from __future__ import annotations

import contextvars
import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import torch
from torch.overrides import TorchFunctionMode, resolve_name

from autograder.harness.returns import describe_value, matches

# Set while a probe calls the function with bad arguments on purpose (``observe_call``):
# an error is the answer then, and nothing else about the call is judged.
_EXPECTING_ERROR: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "expecting_error", default=False
)

_MAX_RECORDED = 20  # distinct forbidden calls kept per case

# Taken when this module is imported (before any student code): patching torch.equal or
# Tensor.clone in a submission does not blind the watcher to its own changed inputs.
_equal = torch.equal
_allclose = torch.allclose
_clone = torch.Tensor.clone
_detach = torch.Tensor.detach
_copy = torch.Tensor.copy_


# The function being watched while a probe runs, for helpers that catch what student
# code raised (a model's forward, a call on the meta device) to report it.
_ACTIVE: contextvars.ContextVar[WatchedFunction | None] = contextvars.ContextVar(
    "watched", default=None
)


@contextmanager
def watching(fn: WatchedFunction) -> Iterator[None]:
    """Make ``fn`` the function :func:`note_exception` reports to."""
    token = _ACTIVE.set(fn)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def note_exception(exc: BaseException) -> None:
    """Record an exception a probe caught (from student code, such as a model's forward)
    as the cause to show, if none was recorded yet."""
    active = _ACTIVE.get()
    if active is not None:
        active._note_raised(exc)


@contextmanager
def expecting_error() -> Iterator[None]:
    """Calls made inside are bad-argument calls: only whether and how they fail matters."""
    token = _EXPECTING_ERROR.set(True)
    try:
        yield
    finally:
        _EXPECTING_ERROR.reset(token)


class WrongReturn(BaseException):
    """The function returned a value of another kind than the task asks for.

    A BaseException, so that probes catching ``Exception`` around a call (to record
    an error as an answer) let it through and the whole case reports it.
    """

    def __init__(self, returned: str) -> None:
        super().__init__(returned)
        self.returned = returned


@dataclass
class Conduct:
    """What the watched calls of one case did (plain data once :meth:`as_data`)."""

    forbidden: list[str] = field(default_factory=list)
    mutated: list[str] = field(default_factory=list)
    raised: dict[str, str] | None = None
    bad_calls: list[dict[str, str]] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """The record as plain data for the report (empty parts left out)."""
        data: dict[str, Any] = {}
        if self.forbidden:
            data["forbidden"] = list(self.forbidden)
        if self.mutated:
            data["mutated"] = list(self.mutated)
        if self.raised:
            data["raised"] = dict(self.raised)
        if self.bad_calls:
            data["bad_calls"] = [dict(call) for call in self.bad_calls]
        return data


def call_name(func: Any) -> str:
    """The public name of a torch function or method (``torch.Tensor.softmax``)."""
    try:
        name = resolve_name(func)
    except Exception:
        name = None
    if name:
        return name
    module = getattr(func, "__module__", None) or ""
    qualname = getattr(func, "__qualname__", None) or getattr(func, "__name__", "?")
    return f"{module}.{qualname}" if module else str(qualname)


class _ForbiddenCalls(TorchFunctionMode):
    """Records calls whose public name is in ``names`` (it changes nothing they do)."""

    def __init__(self, names: frozenset[str], conduct: Conduct) -> None:
        super().__init__()
        self.names = names
        self.conduct = conduct

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = call_name(func)
        recorded = self.conduct.forbidden
        if name in self.names and name not in recorded and len(recorded) < _MAX_RECORDED:
            recorded.append(name)
        return func(*args, **(kwargs or {}))


@dataclass(frozen=True)
class _Input:
    where: str
    tensor: torch.Tensor
    copy: torch.Tensor


def _named_arguments(
    fn: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]
) -> list[tuple[str, Any]]:
    """The arguments by the parameter names of ``fn`` (``#0``, ``#1`` where it has none)."""
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
        return list(bound.arguments.items())
    except (TypeError, ValueError):
        return [*((f"#{i}", a) for i, a in enumerate(args)), *kwargs.items()]


def _tensors_in(arguments: Sequence[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Every tensor passed, at the top level or one list/tuple/dict deep, with where it was."""
    for where, value in arguments:
        if isinstance(value, torch.Tensor):
            yield str(where), value
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, torch.Tensor):
                    yield f"{where}[{i}]", item
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, torch.Tensor):
                    yield f"{where}[{key!r}]", item


def _snapshot(arguments: Sequence[tuple[str, Any]]) -> list[_Input]:
    inputs = []
    for where, tensor in _tensors_in(arguments):
        if type(tensor) not in (torch.Tensor, torch.nn.Parameter) or tensor.is_meta:
            continue  # a meta tensor has no values; a subclass is not the probe's
        inputs.append(_Input(where, tensor, _clone(_detach(tensor))))
    return inputs


def _unchanged(now: torch.Tensor, before: torch.Tensor, rtol: float, atol: float) -> bool:
    if now.shape != before.shape or now.dtype != before.dtype or now.device != before.device:
        return False
    current = _detach(now)
    if _equal(current, before):
        return True
    if not current.is_floating_point():
        return False
    # NaN is not equal to itself: an input holding NaN is unchanged if it still does there.
    return bool(_allclose(current, before, rtol=rtol, atol=atol, equal_nan=True))


def _restore(tensor: torch.Tensor, copy: torch.Tensor) -> None:
    with torch.no_grad():
        if tensor.shape == copy.shape and tensor.dtype == copy.dtype:
            _copy(tensor, copy)
        else:
            tensor.set_(_clone(copy))


def _shares_memory(value: torch.Tensor, inputs: Sequence[_Input]) -> bool:
    try:
        pointer = value.untyped_storage().data_ptr()
    except Exception:
        return False
    return any(pointer == i.tensor.untyped_storage().data_ptr() for i in inputs)


def _copied_where_shared(value: Any, inputs: Sequence[_Input], memo: dict[int, Any]) -> Any:
    """``value`` with each tensor that shares memory with a changed input copied (the same
    tensor twice stays one copy)."""
    if isinstance(value, torch.Tensor):
        if id(value) not in memo:
            memo[id(value)] = _clone(value) if _shares_memory(value, inputs) else value
        return memo[id(value)]
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(_copied_where_shared(v, inputs, memo) for v in value)
    if isinstance(value, list) and type(value) is list:
        return [_copied_where_shared(v, inputs, memo) for v in value]
    return value


def _message(exc: BaseException) -> str:
    try:
        return str(exc)[:300]
    except Exception:
        return "<unprintable message>"


def _argument_text(value: Any) -> str:
    """An argument as the student would recognise it, short (tensors by shape)."""
    if isinstance(value, torch.Tensor):
        return f"tensor{tuple(value.shape)}"
    if isinstance(value, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in value):
        return f"[{len(value)} tensors]"
    text = (
        repr(value) if isinstance(value, (str, int, float, bool, type(None), tuple, list)) else ""
    )
    return text[:60] if text else type(value).__name__[:40]


def _call_text(fn: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    """``name(arg, ..., key=value)`` as the probe called it."""
    name = getattr(fn, "__name__", "f")
    parts = [_argument_text(a) for a in args] + [
        f"{k}={_argument_text(v)}" for k, v in kwargs.items()
    ]
    return f"{str(name)[:60]}({', '.join(parts)})"


class WatchedFunction:
    """The student's function as the probe calls it (see the module docstring)."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        returns: str = "any",
        forbidden: frozenset[str] = frozenset(),
        input_tolerance: tuple[float, float] = (0.0, 0.0),
        describe_error: Callable[[BaseException], dict[str, str]] | None = None,
    ) -> None:
        self.fn = fn
        self.returns = returns
        self.forbidden = forbidden
        self.input_tolerance = input_tolerance
        self.describe_error = describe_error
        self.conduct = Conduct()

    def __getattr__(self, name: str) -> Any:  # probes may read the function's attributes
        return getattr(self.fn, name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _EXPECTING_ERROR.get():
            return self._bad_call(args, kwargs)
        inputs = _snapshot(_named_arguments(self.fn, args, kwargs))
        try:
            with self._recording():
                value = self.fn(*args, **kwargs)
        except BaseException as exc:
            self._note_raised(exc)
            self._put_back(inputs, value=None)
            raise
        value = self._put_back(inputs, value)
        if not matches(value, self.returns):
            raise WrongReturn(describe_value(value))
        return value

    def _bad_call(self, args: Sequence[Any], kwargs: dict[str, Any]) -> Any:
        """A call with a bad argument: record how it was made and how it failed."""
        record = {"call": _call_text(self.fn, args, kwargs), "error": "no error", "message": ""}
        if len(self.conduct.bad_calls) < _MAX_RECORDED:
            self.conduct.bad_calls.append(record)
        try:
            with self._recording():
                return self.fn(*args, **kwargs)
        except Exception as exc:
            record["error"] = type(exc).__name__[:80]
            record["message"] = _message(exc)
            raise

    def _recording(self) -> Any:
        if not self.forbidden:
            return nullcontext()
        return _ForbiddenCalls(self.forbidden, self.conduct)

    def _note_raised(self, exc: BaseException) -> None:
        if self.conduct.raised is not None or self.describe_error is None:
            return
        if isinstance(exc, (NotImplementedError, WrongReturn)) or not isinstance(exc, Exception):
            return
        self.conduct.raised = self.describe_error(exc)

    def _put_back(self, inputs: Sequence[_Input], value: Any) -> Any:
        """Restore every changed input (recording where), the value copied first if it
        shares memory with one."""
        rtol, atol = self.input_tolerance
        changed = [i for i in inputs if not _unchanged(i.tensor, i.copy, rtol, atol)]
        if not changed:
            return value
        value = _copied_where_shared(value, changed, {})
        for item in changed:
            if item.where not in self.conduct.mutated:
                self.conduct.mutated.append(item.where)
            try:
                _restore(item.tensor, item.copy)
            except Exception:  # a tensor the student made unrestorable: later calls see it
                continue
        return value
