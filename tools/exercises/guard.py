"""A file and process guard for a student's run (an audit hook, :pep:`578`).

Installed in the child process that runs a submission, after the libraries are
imported and before the first student cell. From then on, in that process:

* a file may be opened for reading only inside the run's own folder, the Python
  installation (standard library, site-packages), crmkit's package and data folders
  and system folders that hold no one's files (``/usr/share``, ``/usr/lib``, ``/etc``,
  ``/dev``, ``/proc/self``, ``/sys``); the repository (masters, autograder zips, other
  students' submissions, the instructor's home) is refused;
* files may be written, renamed or removed only inside the run's folder;
* no process may be started, signalled or forked, no socket opened, no C library
  loaded through ctypes, and the garbage collector may not be searched for objects
  (the way to reach the guard's own state);
* a file called ``tests/...`` in the run's folder is a decoy: opening it is recorded.

Every refusal raises ``PermissionError`` in the student's code and is recorded, so the
gradebook can flag the submission. An audit hook is not a complete sandbox (Python's
documentation says so: code that reaches C can switch it off); that is why the
expected answers are computed in another process (:mod:`tools.exercises.sandbox`),
and why the guide recommends a container for untrusted classes. This module imports
only the standard library.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_DENIED_EVENTS = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "os.forkpty",
    "os.kill",
    "os.killpg",
    "signal.pthread_kill",
    "pty.spawn",
    "socket.connect",
    "socket.bind",
    "socket.sendto",
    "socket.sendmsg",
    "gc.get_objects",
    "gc.get_referrers",
    "gc.get_referents",
    "os.chdir",
    "os.symlink",
    "os.link",
    "sys.remote_exec",
)
_WRITE_EVENTS = (
    "os.remove",
    "os.rename",
    "os.rmdir",
    "os.mkdir",
    "os.chmod",
    "os.chown",
    "os.truncate",
    "os.utime",
    "shutil.rmtree",
    "shutil.move",
    "shutil.copyfile",
)
_SYSTEM_READ = (
    "/usr/share",
    "/usr/lib",
    "/usr/lib64",
    "/lib",
    "/etc",
    "/dev",
    "/proc/self",
    # machine-wide counters that libraries read to size their thread pools (set 04's
    # CFA reads /proc/stat): nothing of the instructor's
    "/proc/stat",
    "/proc/cpuinfo",
    "/proc/meminfo",
    "/sys",
)


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


class Guard:
    """The policy and the record of refusals of one run.

    Parameters
    ----------
    workdir : str
        The run's own folder (read and write).
    read_roots : iterable of str
        Other folders that may be read.
    """

    def __init__(self, workdir: str, read_roots, channel=None) -> None:
        self.channel = channel
        self.workdir = os.path.realpath(workdir)
        roots = {self.workdir, *(os.path.realpath(r) for r in read_roots), *_SYSTEM_READ}
        self.read_roots = tuple(sorted(roots))
        self.decoy = os.path.join(self.workdir, "tests")
        self.refused: list[str] = []

    def _refuse(self, what: str) -> None:
        if len(self.refused) < 50:
            self.refused.append(what)
            if self.channel is not None:  # at once, so that the record outlives the run
                self.channel.write(f"REFUSED {what}\n")
                self.channel.flush()
        raise PermissionError(f"Not allowed while grading: {what}.")

    def _path(self, path) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        return os.path.realpath(os.path.join(self.workdir, os.fspath(path)))

    def _open(self, path, mode, flags) -> None:
        where = self._path(path)
        if where is None:
            return
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )
        if _inside(where, (self.decoy,)):
            self._refuse(f"reading {where} (looking for the hidden tests)")
        if writing and not _inside(where, (self.workdir, "/dev/null")):
            self._refuse(f"writing {where} (outside the grading folder)")
        if not writing and not _inside(where, self.read_roots):
            self._refuse(f"reading {where} (outside the grading folder)")

    def __call__(self, event: str, args: tuple) -> None:
        if event == "open":
            self._open(*args[:3])
        elif event.startswith(_DENIED_EVENTS) or event.startswith("ctypes."):
            self._refuse(f"{event}")
        elif event in _WRITE_EVENTS and args:
            where = self._path(args[0])
            if where is not None and not _inside(where, (self.workdir,)):
                self._refuse(f"{event} on {where} (outside the grading folder)")


def install(workdir: str, read_roots, channel=None) -> None:
    """Install the guard for the rest of this process's life (it cannot be removed).

    Each refusal is written to ``channel`` (a text file) as ``REFUSED <what>`` at once.
    Nothing is returned, so no name in the caller's frame leads to the guard.
    """
    sys.addaudithook(Guard(workdir, read_roots, channel))


def python_roots() -> list[str]:
    """The Python installation's folders (standard library and site-packages)."""
    import site
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages()}
    paths |= {
        p
        for k, p in sysconfig.get_paths().items()
        if k in ("stdlib", "platstdlib", "purelib", "platlib")
    }
    return sorted(p for p in paths if p and Path(p).is_dir())
