"""A classroom for end-to-end tests: students as OS users, in the student environment.

On a hub each student runs as their own OS user, and their kernel (which imports
``autograder.notebook``) runs in the *student* environment: the wheel that
``autograder.course_build.bundle`` builds (public checks and ``ch2-grade`` only,
no ``autograder.graders``, no ``_reference``, no quiz key, no ``nbgrader_ext``),
never the instructor's environment, where ``hidden_check`` or ``solutions/``
would give the answers away. This module builds that environment and those users.

- :func:`build_student_environment` makes a venv holding the student wheel, and
  reuses the instructor venv's third-party packages (torch, jupyterlab, nbgrader, …)
  through a folder of symlinks that leaves out every copy of this project.
- :func:`os_user` creates (or reuses) a ``ch2-<name>`` OS user; :func:`run_as` and
  :func:`spawn_as` run commands as that user; :func:`stop` ends a process that
  :func:`spawn_as` started, with everything it started.
- Fixtures, shared by every test module through tests/conftest.py (which imports
  them): ``classroom_root``, a world-readable folder for the session;
  ``student_env``, the environment, built once per session; ``os_users``, a
  factory of users, skipping where OS users cannot be made, and removing the users
  it created at the end of the session.

Typical use::

    from classroom import run_as

    def test_something(student_env, os_users):
        alice = os_users("alice")
        done = run_as(alice, ["ch2-grade", "--help"], env=student_env.env(alice.home))
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
USER_PREFIX = "ch2-"
# Marks the users these tests create, so that a user left by an interrupted run is
# recognised (and reused), and no other account is ever touched.
USER_COMMENT = "ch2-autograder test student"
# Entries of the instructor's site-packages that are this project: never shown to students.
PRIVATE_ENTRIES = ("autograder", "ch2_autograder*", "_editable_impl*", "__editable__*")
# Console scripts the student environment gets, calling the instructor's entry points.
REQUIRED_SCRIPTS = ("jupyter", "jupyter-lab", "jupyter-server", "nbgrader")
OPTIONAL_SCRIPTS = ("jupyter-kernelspec", "jupyter-nbconvert", "jupyter-execute")
THIRD_PARTY = "third-party"  # the folder of symlinks, inside the student venv
STUDENT_PATH = "/usr/local/bin:/usr/bin:/bin"


class ClassroomUnavailable(RuntimeError):
    """This machine cannot host the classroom (the message says why)."""


@dataclass(frozen=True)
class StudentEnv:
    """The student environment: a venv with the student wheel and the third-party packages.

    ``root`` is the venv, ``python`` its interpreter, ``bin`` its scripts folder
    (``ch2-grade``, ``jupyter``, ``jupyter-lab``, ``jupyter-server``, ``nbgrader``),
    ``site_packages`` where the student wheel is installed, ``third_party`` the
    folder of symlinks to the instructor's third-party packages, and ``wheel`` the
    student wheel that was installed.
    """

    root: Path
    python: Path
    bin: Path
    site_packages: Path
    third_party: Path
    wheel: Path

    def env(self, home: Path) -> dict[str, str]:
        """The environment variables of a student process whose home is ``home``.

        Built from nothing, so that no instructor variable leaks in (no PYTHONPATH,
        no ``CH2_*``): PATH with the student bin first, HOME, Jupyter's and
        IPython's folders in the home, a UTF-8 locale. USER is left out: Python and
        nbgrader take the name from the process's uid.
        """
        home = Path(home)
        data = home / ".local" / "share" / "jupyter"
        return {
            "PATH": f"{self.bin}{os.pathsep}{STUDENT_PATH}",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "VIRTUAL_ENV": str(self.root),
            "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
            "JUPYTER_DATA_DIR": str(data),
            "JUPYTER_RUNTIME_DIR": str(data / "runtime"),
            "IPYTHONDIR": str(home / ".ipython"),
        }


@dataclass(frozen=True)
class OsUser:
    """A student's OS account."""

    name: str
    uid: int
    gid: int
    home: Path


# -- the student environment ---------------------------------------------------------


def _instructor_paths() -> tuple[Path, Path, Path]:
    """The instructor venv (this interpreter's): its prefix, site-packages and scripts."""
    paths = sysconfig.get_paths()
    return Path(sys.prefix), Path(paths["purelib"]), Path(paths["scripts"])


def world_reachable(path: Path) -> bool:
    """Whether any user can reach ``path``: every folder above it searchable by others,
    and the path itself readable by others (and searchable, for a folder or program)."""
    path = Path(path).resolve()
    for folder in path.parents:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return False
    mode = path.stat().st_mode
    needed = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() or mode & stat.S_IXUSR else 0)
    return mode & needed == needed


def _python_home(python: Path) -> Path | None:
    """The prefix holding ``python``'s standard library, or None if it does not run."""
    try:
        done = subprocess.run(
            [str(python), "-I", "-c", "import sys; print(sys.base_prefix)"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def student_base_python() -> Path:
    """An interpreter of this Python version that every user can run.

    The instructor's own base interpreter when others can reach it; otherwise
    (``pyenv`` under ``/root``, mode 0700, say) a system one of the same
    ``major.minor``, whose ABI the instructor's compiled packages share.
    Raises ClassroomUnavailable when there is none.
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        Path(sys._base_executable),  # type: ignore[attr-defined]
        Path(f"/usr/bin/python{version}"),
        Path(f"/usr/local/bin/python{version}"),
    ]
    seen = set()
    for candidate in candidates:
        if not candidate.is_file() or candidate.resolve() in seen:
            continue
        seen.add(candidate.resolve())
        if not world_reachable(candidate):
            continue
        home = _python_home(candidate)
        if home is not None and world_reachable(home / "lib" / f"python{version}"):
            return candidate
    raise ClassroomUnavailable(
        f"no Python {version} that other users can run (tried {', '.join(map(str, candidates))}); "
        "the instructor's is not reachable by students"
    )


def _is_private(name: str) -> bool:
    return any(Path(name).match(pattern) for pattern in PRIVATE_ENTRIES)


def _script(entry_script: Path, python: Path) -> str:
    """The instructor's console script ``entry_script``, run by ``python`` instead."""
    text = entry_script.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    if not first.startswith("#!") or "import" not in rest:
        raise ClassroomUnavailable(f"{entry_script} is not a Python console script")
    return f"#!{python}\n{rest}"


def build_student_environment(target: Path, *, course_file: Path | None = None) -> StudentEnv:
    """Build the student environment at ``target`` (a new folder) and return it.

    1. The student wheel, by ``bundle.build_wheel`` (public checks and ``ch2-grade``).
    2. A venv (``python -m venv --without-pip``) on a Python every user can run.
    3. The wheel, installed by the instructor's pip (``--python``, ``--no-deps --no-index``).
    4. ``third-party/``: a symlink to every entry of the instructor's site-packages
       except this project's (``autograder``, ``ch2_autograder*``, ``_editable_impl*``,
       ``__editable__*``), added to the venv's path by one plain ``.pth`` line (the
       ``.pth`` files inside it are not processed: none of the dependencies needs
       theirs; setuptools' ``distutils-precedence.pth`` only matters to setuptools).
    5. ``share/jupyter`` (JupyterLab's assets, extensions) linked from the instructor
       venv, its ``etc/jupyter`` (which server extensions are on) copied, and a
       ``python3`` kernel spec that runs the student interpreter.
    6. Console scripts ``jupyter``, ``jupyter-lab``, ``jupyter-server``, ``nbgrader``
       (and a few more) calling the same entry points as the instructor's.

    Every file is left readable by all users. Raises ClassroomUnavailable where the
    machine cannot build it (no Python that students can run).
    """
    from autograder.course_build.bundle import build_wheel

    target = Path(target)
    prefix, site_packages, scripts = _instructor_paths()
    if not world_reachable(site_packages):
        raise ClassroomUnavailable(f"students cannot read the instructor's {site_packages}")
    base = student_base_python()
    target.mkdir(parents=True)
    wheel = build_wheel(target / "wheel", course_file or ROOT / "course.yml")
    _run([str(base), "-m", "venv", "--without-pip", str(target)])
    python = target / "bin" / "python"
    own_site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).strip()
    )
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-warn-script-location",
            str(wheel),
        ]
    )
    third_party = target / THIRD_PARTY
    third_party.mkdir()
    for entry in sorted(site_packages.iterdir()):
        if not _is_private(entry.name):
            (third_party / entry.name).symlink_to(entry)
    (own_site / "ch2-third-party.pth").write_text(f"{third_party}\n", encoding="utf-8")

    share = prefix / "share" / "jupyter"
    own_share = target / "share" / "jupyter"
    own_share.mkdir(parents=True)
    if share.is_dir():
        for entry in sorted(share.iterdir()):
            if entry.name != "kernels":
                (own_share / entry.name).symlink_to(entry)
    kernel = own_share / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(_kernel_json(python), encoding="utf-8")
    if (prefix / "etc" / "jupyter").is_dir():
        shutil.copytree(prefix / "etc" / "jupyter", target / "etc" / "jupyter")

    for name in REQUIRED_SCRIPTS + OPTIONAL_SCRIPTS:
        source = scripts / name
        if not source.is_file():
            if name in REQUIRED_SCRIPTS:
                raise ClassroomUnavailable(f"the instructor's environment has no {source}")
            continue
        script = target / "bin" / name
        script.write_text(_script(source, python), encoding="utf-8")
        script.chmod(0o755)
    _open_to_all(target)
    return StudentEnv(
        root=target,
        python=python,
        bin=target / "bin",
        site_packages=own_site,
        third_party=third_party,
        wheel=wheel,
    )


def _kernel_json(python: Path) -> str:
    import json

    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "metadata": {"debugger": True},
    }
    return json.dumps(spec, indent=1) + "\n"


def _open_to_all(top: Path) -> None:
    """Make ``top`` and everything in it (not following symlinks) readable by everyone."""
    for folder, _dirs, files in os.walk(top):  # symlinked folders are not entered
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if mode & stat.S_IXUSR else 0o644)


def _run(args: Sequence[str]) -> str:
    done = subprocess.run(
        list(args), capture_output=True, text=True, timeout=600, check=False, env=_clean_env()
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _clean_env() -> dict[str, str]:
    """This process's environment less what would steer another Python."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "CH2_", "PIP_")) and k != "VIRTUAL_ENV"
    }


# -- OS users ------------------------------------------------------------------------


_created_users: list[str] = []


def os_users_unavailable() -> str | None:
    """Why OS users cannot be made here, or None when they can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "students are OS users: creating them needs root"
    for tool in ("useradd", "userdel"):
        if shutil.which(tool) is None:
            return f"students are OS users: {tool} is not installed"
    return None


def require_os_users() -> None:
    """Skip the calling test, with the reason, where OS users cannot be made."""
    reason = os_users_unavailable()
    if reason:
        pytest.skip(reason)


def user_name(name: str) -> str:
    """The OS account name of a student: ``alice`` → ``ch2-alice`` (kept if prefixed)."""
    full = name if name.startswith(USER_PREFIX) else USER_PREFIX + name
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", full):
        raise ValueError(f"not a usable account name: {full!r}")
    return full


def os_user(name: str) -> OsUser:
    """The OS user ``ch2-<name>``, created with a home and bash (removed by
    :func:`remove_os_users`).

    A user left by an interrupted run (it carries :data:`USER_COMMENT`) is reused,
    its home emptied; any other existing account of that name is refused
    (ClassroomUnavailable), never modified.
    """
    full = user_name(name)
    try:
        entry = pwd.getpwnam(full)
    except KeyError:
        _run(
            [
                "useradd",
                "--create-home",
                "--shell",
                "/bin/bash",
                "--user-group",
                "--comment",
                USER_COMMENT,
                full,
            ]
        )
        entry = pwd.getpwnam(full)
    else:
        if entry.pw_gecos.split(",")[0] != USER_COMMENT:
            raise ClassroomUnavailable(f"an account {full!r} exists that these tests did not make")
        home = Path(entry.pw_dir)
        home.mkdir(exist_ok=True)
        for child in home.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    if full not in _created_users:
        _created_users.append(full)
    return OsUser(full, entry.pw_uid, entry.pw_gid, Path(entry.pw_dir))


def remove_os_users() -> None:
    """Remove (``userdel -r``) every user :func:`os_user` made or reused; failures are ignored."""
    while _created_users:
        name = _created_users.pop()
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                ["userdel", "--remove", name], capture_output=True, timeout=60, check=False
            )


atexit.register(remove_os_users)


def put_file(user: OsUser, path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (relative: in the user's home) as the user's own file,
    creating the folders; as an administrator would, for example a config file."""
    path = Path(path) if Path(path).is_absolute() else user.home / path
    missing = [p for p in reversed(path.parents) if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chown(folder, user.uid, user.gid)
    path.write_text(text, encoding="utf-8")
    os.chown(path, user.uid, user.gid)
    path.chmod(0o644)
    return path


def _as_user(user: OsUser) -> dict[str, object]:
    return {"user": user.uid, "group": user.gid, "extra_groups": [], "umask": 0o022}


def run_as(
    user: OsUser,
    args: Sequence[str | Path],
    *,
    env: Mapping[str, str],
    cwd: Path | None = None,
    timeout: float = 300,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``args`` as ``user`` (its uid, its group only, umask 022) in ``cwd`` (default:
    the home) with exactly ``env``; returns the finished process, output as text.
    The return code is not checked."""
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd or user.home,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
        check=False,
        **_as_user(user),  # type: ignore[arg-type]
    )


def spawn_as(
    user: OsUser,
    args: Sequence[str | Path],
    *,
    env: Mapping[str, str],
    cwd: Path | None = None,
    log: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``args`` as ``user`` in a new session (its own process group), its output
    going to ``log`` (default: discarded). End it with :func:`stop`."""
    output = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        return subprocess.Popen(
            [str(a) for a in args],
            cwd=cwd or user.home,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **_as_user(user),  # type: ignore[arg-type]
        )
    finally:
        if log is not None:
            output.close()  # type: ignore[union-attr]


def _descendants(pid: int) -> list[int]:
    """Every process started, directly or not, by ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def stop(process: subprocess.Popen[bytes], *, grace_s: float = 10) -> None:
    """End a process started by :func:`spawn_as` and everything it started.

    SIGTERM to its process group (a Jupyter server then shuts its kernels down),
    SIGKILL after ``grace_s``; then SIGKILL, by pid, to any descendant still alive
    (kernels run in sessions of their own, outside the group).
    """
    descendants = _descendants(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace_s)
    for pid in descendants:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


# -- the instructor's nbgrader -----------------------------------------------------

NBGRADER = Path(sys.executable).with_name("nbgrader")


def run_nbgrader(
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    drop: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """``nbgrader ARGS`` as the instructor runs it, in the instructor's environment (its bin
    first on PATH: nbgrader starts helpers such as alembic by name), with ``env`` added and
    the variables in ``drop`` removed. The return code is not checked."""
    environ = {k: v for k, v in os.environ.items() if k not in drop}
    environ["PATH"] = f"{NBGRADER.parent}{os.pathsep}{environ.get('PATH', '')}"
    return subprocess.run(
        [str(NBGRADER), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**environ, **(env or {})},
    )


def nbgrader(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """:func:`run_nbgrader` that must succeed; its output (stdout, then stderr)."""
    done = run_nbgrader(*args, cwd=cwd, env=env)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def classroom_root() -> Iterator[Path]:
    """A folder every user can enter (mode 0755, unlike pytest's tmp_path), for the
    session's course, exchange and student environment; removed at the end."""
    root = Path(tempfile.mkdtemp(prefix="ch2-classroom-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def student_env(classroom_root: Path) -> StudentEnv:
    """The student environment, built once per session (skips where it cannot be)."""
    try:
        return build_student_environment(classroom_root / "student-env")
    except ClassroomUnavailable as exc:
        pytest.skip(f"no student environment: {exc}")


@pytest.fixture(scope="session")
def os_users() -> Iterator[Callable[[str], OsUser]]:
    """``os_users("alice")`` → the OS user ``ch2-alice``; skips where users cannot be
    made; removes the users at the end of the session."""
    require_os_users()

    def make(name: str) -> OsUser:
        try:
            return os_user(name)
        except ClassroomUnavailable as exc:
            pytest.skip(str(exc))

    try:
        yield make
    finally:
        remove_os_users()
