"""Run student code in child processes, one per student module, with limits.

The grader (this process) sends cases and receives plain-data outcomes. Each
student module gets its own process, forked from the zygote; a module that
fails to import costs only its own exercises, an exercise that hangs or kills
its process costs only itself (the process is replaced for the next one).
Several modules' processes work at the same time, in the background, while the
grader computes the expected values.
"""

from __future__ import annotations

import base64
import os
import select
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import torch

from autograder.executor.base import Outcomes, RunFailure, checked_outcomes, protocol_failure
from autograder.executor.zygote import Zygote
from autograder.harness.channel import Channel, ChannelClosed
from autograder.harness.sandbox import (
    SandboxPlan,
    children,
    kill_tree,
    kill_user,
    remove_files_of,
    signal_quietly,
    student_ids,
)
from autograder.model import Status
from autograder.probing.codec import CodecError
from autograder.safe_io import MAX_MODULE_BYTES, UnsafeFileError, read_regular_file
from autograder.spec import Case, ExerciseSpec

OUTPUT_TAIL_CHARS = 1500


@dataclass(frozen=True)
class Limits:
    """Limits applied to student processes (wall time per exercise and per import)."""

    time_limit_s: float = 10.0
    import_time_limit_s: float = 20.0
    memory_limit_mb: int = 2048
    cpu_time_limit_s: float = 60.0
    max_processes: int = 64
    output_limit_mb: int = 16

    @classmethod
    def from_policy(cls, policy: Any) -> Limits:
        """The limits a course's grading policy sets (fields of the same names)."""
        return cls(**{f.name: getattr(policy, f.name) for f in fields(cls)})


@dataclass
class _Job:
    spec: ExerciseSpec
    cases: list[Case]
    result: Outcomes | RunFailure | None = None


@dataclass
class _ModuleRunner:
    module: str
    path: Path | None
    queue: deque[_Job] = field(default_factory=deque)
    pid: int | None = None
    channel: Channel | None = None
    state: str = "none"  # none | loading | idle | running
    job: _Job | None = None
    deadline: float = 0.0
    failure: RunFailure | None = None
    output: Path | None = None
    output_offset: int = 0
    spawned: int = 0

    @property
    def busy(self) -> bool:
        return self.state in ("loading", "running")


class IsolatedExecutor:
    """Executor that runs each student module in its own limited child process."""

    def __init__(
        self,
        zygote: Zygote,
        modules: dict[str, Path | None],
        limits: Limits = Limits(),
        device: torch.device | str = "cpu",
        max_active: int | None = None,
        sandbox: SandboxPlan | None = None,
    ) -> None:
        self.zygote = zygote
        self.limits = limits
        self.device = torch.device(device)
        self.placement = self.device if self.device.type == "cuda" else torch.device("meta")
        self.max_active = max_active or max(1, os.cpu_count() or 1)
        self.workdir = Path(tempfile.mkdtemp(prefix="ch2-grade-"))
        self.runners = {name: _ModuleRunner(name, path) for name, path in modules.items()}
        self.jobs: dict[str, _Job] = {}
        self.sandbox = sandbox or SandboxPlan()
        if self.sandbox.mode == "uid":
            self.workdir.chmod(0o711)  # students pass through to their own folders, list nothing

    def protection(self) -> str:
        """The protection student processes ran under: the plan, which a warden applies
        before any student code exists or refuses to start (never what a child says)."""
        return self.sandbox.mode

    # -- public API -------------------------------------------------------
    def submit(self, spec: ExerciseSpec, cases: Sequence[Case]) -> None:
        """Queue an exercise for its module's process."""
        job = _Job(spec, list(cases))
        self.jobs[spec.id] = job
        runner = self.runners.setdefault(spec.module, _ModuleRunner(spec.module, None))
        if runner.path is None:
            job.result = RunFailure(Status.MISSING, "outcome.missing_module")
        elif runner.failure is not None:
            job.result = runner.failure
        else:
            runner.queue.append(job)
        self._dispatch()

    def outcome(self, exercise_id: str) -> Outcomes | RunFailure:
        """Wait for an exercise's outcomes (or its failure)."""
        job = self.jobs[exercise_id]
        while job.result is None:
            self._step()
        return job.result

    def close(self) -> None:
        """Kill every student process and remove the scratch folder."""
        for runner in self.runners.values():
            self._kill(runner)
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- event loop -------------------------------------------------------
    def _dispatch(self) -> None:
        if not self.zygote.ready():
            return  # the grader keeps computing expected values meanwhile
        active = sum(1 for r in self.runners.values() if r.busy)
        for runner in self.runners.values():
            if runner.busy or not runner.queue or runner.failure is not None:
                continue
            if runner.state == "none":
                if active >= self.max_active:
                    continue
                self._spawn(runner)
                active += 1
            elif runner.state == "idle":
                if active >= self.max_active:
                    continue
                self._start_job(runner)
                active += 1

    def _module_source(self, runner: _ModuleRunner) -> str | RunFailure:
        """The module's bytes (base64), read here without following links or going past
        the size cap; the warden never opens a submitted path itself."""
        assert runner.path is not None
        try:
            data = read_regular_file(runner.path, MAX_MODULE_BYTES)
        except UnsafeFileError as exc:
            return RunFailure(Status.ERROR, "outcome.unreadable", {"error": str(exc)})
        return base64.b64encode(data).decode("ascii")

    def _spawn(self, runner: _ModuleRunner) -> None:
        source = self._module_source(runner)
        if isinstance(source, RunFailure):
            self._fail_module(runner, source)
            return
        runner.spawned += 1
        tag = f"{runner.module}-{runner.spawned}"
        runner.output = self.workdir / f"{tag}.out"
        config: dict[str, Any] = {
            "scratch": str(self.workdir / f"scratch-{tag}"),
            "output": str(runner.output),
            "memory_limit_mb": self.limits.memory_limit_mb,
            "cpu_time_limit_s": self.limits.cpu_time_limit_s,
            "max_processes": self.limits.max_processes,
            "output_limit_mb": self.limits.output_limit_mb,
            "device": str(self.device),
            "placement": str(self.placement),
            "sandbox": self.sandbox.to_config(),
            "files": {runner.module: source},
        }
        runner.pid, runner.channel = self.zygote.spawn(config)
        runner.state = "loading"
        runner.deadline = time.monotonic() + self.limits.import_time_limit_s
        runner.channel.send({"op": "load", "module": runner.module})

    def _start_job(self, runner: _ModuleRunner) -> None:
        job = runner.queue.popleft()
        runner.job = job
        runner.output_offset = self._output_size(runner)
        runner.state = "running"
        runner.deadline = time.monotonic() + self.limits.time_limit_s
        assert runner.channel is not None
        try:
            runner.channel.send(
                {"op": "run", "exercise": job.spec.id, "cases": job.cases}, self.device
            )
        except ChannelClosed:
            self._child_died(runner)

    def _step(self) -> None:
        if not self.zygote.ready():
            self.zygote.wait_ready()  # nothing else to do until student processes can start
        self._dispatch()
        busy = [r for r in self.runners.values() if r.busy and r.channel is not None]
        if not busy:
            # Nothing running and nothing can start: fail what is left rather than wait forever.
            for runner in self.runners.values():
                while runner.queue:
                    runner.queue.popleft().result = protocol_failure("no process available")
            return
        now = time.monotonic()
        timeout = max(0.0, min(r.deadline for r in busy) - now)
        readable, _, _ = select.select([r.channel for r in busy], [], [], timeout)
        ready = {id(ch) for ch in readable}
        for runner in busy:
            if runner.channel is not None and id(runner.channel) in ready:
                self._receive(runner)
        now = time.monotonic()
        for runner in busy:
            if runner.busy and now >= runner.deadline:
                self._timed_out(runner)
        self._dispatch()

    def _receive(self, runner: _ModuleRunner) -> None:
        assert runner.channel is not None
        try:
            message = runner.channel.recv(deadline=runner.deadline)
        except ChannelClosed:
            self._child_died(runner)
            return
        except TimeoutError:
            self._timed_out(runner)
            return
        except CodecError as exc:
            self._protocol_error(runner, str(exc))
            return
        if not isinstance(message, dict):
            self._protocol_error(runner, "not a message")
            return
        if runner.state == "loading":
            self._loading_message(runner, message)
        elif runner.state == "running" and runner.job is not None:
            self._result_message(runner, message)

    def _loading_message(self, runner: _ModuleRunner, message: dict[str, Any]) -> None:
        """The child's answer to loading the student's module."""
        event = message.get("event")
        if event == "sandbox_failed":
            detail = str(message.get("error", ""))[:300]
            self._fail_module(
                runner, RunFailure(Status.ERROR, "outcome.sandbox_failed", {"error": detail})
            )
        elif event == "loaded":
            runner.state = "idle"
        elif event == "import_failed":
            self._fail_module(runner, self._import_failure(runner, message))
        else:
            self._protocol_error(runner, "unexpected message while loading")

    def _import_failure(self, runner: _ModuleRunner, message: dict[str, Any]) -> RunFailure:
        if message.get("kind") == "exit":
            return RunFailure(Status.ERROR, "outcome.import_exit", output=self._tail(runner))
        error = message.get("error") if isinstance(message.get("error"), dict) else {}
        text = f"{error.get('type', 'Exception')}: {error.get('message', '')}"
        values = {"error": text, "where": str(error.get("where") or "")}
        return RunFailure(Status.ERROR, "outcome.import_error", values)

    def _result_message(self, runner: _ModuleRunner, message: dict[str, Any]) -> None:
        """The outcomes of the exercise the child is running."""
        assert runner.job is not None and runner.channel is not None
        if message.get("event") != "result" or message.get("exercise") != runner.job.spec.id:
            self._protocol_error(runner, "unexpected message")
            return
        runner.job.result = checked_outcomes(
            runner.job.spec, message.get("outcomes"), len(runner.job.cases)
        )
        runner.job = None
        runner.state = "idle"
        unsolicited = bool(select.select([runner.channel], [], [], 0)[0])
        if message.get("poisoned") is True or unsolicited:
            # A broken CUDA context, or data nobody asked for (student code writing into
            # the channel): the next exercise gets a fresh process, not the leftovers.
            self._kill(runner)

    # -- failures ---------------------------------------------------------
    def _child_died(self, runner: _ModuleRunner) -> None:
        output = self._tail(runner)
        was_loading = runner.state == "loading"
        self._kill(runner)
        if was_loading:
            self._fail_module(
                runner, RunFailure(Status.ERROR, "outcome.import_died", output=output)
            )
        elif runner.job is not None:
            runner.job.result = RunFailure(Status.ERROR, "outcome.died", output=output)
            runner.job = None

    def _timed_out(self, runner: _ModuleRunner) -> None:
        output = self._tail(runner)
        was_loading = runner.state == "loading"
        self._kill(runner)
        if was_loading:
            seconds = self.limits.import_time_limit_s
            failure = RunFailure(
                Status.TIMEOUT, "outcome.import_timeout", {"seconds": seconds}, output
            )
            self._fail_module(runner, failure)
        elif runner.job is not None:
            seconds = self.limits.time_limit_s
            runner.job.result = RunFailure(
                Status.TIMEOUT, "outcome.timeout", {"seconds": seconds}, output
            )
            runner.job = None

    def _protocol_error(self, runner: _ModuleRunner, reason: str) -> None:
        was_loading = runner.state == "loading"
        self._kill(runner)
        if was_loading:
            self._fail_module(runner, protocol_failure(reason))
        elif runner.job is not None:
            runner.job.result = protocol_failure(reason)
            runner.job = None

    def _fail_module(self, runner: _ModuleRunner, failure: RunFailure) -> None:
        runner.failure = failure
        self._kill(runner)
        while runner.queue:
            runner.queue.popleft().result = failure

    def _kill(self, runner: _ModuleRunner) -> None:
        if runner.pid is not None:
            # Everything below the warden first, whatever it did to its session, group or
            # death signal; then the warden's group and the warden. With namespaces the
            # warden's child is PID 1 of the student's namespace: its death ends all in it.
            # With uid every process of the student's own user dies below. Otherwise the
            # whole tree is frozen and killed.
            if self.sandbox.mode == "namespaces":
                for child in children(runner.pid):
                    signal_quietly(child, signal.SIGKILL)
            elif self.sandbox.mode == "none":
                kill_tree(runner.pid, include_root=False)
            for kill in (os.killpg, os.kill):
                try:
                    kill(runner.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            if self.sandbox.mode == "uid":  # no PID namespace: end what escaped the group
                uid = student_ids(self.sandbox, runner.pid)[0]
                kill_user(uid)
                remove_files_of(uid)  # /tmp is shared here: nothing planted there stays
        if runner.channel is not None:
            runner.channel.close()
        runner.pid = None
        runner.channel = None
        runner.state = "none"

    @staticmethod
    def _output_size(runner: _ModuleRunner) -> int:
        try:
            return os.path.getsize(runner.output) if runner.output else 0
        except OSError:
            return 0

    def _tail(self, runner: _ModuleRunner) -> str:
        """The end of what the student's code printed during the current job or import."""
        if runner.output is None:
            return ""
        start = runner.output_offset if runner.state == "running" else 0
        try:
            with open(runner.output, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(max(start, size - OUTPUT_TAIL_CHARS))
                return f.read().decode("utf-8", errors="replace")
        except OSError:
            return ""
