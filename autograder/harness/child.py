"""The student process: import a student module, run probes on request, reply with data.

It is forked from a pristine zygote that has imported torch and the public
probes but never the references or the hidden graders. It answers over one
socket; everything it sends is plain data (see :mod:`codec`). Its stdout and
stderr go to a file, never to the grader's output.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import os
import resource
import signal
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import torch

from autograder.catalogue import spec as find_spec
from autograder.harness import sandbox
from autograder.harness.channel import Channel, ChannelClosed
from autograder.harness.fastpath import single_thread
from autograder.harness.runner import describe_exception, run_probe
from autograder.harness.sandbox import SandboxPlan
from autograder.probing.codec import CodecError, materialize
from autograder.probing.outcome import CaseStatus
from autograder.spec import ProbeContext

MISSING = object()


def child_main(channel: Channel, config: dict[str, Any]) -> None:
    """Entry point in the freshly forked process; never returns.

    This first process is the *warden*: it takes its own session, points its
    output at the grader's file and applies the sandbox plan, then forks the
    student process proper and only supervises it. The warden runs no student
    code, so what it does can be relied on: it is a subreaper (orphans of the
    student's processes come back to it), and when it is told to stop, or its
    parent dies, it kills everything the student process started. The plan
    (every hidden path) never reaches student code: the student process keeps
    only the settings its probes and limits need.
    """
    code = 0
    try:
        os.setsid()  # own session and group: the grader kills them as one
        _redirect_output(config["output"])
        plan = SandboxPlan.from_config(config.pop("sandbox", {}))
        files = {name: base64.b64decode(data) for name, data in config.pop("files", {}).items()}
        try:
            sandbox.enter(plan)
        except OSError as exc:
            # No silent downgrade: the grader reports the protection it asked for, so a
            # plan that cannot be applied stops here, before any student code exists.
            channel.send({"event": "sandbox_failed", "error": str(exc)[:300]})
            os._exit(71)
        uid, gid = sandbox.student_ids(plan, os.getpid())
        settings = {**config, "mode": plan.mode, "uid": uid, "gid": gid}
        sandbox.become_subreaper()
        pid = os.fork()
        if pid:
            channel.close()
            os._exit(_supervise(pid, plan.mode, uid))
        config.clear()  # the zygote's frame still refers to this dict
        del plan
        if settings["mode"] == "namespaces":
            sandbox.mount_proc()
        modules_dir = _isolate(settings, files)
        del files
        _serve(channel, settings, modules_dir)
    except ChannelClosed:
        code = 0
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _supervise(pid: int, mode: str, uid: int) -> int:
    """The warden's life: wait for the student process, then leave nothing of it behind."""

    def end_everything(*_: Any) -> None:
        _end_student(pid, mode, uid)
        os._exit(137)

    signal.signal(signal.SIGTERM, end_everything)
    signal.signal(signal.SIGHUP, end_everything)
    # If the zygote (and so the grader) dies, end the student's processes first.
    sandbox.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    code = _wait_for(pid)
    _end_student(pid, mode, uid)
    return code


def _wait_for(pid: int) -> int:
    """Wait for the student process; its exit code (128 + signal if killed)."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return 70
        except InterruptedError:
            continue
        if os.WIFEXITED(status):
            return os.WEXITSTATUS(status)
        if os.WIFSIGNALED(status):
            return 128 + os.WTERMSIG(status)


def _end_student(pid: int, mode: str, uid: int) -> None:
    """Kill the student process and everything it started, whatever it did to escape.

    ``namespaces``: the student process is PID 1 of its namespace, so its death ends
    every process in it. ``uid``: everything of its own user dies. ``none``: every
    descendant of the warden (orphans come back to it, a subreaper) is killed.
    """
    if mode == "namespaces":
        sandbox.signal_quietly(pid, signal.SIGKILL)
    elif mode == "uid":
        sandbox.signal_quietly(pid, signal.SIGKILL)
        sandbox.kill_user(uid)
    else:
        sandbox.kill_tree(os.getpid(), include_root=False)


def _redirect_output(path: str) -> None:
    """stdin from /dev/null; stdout and stderr into the grader's output file."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    os.close(devnull)
    # The parent's sys.stdout may be something else than fd 1 (pytest's capture): start afresh.
    sys.stdout = sys.__stdout__ = _text_stream(1)
    sys.stderr = sys.__stderr__ = _text_stream(2)


def _isolate(config: dict[str, Any], files: dict[str, bytes]) -> str:
    """Scratch folder, the submission's modules, privileges, limits; the modules' folder."""
    mode = config["mode"]
    scratch = Path("/tmp/student") if mode == "namespaces" else Path(config["scratch"])
    os.umask(0o022)  # the grader's own umask may close what the sandbox user must read
    (scratch / "modules").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (scratch / "modules" / f"{name}.py").write_bytes(data)
    if mode == "uid" and os.geteuid() == 0:  # its own folder, closed to other students
        for path in (scratch, scratch / "modules"):
            os.chown(path, config["uid"], config["gid"])
            os.chmod(path, 0o700)
    else:
        os.chmod(scratch, 0o1777)
        os.chmod(scratch / "modules", 0o755)
    os.chdir(scratch)
    sandbox.drop_privileges(mode, config["uid"], config["gid"])
    _set_limit(resource.RLIMIT_CORE, 0)
    # Output beyond the limit fails with an error instead of filling the disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _set_limit(resource.RLIMIT_FSIZE, int(config.get("output_limit_mb", 16)) * 1024 * 1024)
    cpu = config.get("cpu_time_limit_s")
    if cpu:
        _set_limit(resource.RLIMIT_CPU, int(cpu))
    processes = config.get("max_processes")
    if processes and mode != "none":  # per user: only meaningful for the sandbox user
        _set_limit(resource.RLIMIT_NPROC, int(processes))
    memory = config.get("memory_limit_mb")
    if memory:
        _set_limit(resource.RLIMIT_AS, _current_vm_bytes() + int(memory) * 1024 * 1024)
    single_thread()
    if str(config.get("device", "cpu")).startswith("cuda"):
        # Exact float32 arithmetic, as on the CPU where the references are computed.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    return str(scratch / "modules")


def _text_stream(fd: int) -> io.TextIOWrapper:
    """A line-buffered text stream on a file descriptor this process keeps open."""
    return io.TextIOWrapper(
        io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="replace", line_buffering=True
    )


def _set_limit(which: int, value: int) -> None:
    try:
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, hard))
    except (ValueError, OSError):
        pass


def _current_vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _serve(channel: Channel, config: dict[str, Any], modules_dir: str) -> None:
    device = torch.device(config.get("device", "cpu"))
    ctx = ProbeContext(device=device, placement=torch.device(config.get("placement", "meta")))
    module: ModuleType | None = None
    path = ""
    while True:
        try:
            request = channel.recv()
        except CodecError:
            return
        if not isinstance(request, dict):
            return
        op = request.get("op")
        if op == "load":
            name = str(request["module"])
            path = str(Path(modules_dir) / f"{name}.py")
            module, reply = _load(path, name)
            channel.send(reply)
        elif op == "run" and module is not None:
            reply = _run_exercise(module, request, ctx, path)
            channel.send(reply, device)
            if reply["poisoned"]:
                return  # a CUDA error poisons the context: the grader starts a fresh process
        else:
            return


def _run_exercise(
    module: ModuleType, request: dict[str, Any], ctx: ProbeContext, path: str
) -> dict[str, Any]:
    """Run one exercise's probe on each case of a request; the reply to send back."""
    spec = find_spec(str(request["exercise"]))
    target = getattr(module, spec.function, MISSING)
    outcomes: list[dict[str, Any]] = []
    poisoned = False
    if target is MISSING:
        outcomes = [{"status": CaseStatus.MISSING_FUNCTION.value}]
    else:
        for case in request["cases"]:
            outcome = run_probe(spec, target, materialize(case, ctx.device), ctx, path)
            poisoned = _cuda_broken(ctx.device, outcome)
            outcomes.append(outcome)
            if poisoned:
                break
        outcomes += [outcomes[-1]] * (len(request["cases"]) - len(outcomes))
    return {"event": "result", "exercise": spec.id, "outcomes": outcomes, "poisoned": poisoned}


def _cuda_broken(device: torch.device, outcome: dict[str, Any]) -> bool:
    """After a case on CUDA, surface asynchronous errors (device-side asserts) now.

    Marks the outcome as an error if the device failed; True when the CUDA
    context can no longer be used.
    """
    if device.type != "cuda":
        return False
    try:
        torch.cuda.synchronize()
    except Exception as exc:
        outcome.clear()
        outcome.update({"status": CaseStatus.ERROR.value, "error": describe_exception(exc)})
        return True
    error = outcome.get("error") or {}
    return "CUDA error" in str(error.get("message", ""))


def _load(path: str, name: str) -> tuple[ModuleType | None, dict[str, Any]]:
    folder = str(Path(path).parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    except SystemExit:
        return None, {"event": "import_failed", "kind": "exit"}
    except BaseException as exc:
        return None, {
            "event": "import_failed",
            "kind": "exception",
            "error": describe_exception(exc, path),
        }
    return module, {"event": "loaded"}
