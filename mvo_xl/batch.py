"""Validate many submitted workbooks: each in a worker process bounded in time and memory.

A coordinator points the validator at a folder of files mailed in by many
municipalities. Any file may be hostile, so each one is read in a worker
process with a memory cap (best effort: RLIMIT_AS on POSIX, a Job Object on
Windows, see :func:`mvo_xl.io.safety.limit_memory`) and a per-file deadline the
parent enforces by killing the worker; a file that cannot be read becomes exactly one
MVO040 finding and the batch goes on. Inputs are only read, never written.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterator, Sequence

from .catalogue import FOUT, INFO, WAARSCHUWING
from .findings import Finding


DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MEMORY_BYTES = 1_000_000_000
READY = "ready"  # a worker's first word: it started, so a later death is the file's doing
# Windows waits on at most 63 handles at once (WaitForMultipleObjects; Python 3.10-3.12 raise ValueError
# beyond that) and the pool waits on two per worker, its pipe and its process.
_WINDOWS = os.name == "nt"
_WINDOWS_MAX_WORKERS = 31


@dataclass
class FileReport:
    path: str
    valid: bool  # no fout
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"path": self.path, "valid": self.valid, "findings": [f.as_dict() for f in self.findings]}


@dataclass(frozen=True)
class BatchOptions:
    today: dt.date | None = None
    horizon: int | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_bytes: int = DEFAULT_MEMORY_BYTES


# --- one file --------------------------------------------------------------------------------

def check_file(path: str | os.PathLike, options: BatchOptions = BatchOptions()) -> FileReport:
    """Read and judge one file in this process (the worker's job); never raises for a bad file."""
    from .io.reader import read_workbook
    from .io.safety import UnreadableWorkbook
    from .rules import check_workbook

    name = os.fspath(path)
    start = time.perf_counter()
    try:
        book = read_workbook(path, display_name=name)
        findings = check_workbook(book, today=options.today, horizon=options.horizon)
    except UnreadableWorkbook as exc:
        findings = [exc.finding(name)]
    except MemoryError:
        findings = [UnreadableWorkbook("too_large", "te veel geheugen nodig").finding(name)]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a file must never stop the batch (a Rust panic included)
        findings = [UnreadableWorkbook("corrupt", f"onverwachte fout bij het lezen: {type(exc).__name__}").finding(name)]
    return _report(name, findings, time.perf_counter() - start)


def _report(name: str, findings: list[Finding], seconds: float) -> FileReport:
    return FileReport(name, not any(f.severity == FOUT for f in findings), findings, round(seconds, 4))


def _refused(name: str, variant: str, detail: str, seconds: float) -> FileReport:
    from .io.safety import UnreadableWorkbook

    return _report(name, [UnreadableWorkbook(variant, detail).finding(name)], seconds)


# --- the pool --------------------------------------------------------------------------------

def _serve(conn, options: BatchOptions) -> None:
    """Worker loop: cap memory first, then judge files one at a time until told to stop."""
    from .io.safety import limit_memory

    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no worker tracebacks
    limit_memory(options.memory_bytes)
    conn.send(READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        index, path = task
        conn.send((index, check_file(path, options)))


def _context():
    """``spawn`` everywhere: Windows has nothing else, and it is safe with the parent's threads."""
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx, options: BatchOptions):
        self.conn, child = ctx.Pipe()
        from .io.safety import children_ignore_ctrl_c

        self.proc = ctx.Process(target=_serve, args=(child, options), daemon=True)
        with children_ignore_ctrl_c():  # a Ctrl-C while the worker starts is the parent's, not a traceback
            self.proc.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.started = 0.0
        self.ready = False

    def give(self, task: tuple[int, str]) -> None:
        self.task, self.started = task, time.monotonic()
        try:
            self.conn.send(task)
        except OSError:  # the worker died before its task: the loop sees its sentinel and replaces it
            pass

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill and self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def iter_validate(files: Sequence[str | os.PathLike], *, jobs: int | None = None,
                  options: BatchOptions = BatchOptions()) -> Iterator[tuple[int, FileReport]]:
    """(index into files, report) as each file finishes; a worker that hangs or dies is replaced."""
    names = [os.fspath(f) for f in files]
    if not names:
        return
    ctx = _context()
    size = pool_size(jobs, len(names))
    pending = deque(enumerate(names))
    workers: list[_Worker] = []
    try:
        workers = [_Worker(ctx, options) for _ in range(size)]
        for w in workers:
            if pending:
                w.give(pending.popleft())
        while any(w.task for w in workers):
            busy = [w for w in workers if w.task]
            now = time.monotonic()
            timeout = max(0.0, min(w.started + options.timeout_s for w in busy) - now)
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout))
            for i, w in enumerate(workers):
                if not w.task:
                    continue
                index, name = w.task
                done = None
                if w.conn in ready or w.proc.sentinel in ready:
                    try:
                        done = w.conn.recv() if w.conn.poll() else None
                    except (EOFError, OSError):
                        done = None
                    if done == READY:  # the file's time starts now, not at the worker's start-up
                        w.ready, w.started = True, time.monotonic()
                        continue
                    if done is None:  # died: native allocation failure or the OOM killer
                        w.proc.join()
                        if not w.ready:
                            raise RuntimeError(f"worker process failed to start (exit code {w.proc.exitcode})")
                        variant, detail = _death(w.proc.exitcode, options)
                        done = (index, _refused(name, variant, detail, time.monotonic() - w.started))
                        workers[i] = w = _replace(ctx, w, options)
                elif time.monotonic() - w.started >= options.timeout_s:
                    done = (index, _refused(name, "timeout", f"meer dan {options.timeout_s:g} seconden",
                                            time.monotonic() - w.started))
                    workers[i] = w = _replace(ctx, w, options)
                if done is None:
                    continue
                w.task = None
                yield done
                if pending:
                    w.give(pending.popleft())
    finally:
        for w in workers:
            w.stop(kill=bool(w.task))


def pool_size(jobs: int | None, files: int) -> int:
    """Workers for ``files`` files: ``jobs`` or one per processor, never more than files, nor than Windows
    can wait on."""
    size = max(1, min(jobs or os.cpu_count() or 1, files))
    return min(size, _WINDOWS_MAX_WORKERS) if _WINDOWS else size


def _replace(ctx, worker: _Worker, options: BatchOptions) -> _Worker:
    worker.stop(kill=True)
    return _Worker(ctx, options)


def _death(exitcode: int | None, options: BatchOptions) -> tuple[str, str]:
    from .io.safety import OUT_OF_MEMORY_EXIT_CODES

    if exitcode in OUT_OF_MEMORY_EXIT_CODES:
        return "too_large", f"meer dan {options.memory_bytes // 10**6} MB geheugen nodig"
    return "corrupt", f"de lezer liep vast (code {exitcode})"


def validate_files(files: Sequence[str | os.PathLike], *, jobs: int | None = None,
                   options: BatchOptions = BatchOptions()) -> list[FileReport]:
    """Every file's report, in the order of ``files``."""
    reports: list[FileReport | None] = [None] * len(files)
    for index, report in iter_validate(files, jobs=jobs, options=options):
        reports[index] = report
    return [r for r in reports if r is not None]


# --- the summary -----------------------------------------------------------------------------

def summary(reports: Sequence[FileReport], seconds: float) -> dict:
    findings = [f for r in reports for f in r.findings]
    return {
        "files": len(reports),
        "valid": sum(r.valid for r in reports),
        "errors": sum(f.severity == FOUT for f in findings),
        "warnings": sum(f.severity == WAARSCHUWING for f in findings),
        "infos": sum(f.severity == INFO for f in findings),
        "seconds": round(seconds, 3),
    }


def report_data(reports: Sequence[FileReport], seconds: float) -> dict:
    """The ``--json`` shape: files with their findings, and the summary."""
    return {"files": [r.as_dict() for r in reports], "summary": summary(reports, seconds)}
