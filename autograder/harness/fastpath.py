"""Keep grading processes fast: one thread, and no torch._dynamo import in eager use.

``torch.optim.Optimizer`` wraps ``__init__``'s helpers (``add_param_group``,
``zero_grad`` ...) in ``torch._disable_dynamo``, which imports all of
``torch._dynamo`` (about a second, as long as ``import torch`` itself) the
first time one of them is called. Grading never compiles, so the "disabled"
function is the function itself: we fill the wrapper's cache with it.
If a torch version wraps these differently, nothing is changed.
"""

from __future__ import annotations

import torch

_prepared = False


def prepare_torch() -> None:
    """Apply the speed settings once per process (inherited by forked children)."""
    global _prepared
    if _prepared:
        return
    _prepared = True
    try:
        from torch._compile import _disable_dynamo
        from torch.optim.optimizer import Optimizer
    except ImportError:
        return
    marker = _disable_dynamo(lambda: None).__code__
    for attr in vars(Optimizer).values():
        inner = getattr(attr, "__wrapped__", None)
        if getattr(attr, "__code__", None) is marker and inner is not None:
            setattr(inner, "__dynamo_disable", inner)


def single_thread() -> None:
    """Use one intra-op thread: grading tensors are tiny, and forked children stay safe."""
    torch.set_num_threads(1)


def warm_up() -> None:
    """Pay, once in the zygote, the imports every student process would pay on first use.

    The first ``step()`` of a torch optimizer imports ``torch._dynamo`` and the
    first operation on the meta device loads its kernels (about 2 s together);
    forked student processes then find them loaded.
    """
    param = torch.nn.Parameter(torch.ones(2))
    param.grad = torch.ones(2)
    for optimizer in (torch.optim.SGD, torch.optim.Adam, torch.optim.RMSprop, torch.optim.Adagrad):
        optimizer([param], lr=0.1).step()
    rnn = torch.nn.RNN(2, 2).to("meta")
    rnn(torch.ones(1, 1, 2, device="meta"))
    torch.ones(2, 2, device="meta").tril()
