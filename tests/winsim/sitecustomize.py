"""Windows' limits, simulated on Linux: put this folder on PYTHONPATH of a subprocess.

Python imports ``sitecustomize`` at start-up (the test also sets
PYTHONIOENCODING=cp1252, what a redirected console gives on Windows). Then:

- POSIX-only modules cannot be imported (resource, fcntl, termios, pwd, grp, ...);
- ``os.fork`` and friends are gone; ``signal`` has no SIGKILL / alarm;
- multiprocessing offers ``spawn`` only: asking for ``fork`` or ``forkserver``
  (set_start_method, get_context) raises ValueError, as on Windows;
- the spawned children inherit PYTHONPATH, so they are simulated too.

Only what the standard library itself needs on Linux to start a spawned child
(_posixsubprocess, the real kill of a process) is left working underneath.
"""

from __future__ import annotations

import importlib.abc
import os
import signal
import sys

REFUSED = frozenset({"resource", "fcntl", "termios", "tty", "pty", "pwd", "grp", "crypt", "spwd", "nis",
                     "syslog", "posix_ipc", "readline", "_curses"})


class _RefusePosixOnly(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in REFUSED:
            raise ModuleNotFoundError(f"No module named '{fullname}' (Windows simulation)", name=fullname)
        return None


for _name in REFUSED:
    sys.modules.pop(_name, None)
sys.meta_path.insert(0, _RefusePosixOnly())

for _attr in ("fork", "forkpty", "wait3", "wait4", "getuid", "geteuid", "getgid", "setsid", "killpg",
              "getpgid", "setpgid", "nice"):
    if hasattr(os, _attr):
        delattr(os, _attr)

_SIGKILL = signal.SIGKILL
for _attr in ("SIGKILL", "SIGALRM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "alarm", "setitimer", "pause"):
    if hasattr(signal, _attr):
        delattr(signal, _attr)

import multiprocessing  # noqa: E402
import multiprocessing.context as _mpc  # noqa: E402
import multiprocessing.popen_fork as _popen_fork  # noqa: E402  (spawn on POSIX subclasses it)

ALLOWED = ("spawn",)


def _check(method):
    if method is not None and method not in ALLOWED:
        raise ValueError(f"cannot find context for {method!r} (Windows simulation: spawn only)")


def _checked(original):
    def method(self, method=None, *args, **kwargs):
        _check(method)
        return original(self, method, *args, **kwargs)
    return method


_mpc.BaseContext.get_context = _checked(_mpc.BaseContext.get_context)
_mpc.DefaultContext.get_context = _checked(_mpc.DefaultContext.get_context)
_mpc.DefaultContext.set_start_method = _checked(_mpc.DefaultContext.set_start_method)
_mpc.DefaultContext.get_all_start_methods = lambda self: list(ALLOWED)
_mpc.BaseContext.get_all_start_methods = lambda self: list(ALLOWED)
_mpc._default_context._actual_context = _mpc._concrete_contexts["spawn"]  # Windows' default
for _method in ("fork", "forkserver"):
    _mpc._concrete_contexts.pop(_method, None)

# Re-export the patched bound methods at the package level (multiprocessing copied them at import).
for _name in ("get_context", "set_start_method", "get_all_start_methods"):
    setattr(multiprocessing, _name, getattr(_mpc._default_context, _name))


def _terminate(self):  # Process.kill(): TerminateProcess on Windows; signal.SIGKILL is gone here
    if self.returncode is None:
        try:
            os.kill(self.pid, _SIGKILL)
        except ProcessLookupError:
            pass


_popen_fork.Popen.kill = _terminate
os.environ["MVO_XL_WINDOWS_SIMULATION"] = "1"
