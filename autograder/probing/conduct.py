"""Watch every call a probe makes to the student's function: what it returned, what it
changed, which library calls it made, what it raised.

The probe calls a :class:`WatchedFunction` in place of the student's function.
Around each call it

- hands the function copies of the tensors passed in and records any it
  changed (``mutated``): the probe's own tensors stay as the case gave them
  for later calls, and a returned value stays as it was when the function
  returned;
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import torch
from torch.overrides import TorchFunctionMode, resolve_name
from torch.utils._python_dispatch import TorchDispatchMode

from autograder.probing.returns import describe_value, matches

# Set while a probe calls the function with bad arguments on purpose (``observe_call``):
# an error is the answer then, and nothing else about the call is judged.
_EXPECTING_ERROR: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "expecting_error", default=False
)

_MAX_RECORDED = 20  # distinct forbidden calls kept per case
_ATEN = "aten::"  # forbidden names of ATen operators, as their schema names them

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


def _note_forbidden(conduct: Conduct, names: frozenset[str], name: str) -> None:
    """Record ``name`` once if it is one of the forbidden ``names`` (a bounded list)."""
    recorded = conduct.forbidden
    if name in names and name not in recorded and len(recorded) < _MAX_RECORDED:
        recorded.append(name)


class _ForbiddenCalls(TorchFunctionMode):
    """Records calls whose public name is in ``names`` (it changes nothing they do)."""

    def __init__(self, names: frozenset[str], conduct: Conduct) -> None:
        super().__init__()
        self.names = names
        self.conduct = conduct

    def __torch_function__(self, func, types, args=(), kwargs=None):
        _note_forbidden(self.conduct, self.names, call_name(func))
        return func(*args, **(kwargs or {}))


class _ForbiddenKernels(TorchDispatchMode):
    """Records the ATen operators in ``names`` (``aten::_softmax``) that the call reaches,
    however it was spelled in Python (``F.softmin(-x)``, ``torch.ops.aten.softmax``)."""

    def __init__(self, names: frozenset[str], conduct: Conduct) -> None:
        super().__init__()
        self.names = names
        self.conduct = conduct

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = getattr(getattr(func, "_schema", None), "name", "")
        _note_forbidden(self.conduct, self.names, name)
        return func(*args, **(kwargs or {}))


@dataclass(frozen=True)
class _Input:
    """A tensor argument: what the function got and the values it had."""

    where: str
    given: torch.Tensor  # a copy of the probe's tensor (a Parameter: the Parameter itself)
    before: torch.Tensor  # the probe's own tensor, untouched (a Parameter: a copy)
    stride: tuple[int, ...]  # the given tensor's layout when handed over
    shared: bool  # the function got the probe's own tensor: put it back if changed


def _signature(fn: Callable[..., Any]) -> inspect.Signature | None:
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):  # a builtin without one
        return None


def _bound(
    signature: inspect.Signature | None, args: Sequence[Any], kwargs: dict[str, Any]
) -> inspect.BoundArguments | None:
    """The call's arguments by parameter name (None when they do not fit: the call
    itself will say why)."""
    if signature is None:
        return None
    try:
        return signature.bind(*args, **kwargs)
    except TypeError:
        return None


class _HandOver:
    """Copies of the tensors passed in, so that nothing the function does to them reaches
    the probe's own tensors: later calls get the case's inputs, a returned value stays as
    it was returned, and autograd keeps whatever the function saved for its backward pass.

    A Parameter is handed over itself (an optimizer must hold the very Parameters given):
    it is compared with a copy and put back at once if changed. Meta tensors and tensor
    subclasses are handed over as they are, unwatched.
    """

    def __init__(self) -> None:
        self.inputs: list[_Input] = []
        self._memo: dict[int, Any] = {}

    def argument(self, where: str, value: Any) -> Any:
        """The value to pass for one argument (containers one level deep)."""
        if isinstance(value, torch.Tensor):
            return self._tensor(where, value)
        if type(value) in (list, tuple):
            return type(value)(self._item(f"{where}[{i}]", v) for i, v in enumerate(value))
        if type(value) is dict:
            return {k: self._item(f"{where}[{k!r}]", v) for k, v in value.items()}
        return value

    def _item(self, where: str, value: Any) -> Any:
        return self._tensor(where, value) if isinstance(value, torch.Tensor) else value

    def _tensor(self, where: str, tensor: torch.Tensor) -> torch.Tensor:
        if id(tensor) in self._memo:  # the same tensor twice stays one tensor
            return self._memo[id(tensor)]
        given = tensor
        if type(tensor) is torch.nn.Parameter:
            copy = _clone(_detach(tensor))
            self.inputs.append(_Input(where, tensor, copy, tensor.stride(), shared=True))
        elif type(tensor) is torch.Tensor and not tensor.is_meta:
            given = _clone(tensor)  # keeps the graph: gradients still reach the probe's leaf
            self.inputs.append(_Input(where, given, tensor, given.stride(), shared=False))
        self._memo[id(tensor)] = given
        return given


def _unchanged(item: _Input, rtol: float, atol: float) -> bool:
    now, before = _detach(item.given), _detach(item.before)
    if now.shape != before.shape or now.dtype != before.dtype or now.device != before.device:
        return False
    if now.stride() != item.stride:  # transposed in place (a symmetric one looks the same)
        return False
    if _equal(now, before):
        return True
    if not now.is_floating_point():
        return False
    # NaN is not equal to itself: an input holding NaN is unchanged if it still does there.
    return bool(_allclose(now, before, rtol=rtol, atol=atol, equal_nan=True))


def _put_back(item: _Input) -> None:
    """A Parameter the function changed, restored (values, and layout if changed)."""
    tensor, copy = item.given, item.before
    with torch.no_grad():
        if (tensor.shape, tensor.dtype, tensor.stride()) == (copy.shape, copy.dtype, item.stride):
            _copy(tensor, copy)
        else:
            tensor.set_(copy.untyped_storage(), copy.storage_offset(), copy.shape, copy.stride())


def exception_message(exc: BaseException, limit: int) -> str:
    """``str(exc)`` cut to ``limit`` characters; a placeholder when it cannot be printed."""
    try:
        return str(exc)[:limit]
    except Exception:
        return "<unprintable message>"


def _argument_text(value: Any) -> str:
    """An argument as the student would recognise it, short (tensors by shape)."""
    if isinstance(value, torch.Tensor):
        return f"tensor{tuple(value.shape)}"
    if isinstance(value, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in value):
        return f"[{len(value)} × Tensor]"
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


@contextmanager
def _recording(forbidden: frozenset[str], conduct: Conduct) -> Iterator[None]:
    """Record forbidden calls while the student's code runs: Python-level names through a
    torch-function mode, ATen operators (``aten::...``) through a dispatch mode."""
    if not forbidden:
        yield
        return
    kernels = frozenset(name for name in forbidden if name.startswith(_ATEN))
    with ExitStack() as stack:
        stack.enter_context(_ForbiddenCalls(forbidden - kernels, conduct))
        if kernels:
            stack.enter_context(_ForbiddenKernels(kernels, conduct))
        yield


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
        self._signature = _signature(fn)

    def __getattr__(self, name: str) -> Any:  # probes may read the function's attributes
        return getattr(self.fn, name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _EXPECTING_ERROR.get():
            return self._bad_call(args, kwargs)
        hand_over = _HandOver()
        bound = _bound(self._signature, args, kwargs)
        if bound is not None:
            for name, value in bound.arguments.items():
                bound.arguments[name] = hand_over.argument(name, value)
            args, kwargs = tuple(bound.args), dict(bound.kwargs)
        try:
            with self._recording():
                value = self.fn(*args, **kwargs)
        except BaseException as exc:
            self._note_raised(exc)
            self._changed(hand_over.inputs)
            raise
        self._changed(hand_over.inputs)
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
            record["message"] = exception_message(exc, 300)
            raise

    def _recording(self) -> Any:
        return _recording(self.forbidden, self.conduct)

    def _note_raised(self, exc: BaseException) -> None:
        if self.conduct.raised is not None or self.describe_error is None:
            return
        if isinstance(exc, (NotImplementedError, WrongReturn)) or not isinstance(exc, Exception):
            return
        self.conduct.raised = self.describe_error(exc)

    def _changed(self, inputs: Sequence[_Input]) -> None:
        """Record the inputs the call changed (a Parameter is put back at once)."""
        rtol, atol = self.input_tolerance
        for item in inputs:
            if _unchanged(item, rtol, atol):
                continue
            if item.where not in self.conduct.mutated:
                self.conduct.mutated.append(item.where)
            if item.shared:
                try:
                    _put_back(item)
                except Exception:  # a Parameter the student made unrestorable
                    continue
