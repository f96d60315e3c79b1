"""The PDF sandbox: every look inside a filer's PDF runs in a child process with CPU and memory limits.

A hostile file (a decompression bomb, objects nested a hundred thousand deep, a million tiny objects) or a
bug in a PDF library must cost the court at most a few seconds and a few hundred megabytes, and never the
web process. Each check runs in a fresh child process that limits itself (RLIMIT_CPU, RLIMIT_AS, no core
files) before it reads the file; a child killed by a limit, or still running at the wall-clock deadline
(then killed), makes the file "too complex" (`Refused(TOO_COMPLEX)`), never a crash of the caller.

The children come from a fork server of our own: a Python process started (lazily, once per process that
checks PDFs) from the same interpreter and `sys.path`, which imports pikepdf, PyMuPDF and x-ray once
(about a second) and then forks one child per check in milliseconds. It never forks the web worker itself
(its threads, database connections and locks), never pays the imports per file, and, unlike
multiprocessing's fork server, never re-runs the caller's `__main__` (gunicorn, pytest, a script) in each
child. For each check the caller makes a socket pair and hands one end to the server (SCM_RIGHTS); the
child that gets it answers in JSON (plus raw bytes for a stamped file or a picture), read with length
limits: a child a hostile file had taken over could send nothing the caller would unpickle. The server
ends when its caller does (its control socket closes). Nothing here imports Django: the limits come in as
arguments (`openecf.documents.pdf` reads them from settings).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from openecf.documents.pdf_refusals import NOT_PDF, TOO_COMPLEX, Refused
from openecf.errors import OpenECFError

logger = logging.getLogger(__name__)

_MIB = 1024 * 1024
_LENGTH = struct.Struct("!Q")
# The request's and the answer's JSON parts (the file and a stamped copy or picture follow as raw bytes).
_MAX_HEADER = 1 * _MIB
# How long a caller waits for a child: the server's start (imports) the first time, then the check itself,
# beyond the child's CPU limit (a busy machine shares its CPUs between checks).
_SERVER_START_SECONDS = 60.0
_WALL_CLOCK_FACTOR = 3
_WALL_CLOCK_SLACK = 5.0


class SandboxUnavailable(OpenECFError):
    """No child could be started for the check: a fault of the server, not of the file (503: try again)."""

    status = 503
    code = "pdf_check_unavailable"


@dataclass(frozen=True)
class SandboxLimits:
    """What one check may use: CPU seconds, and megabytes of memory on top of the libraries it runs."""

    seconds: int
    memory_mb: int


@dataclass(frozen=True)
class SandboxRun:
    """A check's answer, and what it cost (for logs and benchmarks)."""

    result: dict[str, Any]
    payload: bytes
    seconds: float
    cpu_seconds: float
    max_rss_mb: float


# --- the tasks --------------------------------------------------------------------------------------------


# The tasks import the PDF libraries when the server starts (`serve`), never in the caller's process.


def _inspect(content: bytes, options: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    from openecf.documents import pdf_checks

    budget = options.get("budget_seconds")
    return pdf_checks.inspect(
        content,
        warnings=bool(options.get("warnings", True)),
        budget_seconds=None if budget is None else float(budget),
    ), b""


def _stamp(content: bytes, options: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    from openecf.documents import pdf_stamp

    try:
        return {}, pdf_stamp.stamp_headers(content, [str(header) for header in options["headers"]])
    except pdf_stamp.HeaderCountMismatch as mismatch:
        return {"pages": mismatch.pages}, b""


def _preview(content: bytes, options: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    from openecf.documents import pdf_stamp

    return {}, pdf_stamp.first_page_png(content, header=str(options["header"]), width=int(options["width"]))


TASKS: dict[str, Callable[[bytes, dict[str, Any]], tuple[dict[str, Any], bytes]]] = {
    "inspect": _inspect,
    "stamp": _stamp,
    "preview": _preview,
}


# --- the child: one check ---------------------------------------------------------------------------------


def _address_space() -> int:
    """This process's mapped memory now, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _set_limit(which: int, soft: int, hard: int | None = None) -> None:
    """Lower a limit (never above the hard limit the process already has)."""
    _current, ceiling = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if ceiling != resource.RLIM_INFINITY:
        soft, hard = min(soft, ceiling), min(hard, ceiling)
    resource.setrlimit(which, (soft, hard))


def limit_this_process(limits: SandboxLimits) -> None:
    """CPU seconds (SIGXCPU, then SIGKILL a second later), memory on top of what is mapped already, and no
    core dumps."""
    _set_limit(resource.RLIMIT_CORE, 0)
    seconds = max(1, limits.seconds)
    _set_limit(resource.RLIMIT_CPU, seconds, seconds + 1)
    mapped = _address_space()
    if mapped and limits.memory_mb > 0:
        _set_limit(resource.RLIMIT_AS, mapped + limits.memory_mb * _MIB)


def _receive_exactly(connection: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = connection.recv(min(left, _MIB))
        if not chunk:
            raise EOFError("the other end closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive_message(connection: socket.socket, max_length: int) -> bytes:
    (length,) = _LENGTH.unpack(_receive_exactly(connection, _LENGTH.size))
    if length > max_length:
        raise ValueError(f"a message of {length} bytes; at most {max_length} expected")
    return _receive_exactly(connection, length)


def _send_message(connection: socket.socket, data: bytes) -> None:
    connection.sendall(_LENGTH.pack(len(data)))
    connection.sendall(data)


def _is_out_of_memory(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, MemoryError) or "malloc" in text or "out of memory" in text


def _check(connection: socket.socket) -> None:
    """In the forked child: the pid, then the request (limits first), the task, the answer."""
    connection.sendall(_LENGTH.pack(os.getpid()))
    request = json.loads(_receive_message(connection, _MAX_HEADER))
    limit_this_process(SandboxLimits(**request["limits"]))
    started = time.process_time()
    payload = b""
    try:
        content = _receive_message(connection, int(request["max_content"]))
        result, payload = TASKS[request["task"]](content, request["options"])
        answer: dict[str, Any] = {"result": result, "payload": len(payload)}
    except Refused as refused:
        answer = {"refused": refused.code}
    except Exception as error:
        answer = {
            "refused": TOO_COMPLEX if _is_out_of_memory(error) else NOT_PDF,
            "error": "".join(traceback.format_exception_only(error))[-2000:],
        }
    answer["cpu_seconds"] = time.process_time() - started
    answer["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _send_message(connection, json.dumps(answer).encode())
    if payload and "result" in answer:
        _send_message(connection, payload)


def _child_main(fd: int) -> None:
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        with socket.socket(fileno=fd) as connection:
            _check(connection)
        status = 0
    except BaseException:  # noqa: S110 - the caller sees no answer and refuses the file
        pass
    finally:
        os._exit(status)


# --- the server -------------------------------------------------------------------------------------------


def serve(control_fd: int) -> None:
    """The fork server's loop: for each socket the caller sends, fork a child to answer on it."""
    from openecf.documents import pdf_checks, pdf_stamp  # noqa: F401 - loaded once, for every child

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller; we end when it does
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    with socket.socket(fileno=control_fd) as control:
        while True:
            try:
                message, fds, _flags, _address = socket.recv_fds(control, 16, 4)
            except InterruptedError:
                continue
            if not message:
                return  # the caller is gone
            for fd in fds:
                try:
                    if os.fork() == 0:
                        control.close()
                        _child_main(fd)
                except OSError:
                    pass  # no child: the caller sees its socket close without a process id
                os.close(fd)


class _ForkServer:
    """The caller's handle on its fork server."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.lock = threading.Lock()
        # One message, one socket: a sequenced-packet pair keeps them apart.
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        code = (
            "import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
            "from openecf.documents.pdf_sandbox import serve; serve(int(sys.argv[2]))"
        )
        # Never a folder inside the package on the child's path: its numbers.py would shadow the standard
        # library's (a test runner or an editor may have put one there).
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        paths = [
            path
            for path in map(os.path.abspath, sys.path)
            if path != package and not path.startswith(package + os.sep)
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", code, json.dumps(paths), str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def hand_over(self, fd: int) -> None:
        with self.lock:
            socket.send_fds(self.control, [b"c"], [fd])


_server_lock = threading.Lock()
_server: _ForkServer | None = None


def _fork_server() -> _ForkServer:
    global _server  # noqa: PLW0603 - one fork server per process, started on first use
    with _server_lock:
        if _server is None or not _server.alive():
            # After a fork (gunicorn's preload) the inherited server is the parent's: start our own.
            _server = _ForkServer()
        return _server


def _child_socket() -> socket.socket:
    """A connected socket to a new child (handing it to the server again if the server had died)."""
    for attempt in range(2):
        server = _fork_server()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.hand_over(theirs.fileno())
            return mine
        except OSError:
            mine.close()
            if attempt:
                raise
            server.process.kill()
        finally:
            theirs.close()
    raise AssertionError("unreachable")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def sandbox_run(
    task: str, content: bytes, *, limits: SandboxLimits, options: dict[str, Any], max_payload: int
) -> SandboxRun:
    """Run one of TASKS on `content` in a limited child; its result, or Refused."""
    if task not in TASKS:
        raise ValueError(f"unknown PDF task {task!r}")
    connection = _child_socket()
    answer: Any = None
    payload = b""
    pid = 0
    started = time.monotonic()
    with connection:
        try:
            connection.settimeout(_SERVER_START_SECONDS)
            (pid,) = _LENGTH.unpack(_receive_exactly(connection, _LENGTH.size))
            started = time.monotonic()
            deadline = started + limits.seconds * _WALL_CLOCK_FACTOR + _WALL_CLOCK_SLACK
            request = {
                "task": task,
                "options": options,
                "limits": asdict(limits),
                "max_content": len(content),
            }
            connection.settimeout(max(0.1, deadline - time.monotonic()))
            _send_message(connection, json.dumps(request).encode())
            _send_message(connection, content)
            connection.settimeout(max(0.1, deadline - time.monotonic()))
            answer = json.loads(_receive_message(connection, _MAX_HEADER))
            if isinstance(answer, dict) and answer.get("payload") and "result" in answer:
                connection.settimeout(max(0.1, deadline - time.monotonic()))
                payload = _receive_message(connection, max_payload)
        except (OSError, EOFError, ValueError):
            answer = None  # killed by a limit, past the deadline, or not an answer
        finally:
            if pid and answer is None:
                _kill(pid)
    if not pid:
        raise SandboxUnavailable(
            "The system could not check your PDF just now; nothing was filed. Try again in a minute, and "
            "if it keeps happening contact the CM/ECF Help Desk."
        )
    elapsed = time.monotonic() - started
    if not isinstance(answer, dict) or ("refused" not in answer and "result" not in answer):
        logger.warning("PDF %s stopped without an answer after %.1f s: refused as too complex", task, elapsed)
        raise Refused(TOO_COMPLEX)
    if answer.get("error"):
        logger.warning("PDF %s failed in the sandbox: %s", task, answer["error"])
    if "refused" in answer:
        raise Refused(
            str(answer["refused"]),
            cpu_seconds=float(answer.get("cpu_seconds", 0.0)),
            max_rss_mb=float(answer.get("max_rss_kb", 0)) / 1024,
        )
    result = answer["result"]
    if not isinstance(result, dict) or len(payload) != answer.get("payload", 0):
        raise Refused(TOO_COMPLEX)
    return SandboxRun(
        result=result,
        payload=payload,
        seconds=elapsed,
        cpu_seconds=float(answer.get("cpu_seconds", 0.0)),
        max_rss_mb=float(answer.get("max_rss_kb", 0)) / 1024,
    )
