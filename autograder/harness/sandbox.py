"""Least privilege for student processes.

The grader decides a :class:`SandboxPlan` (what this machine allows) and sends
it with every student process's configuration. The process that the zygote
forks (the *warden*) applies it before any student code exists:

``namespaces`` (root, or unprivileged user namespaces): new mount, network,
  PID, IPC and UTS namespaces. The hidden paths (reference solutions, hidden
  graders, the checkout, other submissions, report folders) are covered by
  empty, read-only file systems; ``/tmp``, ``/var/tmp`` and ``/dev/shm`` are
  private; the rest of the system is read-only; there is no network. The
  student process is PID 1 of its namespace: when it ends, everything it
  started ends with it, and no process outside can be seen or signalled.
``uid`` (root without namespaces): the student process runs as an
  unprivileged user, in its own session. Hidden paths that user could still
  read (world-readable files) are named in the report: make them owner-only.
``none``: no protection beyond the process boundary and resource limits
  (said so in every report).

In every mode the student process then drops to the sandbox user where it can
(root), sets ``no_new_privs``, and gets its resource limits.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MODES = ("namespaces", "uid", "none")

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUTS = 0x04000000
_CLONE_NEWIPC = 0x08000000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_MS_RDONLY = 1
_MS_NOSUID = 2
_MS_NODEV = 4
_MS_NOEXEC = 8
_MS_REMOUNT = 32
_MS_BIND = 4096
_MS_REC = 16384
_MS_PRIVATE = 1 << 18
_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_NO_NEW_PRIVS = 38
_PRIVATE_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
_SECRETS = ("graders", "_reference", "solutions")
_SECRET_FOLDERS = ("graders", "_reference")  # inside the installed package
_OWN_IDS = 0x6000_0000  # mode uid: student ids start here, far above ordinary accounts


@dataclass(frozen=True)
class SandboxPlan:
    """What the student processes of one grading run get."""

    mode: str = "none"
    uid: int = 65534
    gid: int = 65534
    hidden: tuple[str, ...] = ()  # folders and files student code must not see
    needed: tuple[str, ...] = ()  # folders the sandbox user must reach (Python, packages)
    exposed: tuple[str, ...] = ()  # hidden paths the sandbox user can still read (``uid`` mode)

    def to_config(self) -> dict[str, Any]:
        """Plain data for the warden's configuration (never kept by the student process)."""
        return {
            "mode": self.mode,
            "uid": self.uid,
            "gid": self.gid,
            "hidden": list(self.hidden),
            "needed": list(self.needed),
        }

    @staticmethod
    def from_config(data: dict[str, Any]) -> SandboxPlan:
        """Inverse of :meth:`to_config`."""
        return SandboxPlan(
            data.get("mode", "none"),
            int(data.get("uid", 65534)),
            int(data.get("gid", 65534)),
            tuple(data.get("hidden", ())),
            tuple(data.get("needed", ())),
        )

    def describe(self, lang: str = "en", *, labelled: bool = False) -> str:
        """One sentence for reports in ``lang`` ("zh" or "en"): which protection was in force.

        ``labelled`` puts "Sandbox: " (or its Chinese) in front, as the report's note reads.
        Any other ``lang`` reads English. The sentences stay next to the modes they describe
        (:data:`MODES`), so that a new mode is worded where it is defined.
        """
        zh = lang == "zh"
        if self.mode == "uid" and self.exposed:
            shown = ", ".join(self.exposed[:4])
            extra = len(self.exposed) - 4
            if zh:
                more = f" 等共 {len(self.exposed)} 个路径" if extra > 0 else ""
                sentence = (
                    "学生代码以无特权用户身份在独立会话中运行(本机没有可用的命名空间);"
                    f"该用户仍能读取 {shown}{more}(请改为仅所有者可读:chmod -R go-rwx)"
                )
            else:
                more = f" and {extra} more" if extra > 0 else ""
                sentence = (
                    "student code ran as an unprivileged user in its own session "
                    f"(no namespaces here); that user could read {shown}{more} "
                    "(make them owner-only: chmod -R go-rwx)"
                )
        else:
            sentence = _PROTECTION_WORDS[self.mode]["zh" if zh else "en"]
        if not labelled:
            return sentence
        return ("沙箱:" if zh else "Sandbox: ") + sentence


# What each mode protects, as the report says it (mode uid with readable hidden paths
# is worded in :meth:`SandboxPlan.describe`, which names them).
_PROTECTION_WORDS: dict[str, dict[str, str]] = {
    "namespaces": {
        "zh": "学生代码以无特权用户身份在独立的命名空间(namespaces)中运行"
        "(评分与参考答案文件被隐藏,/tmp 私有,系统只读,没有网络)",
        "en": "student code ran as an unprivileged user in its own namespaces "
        "(hidden grader and reference files, private /tmp, read-only system, no network)",
    },
    "uid": {
        "zh": "学生代码以无特权用户身份在独立会话中运行(本机没有可用的命名空间)",
        "en": "student code ran as an unprivileged user in its own session (no namespaces here)",
    },
    "none": {
        "zh": "本机没有可用的沙箱,学生代码以评分程序自身的权限运行(只有独立进程和资源限制)",
        "en": "no sandbox was available: student code ran with the grader's own permissions "
        "(separate process and resource limits only)",
    },
}


_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def _mount(
    source: str, target: str, fstype: str | None, flags: int, data: str | None = None
) -> None:
    _check(
        _libc.mount(
            os.fsencode(source), os.fsencode(target), fstype.encode() if fstype else None, flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )  # fmt: skip


def prctl(option: int, value: int) -> None:
    """``prctl(option, value, 0, 0, 0)``, errors ignored."""
    _libc.prctl(option, value, 0, 0, 0)


@cache
def available_mode(requested: str = "auto") -> str:
    """The strongest mode this machine allows (probed once, in a throw-away process)."""
    if requested != "auto":
        return requested
    if _probe_namespaces():
        return "namespaces"
    return "uid" if os.geteuid() == 0 else "none"


def _probe_namespaces() -> bool:
    pid = os.fork()
    if pid == 0:
        try:
            _enter_namespaces(SandboxPlan("namespaces"))
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _enter_namespaces(plan: SandboxPlan) -> None:
    """New namespaces for the caller's next child (PID) and for the caller (the rest)."""
    flags = _CLONE_NEWNS | _CLONE_NEWNET | _CLONE_NEWPID | _CLONE_NEWIPC | _CLONE_NEWUTS
    if os.geteuid() != 0:  # an unprivileged user: map ourselves to root in a user namespace
        uid, gid = os.geteuid(), os.getegid()
        _unshare(_CLONE_NEWUSER | flags)
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
        Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
    else:
        _unshare(flags)
    _mount("none", "/", None, _MS_REC | _MS_PRIVATE)


def _cover(path: str) -> None:
    """Hide a folder (empty read-only tmpfs) or a file (/dev/null) from this mount namespace."""
    target = Path(path)
    if target.is_dir():
        _mount(
            "tmpfs",
            path,
            "tmpfs",
            _MS_RDONLY | _MS_NOSUID | _MS_NODEV | _MS_NOEXEC,
            "size=4k,mode=0555",
        )
    elif target.exists():
        _mount("/dev/null", path, None, _MS_BIND)
        _mount("none", path, None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY)


def build_view(plan: SandboxPlan) -> None:
    """In the warden, in its new mount namespace: hide, make private, make read-only."""
    for path in plan.hidden:
        try:
            _cover(path)
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                raise
    for path in _PRIVATE_DIRS:
        if Path(path).is_dir():
            _make_private(path, plan.needed)
    if os.geteuid() == 0 and plan.uid != 0:
        _expose(plan.needed)
    try:  # everything else read-only; the private folders above stay writable
        _mount("none", "/", None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY)
    except OSError:
        pass  # the sandbox user cannot write system files anyway


def _make_private(folder: str, needed: tuple[str, ...]) -> None:
    """Put an empty tmpfs on ``folder``, keeping (read-only) the needed paths inside it.

    Python or its packages may live there (a checkout with its virtual environment
    in /tmp).
    """
    inside = [n for n in needed if _inside(Path(n), Path(folder))]
    if str(Path(folder)) in inside:
        return  # Python itself lives here: a private copy would lose it
    outermost = [n for n in inside if not any(o != n and _inside(Path(n), Path(o)) for o in inside)]
    _cover_keeping(folder, outermost, "size=256m,mode=1777", read_only=True)


def _blocked(folder: Path) -> bool:
    """True when other users cannot pass through this folder."""
    try:
        return not os.stat(folder).st_mode & 0o001
    except OSError:
        return False


def _expose(needed: tuple[str, ...]) -> None:
    """Let the sandbox user reach needed folders below a closed one (say Python in /root).

    The closed folder is covered by an empty, open tmpfs into which only the way
    to the needed folders is bound back; the rest of it stays out of sight.
    """
    ways: dict[Path, list[str]] = {}
    for path in (Path(p) for p in needed):
        blocked = next((a for a in reversed(path.parents) if a != Path("/") and _blocked(a)), None)
        if blocked is not None:
            way = str(blocked / path.relative_to(blocked).parts[0])
            kept = ways.setdefault(blocked, [])
            if way not in kept:
                kept.append(way)
    for blocked, kept in ways.items():
        _cover_keeping(str(blocked), kept, "size=4k,mode=0755", read_only=False)


def _cover_keeping(folder: str, keep: list[str], options: str, *, read_only: bool) -> None:
    """Mount an empty tmpfs (``options``) on ``folder`` and bind the ``keep`` paths inside it
    back in place, held open by descriptor across the mount."""
    held = [(path, os.open(path, os.O_PATH)) for path in keep]
    try:
        _mount("tmpfs", folder, "tmpfs", _MS_NOSUID | _MS_NODEV, options)
        os.umask(0o022)  # the way to the kept paths must stay open to the sandbox user
        for path, fd in held:
            source, target = f"/proc/self/fd/{fd}", Path(path)
            if os.path.isdir(source):
                target.mkdir(mode=0o755, parents=True)
            else:
                target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
                target.touch()
            _mount(source, path, None, _MS_BIND | _MS_REC)
            if read_only:
                _mount("none", path, None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY)
    finally:
        for _, fd in held:
            os.close(fd)


def mount_proc() -> None:
    """In the new PID namespace: a /proc that shows only its own processes."""
    try:
        _mount("proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    except OSError:
        pass


def student_ids(plan: SandboxPlan, warden_pid: int) -> tuple[int, int]:
    """The user and group a student process runs as.

    In mode ``uid`` every student process gets a user of its own (no account needed):
    processes of different submissions cannot signal or read each other, the process
    limit counts only its own processes, and the grader can end everything it started.
    """
    if plan.mode == "uid":
        return _OWN_IDS + warden_pid, _OWN_IDS + warden_pid
    return plan.uid, plan.gid


def drop_privileges(mode: str, uid: int, gid: int) -> None:
    """Become the sandbox user (when running as root), and never gain privileges again."""
    if os.geteuid() == 0 and mode in ("namespaces", "uid"):
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    prctl(_PR_SET_NO_NEW_PRIVS, 1)
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # changing user clears it: set it again


def enter(plan: SandboxPlan) -> None:
    """Apply the namespace part of a plan in the warden (nothing in the other modes)."""
    if plan.mode == "namespaces":
        _enter_namespaces(plan)
        build_view(plan)


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process, not to init: none escapes."""
    prctl(_PR_SET_CHILD_SUBREAPER, 1)


def _parents() -> dict[int, int]:
    """Parent pid of every live process (read from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields follow the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            parents[int(entry)] = int(fields[1])
    return parents


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid``, parents before children."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, queue = [], list(children.get(pid, []))
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def kill_tree(pid: int, *, include_root: bool = True) -> None:
    """SIGKILL ``pid`` and everything below it.

    The tree is frozen first (SIGSTOP, walked again until nothing new appears), so
    a process forking during the walk cannot leave a child behind.
    """
    stopped: list[int] = []
    for _ in range(8):
        found = [p for p in descendants(pid) if p not in stopped]
        if not found:
            break
        for target in found:
            _signal(target, signal.SIGSTOP)
        stopped += found
    for target in ([pid] if include_root else []) + stopped:
        _signal(target, signal.SIGKILL)


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    return [child for child, parent in _parents().items() if parent == pid]


def signal_quietly(pid: int, sig: int) -> None:
    """Send a signal to a process that may be gone already."""
    _signal(pid, sig)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def kill_user(uid: int) -> None:
    """Kill every process of a student user (mode ``uid``: whatever left its process group).

    A throw-away process becomes that user and signals everything it may signal;
    ``kill(-1)`` spares the caller, and a second round catches a fork in flight.
    """
    if os.geteuid() != 0 or uid < _OWN_IDS:
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            for _ in range(3):
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    break
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def remove_files_of(uid: int, roots: tuple[str, ...] = _PRIVATE_DIRS) -> None:
    """Remove what a student user left in the folders everyone may write (mode ``uid``).

    Without namespaces ``/tmp`` is shared: a file planted there (say a module named
    like one the grader imports, in a folder someone runs Python from) must not
    outlive the student. Each student process has a user of its own, so whatever
    that user owns in a world-writable folder is its leftover. Only world-writable
    folders are walked (the student can write nowhere else), without following links.
    """
    if os.geteuid() != 0 or uid < _OWN_IDS:
        return
    for root in roots:
        _remove_owned(Path(root), uid, depth=0)


def _remove_owned(folder: Path, uid: int, depth: int) -> None:
    if depth > 16:
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        path = Path(entry.path)
        if info.st_uid == uid:
            _remove(path, info)
        elif entry.is_dir(follow_symlinks=False) and info.st_mode & 0o002:
            _remove_owned(path, uid, depth + 1)


def _remove(path: Path, info: os.stat_result) -> None:
    import shutil
    import stat as stat_module

    try:
        if stat_module.S_ISDIR(info.st_mode):
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except OSError:
        pass


def readable_by(path: Path, uid: int, gid: int) -> bool:
    """Whether a user with no special rights could read ``path`` (by its mode bits and
    those of the folders above it; ACLs aside)."""

    def allows(target: Path, bits: int) -> bool:  # bits: 4 read, 1 search/execute
        info = os.stat(target)
        shift = 6 if info.st_uid == uid else 3 if info.st_gid == gid else 0
        return (info.st_mode >> shift) & bits == bits

    try:
        path = path.resolve()
        if not all(allows(folder, 1) for folder in path.parents):
            return False
        return allows(path, 5 if path.is_dir() else 4)
    except OSError:
        return False


def exposed_paths(plan: SandboxPlan) -> tuple[str, ...]:
    """Hidden paths the sandbox user can still read where nothing covers them (``uid`` mode)."""
    if plan.mode != "uid":
        return ()
    uid, gid = student_ids(plan, 0)  # any student user: none owns a file
    found = [p for p in plan.hidden if readable_by(Path(p), uid, gid)]
    return tuple(sorted(found, key=lambda p: Path(p).name not in _SECRETS))  # secrets first


def needed_paths(package_dir: Path) -> tuple[str, ...]:
    """Folders the student process must still reach: Python itself and its packages."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(package_dir)}
    paths.update(p for p in sys.path if p and "site-packages" in p)
    paths.update(
        p for p in sys.path if p and Path(p).is_dir() and Path(p).is_relative_to(sys.base_prefix)
    )
    return tuple(sorted(str(Path(p).resolve()) for p in paths if Path(p).exists()))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _hide_around(candidate: Path, needed: list[Path], out: list[str]) -> None:
    """Hide ``candidate``, or, when needed paths lie inside it, everything in it not on their way."""
    inner = [n for n in needed if _inside(n, candidate)]
    if not inner:
        out.append(str(candidate))
        return
    for child in sorted(candidate.iterdir()):
        if child.is_symlink():
            continue
        if any(_inside(n, child) for n in inner):
            if child not in inner:
                _hide_around(child, inner, out)
        else:
            out.append(str(child))


def installed_copies() -> list[Path]:
    """Every copy of the hidden graders and references this Python could import.

    An editable install keeps the package in the checkout but may still place the
    references in site-packages; a wheel puts everything there.
    """
    import site

    roots = [*sys.path, *site.getsitepackages(), site.getusersitepackages()]
    found = []
    for root in dict.fromkeys(r for r in roots if r):
        for name in _SECRET_FOLDERS:
            candidate = Path(root) / "autograder" / name
            if candidate.exists():
                found.append(candidate)
    return found


def hidden_paths(package_dir: Path, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What student code must not see: the hidden graders and references wherever installed,
    the checkout (apart from its virtual environment and the public package), and ``extra``
    (other submissions, report folders, a course directory), never Python itself."""
    needed = [Path(p) for p in needed_paths(package_dir)]
    candidates = [package_dir / "graders", package_dir / "_reference", *installed_copies()]
    checkout = package_dir.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "solutions").is_dir():
        candidates.append(checkout)
    candidates += [Path(p) for p in extra]
    out: list[str] = []
    for candidate in candidates:
        if candidate.exists() and candidate.resolve() != Path("/"):
            _hide_around(candidate.resolve(), needed, out)
    return tuple(dict.fromkeys(out))
