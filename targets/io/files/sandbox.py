"""
A parse of an untrusted file in a child process, with a ceiling on its
memory and its time, so that a file built to exhaust them ends that child
and not the server's worker.

Why: calamine (the spreadsheet reader) lays each sheet out as one dense
block of rows × columns, so two cells, A1 and XFD1048576, ask for half a
terabyte; Rust's answer to a failed allocation is to abort the whole
process, which no ``try`` catches. Bounding the sheet beforehand would mean
parsing every format's cell positions a second time (and .xls is a binary
inside an OLE container); a forked child costs a few milliseconds, needs no
second parser, and also bounds whatever else a damaged file may do to a
library (loop, panic, crash).

Fork keeps the caller's state (imports, test patches); the child writes its
answer down a pipe as a pickle and leaves with ``os._exit``, so nothing of
the parent (database connections, atexit hooks) is closed twice.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable

from .errors import DocumentError

# What one parse may take beyond what the worker already holds, and for how long.
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 20
# Wall-clock: a loaded machine gives the child less than all of a core.
WALL_SECONDS = 60


class ParseFailed(Exception):
    """The child died (memory or time ran out, or the parser crashed): ``reason`` says which."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def run_limited(
    function: Callable,
    *,
    memory_bytes: int = MEMORY_BYTES,
    cpu_seconds: int = CPU_SECONDS,
    wall_seconds: float = WALL_SECONDS,
):
    """
    ``function()`` run in a forked child under the limits; its result (which
    must pickle) returned, a ``DocumentError`` it raised raised again here,
    anything else raised as ``ParseFailed``. Without ``fork`` (not Linux)
    it runs here, unbounded.
    """
    if not hasattr(os, "fork"):
        return function()
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError as exc:  # no process or descriptor left: refuse rather than parse unbounded
        raise ParseFailed("busy") from exc
    if pid == 0:  # pragma: no cover - the child; its effects are asserted by the parent
        os.close(read_end)
        _child(function, write_end, memory_bytes, cpu_seconds)
    os.close(write_end)
    status = None
    deadline = time.monotonic() + wall_seconds
    try:
        data = _read_all(read_end, deadline)
        status = _wait(pid, deadline) if data is not None else None
    finally:
        os.close(read_end)
        if status is None:  # out of time, or interrupted: the child must not outlive the ask
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if status is None:
        raise ParseFailed("time")
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        raise ParseFailed(_death(status))  # what it wrote, if anything, is not whole
    kind, payload = pickle.loads(data)
    if kind == "ok":
        return payload
    if kind == "refused":
        code, message, params = payload
        raise DocumentError(code, message, **params)
    raise ParseFailed(payload)


def _child(
    function, write_end: int, memory_bytes: int, cpu_seconds: int
) -> None:  # pragma: no cover
    status = 0
    try:
        _limit(memory_bytes, cpu_seconds)
        try:
            answer = ("ok", function())
        except DocumentError as error:
            answer = ("refused", (error.code, error.message, error.params))
        except MemoryError:
            answer = ("failed", "memory")
        except BaseException:  # a Rust panic arrives as a BaseException
            answer = ("failed", "crash")
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _limit(memory_bytes: int, cpu_seconds: int) -> None:  # pragma: no cover - in the child
    """The child's ceilings: its address space now plus ``memory_bytes``; CPU seconds."""
    size = _address_space()
    if size is not None:
        ceiling = size + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _address_space() -> int | None:  # pragma: no cover - in the child
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe; None when the time runs out."""
    chunks = []
    waiting = select.poll()
    waiting.register(fd, select.POLLIN | select.POLLHUP)
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not waiting.poll(left * 1000):
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _wait(pid: int, deadline: float) -> int | None:
    """The child's exit status, once it has ended; None if it has not by the deadline."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.001)


def _death(status: int) -> str:
    """Why a child that answered nothing died: out of memory, out of time, or a crash."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            return "time"
        if number == signal.SIGABRT:
            return "memory"  # Rust aborts on a failed allocation
    return "crash"
