"""The speed settings of grading processes keep torch working and ``torch._dynamo`` unloaded.

``prepare_torch`` fills a private cache of torch's ``_disable_dynamo`` wrappers on
``torch.optim.Optimizer``. Each check runs in a fresh interpreter, so that what an
earlier import loaded cannot hide what this one does.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROGRAM = """
import json, sys, torch
if {prepare}:
    from autograder.harness.fastpath import prepare_torch
    prepare_torch()
p = torch.nn.Parameter(torch.ones(3))
p.grad = torch.ones(3)
optimizer = torch.optim.SGD([p], lr=0.1)
optimizer.zero_grad()
extra = torch.nn.Parameter(torch.ones(2))
optimizer.add_param_group({{"params": [extra]}})
state = optimizer.state_dict()
print(json.dumps({{
    "grad_cleared": p.grad is None,
    "groups": len(optimizer.param_groups),
    "saved_groups": len(state["param_groups"]),
    "dynamo": "torch._dynamo" in sys.modules,
}}))
"""


def _run(prepare: bool) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(prepare=prepare)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_prepared_optimizers_behave_the_same_and_leave_dynamo_unloaded() -> None:
    prepared, plain = _run(True), _run(False)
    assert prepared == {"grad_cleared": True, "groups": 2, "saved_groups": 2, "dynamo": False}
    assert {**plain, "dynamo": False} == prepared  # the same optimizer behaviour without it
