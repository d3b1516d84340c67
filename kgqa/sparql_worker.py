"""A small pool of forked worker processes for work that must be stoppable at a deadline.

rdflib cannot cancel a query, and some queries never yield the GIL (a catastrophic `REGEX` runs inside
the C regex engine): run in a thread, they freeze the whole server. So each request goes to a worker
process, forked from the server after the graph is loaded (the graph is shared copy-on-write, never
re-parsed), and a worker that passes its deadline is killed with SIGKILL and replaced by a fresh fork.

Workers are single-threaded and serve one request at a time, so rdflib's parser (whose first use of a
parse action is not thread-safe) never runs concurrently in one process. A worker closes every file
descriptor it inherited except its own pipe (client sockets and the listening socket stay the server's),
ignores SIGINT (the server stops its workers), limits its address space to what it had at fork plus
`memory_headroom` bytes (past it a request fails with MemoryError, which the handler reports), is replaced
after a request that left it RETIRE_GROWTH bytes bigger, and exits when the server dies.

Where the fork start method is missing (Windows), requests run in threads instead: the time limit is
then only a limit on waiting, not on work.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

Handler = Callable[[Any], Any]
HAS_FORK = "fork" in multiprocessing.get_all_start_methods()
MEMORY_HEADROOM = 2 << 30  # bytes a worker may allocate beyond what it had at fork
RETIRE_GROWTH = 256 << 20  # a worker whose resident memory grew by more than this is replaced after its reply


class WorkerTimeout(Exception):
    """The request ran past its deadline; its worker was killed and replaced."""


class WorkerDied(Exception):
    """The worker ended while serving the request (a crash, or killed from outside); it was replaced."""


class PoolBusy(Exception):
    """No worker became free in time."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    served: int = field(default=0)


def _close_inherited_fds(keep: set[int]) -> None:
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: close the whole range
        fds = list(range(3, 1024))
    for fd in fds:
        if fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def _memory() -> tuple[int, int]:
    """This process's (address space, resident set) in bytes; (0, 0) where /proc is missing."""
    try:
        with open("/proc/self/statm") as f:
            size, resident = (int(n) * os.sysconf("SC_PAGE_SIZE") for n in f.read().split()[:2])
        return size, resident
    except (OSError, ValueError):
        return 0, 0


def _limit_memory(headroom: int) -> None:
    size = _memory()[0]
    if not size:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + headroom if hard == resource.RLIM_INFINITY else min(size + headroom, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):  # no limit where it cannot be set
        pass


def _serve(conn: Connection, handler: Handler, recursion_limit: int, memory_headroom: int,
           initializer: Callable[[], None] | None) -> None:
    """A worker's life: answer requests on `conn` until the server closes it or dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the server decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # the server's event loop owned it
    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    _close_inherited_fds({0, 1, 2, conn.fileno(), *([sentinel] if sentinel is not None else [])})
    gc.freeze()  # inherited objects (the graph) stay out of this process's collections and its copied pages
    sys.setrecursionlimit(recursion_limit)
    if memory_headroom:
        _limit_memory(memory_headroom)
    if initializer is not None:
        initializer()
    watched: list[Any] = [conn] + ([sentinel] if sentinel is not None else [])
    baseline = _memory()[1]
    while True:
        ready = wait(watched)
        if conn not in ready:  # only the sentinel: the server is gone
            return
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        reply = handler(request)
        # a request that left this process much bigger (freed memory is not always returned): retire it
        retire = bool(baseline) and _memory()[1] - baseline > RETIRE_GROWTH
        conn.send((reply, retire))


class Pool:
    """`size` forked workers running `handler`; `call` sends one request and waits for its reply."""

    def __init__(self, handler: Handler, size: int = 2, *, recursion_limit: int = 1000,
                 memory_headroom: int = MEMORY_HEADROOM, initializer: Callable[[], None] | None = None) -> None:
        self._handler = handler
        self._size = max(1, size)
        self._recursion_limit = recursion_limit
        self._memory_headroom = memory_headroom
        self._initializer = initializer
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._threads: ThreadPoolExecutor | None = None
        self.replaced = 0  # workers killed at a deadline or found dead, and forked anew

    @property
    def pids(self) -> list[int]:
        """The workers' process ids (for tests and monitoring)."""
        with self._lock:
            return sorted(w.process.pid for w in self._workers if w.process.pid is not None)

    def start(self) -> None:
        """Fork the workers, unless they are running; `call` starts them too."""
        with self._lock:
            if self._started:
                return
            self._started = True
            if not HAS_FORK:
                self._threads = ThreadPoolExecutor(max_workers=self._size, thread_name_prefix="kgqa-worker")
                return
            for _ in range(self._size):
                self._idle.put(self._spawn())

    def close(self) -> None:
        """Kill every worker (a request they were serving fails with WorkerDied); a later `call` starts anew."""
        with self._lock:
            self._started = False
            workers, self._workers = list(self._workers), set()
            while not self._idle.empty():
                self._idle.get_nowait()
            threads, self._threads = self._threads, None
        for worker in workers:
            self._stop(worker)
        if threads is not None:
            threads.shutdown(wait=False, cancel_futures=True)

    def call(self, request: Any, *, timeout: float, wait: float) -> Any:
        """The handler's reply to `request`, from the first worker free within `wait` seconds, within `timeout`."""
        self.start()
        threads = self._threads
        if threads is not None:
            return self._call_in_thread(threads, request, timeout)
        give_up = time.monotonic() + wait
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, give_up - time.monotonic()))
            except queue.Empty:
                raise PoolBusy from None
            if self._alive(worker):
                break
            self._replace(worker)  # it died while idle (the OOM killer, a stray kill): never hand it a request
        try:
            worker.conn.send(request)
            answered = worker.conn.poll(timeout)
            reply = worker.conn.recv() if answered else None
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerDied from None
        except BaseException:  # interrupted while the worker may be mid-request: it cannot be reused
            self._replace(worker)
            raise
        if not answered:
            self._replace(worker)
            raise WorkerTimeout
        worker.served += 1
        reply, retire = reply
        if retire:
            self._replace(worker)
        else:
            self._release(worker)
        return reply

    def _call_in_thread(self, threads: ThreadPoolExecutor, request: Any, timeout: float) -> Any:
        future = threads.submit(self._handler, request)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            raise WorkerTimeout from None

    def _spawn(self) -> _Worker:
        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        process = context.Process(target=_serve, name="kgqa-sparql-worker", daemon=True,
                                  args=(there, self._handler, self._recursion_limit, self._memory_headroom,
                                        self._initializer))
        process.start()
        there.close()
        worker = _Worker(process, here)
        self._workers.add(worker)
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._idle.put(worker)
                return
        self._stop(worker)  # the pool was closed meanwhile

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        with self._lock:
            if worker not in self._workers:  # the pool was closed meanwhile
                return
            self._workers.discard(worker)
            self.replaced += 1
            self._idle.put(self._spawn())

    @staticmethod
    def _alive(worker: _Worker) -> bool:
        try:
            return worker.process.is_alive()
        except ValueError:  # closed by `close`
            return False

    @staticmethod
    def _stop(worker: _Worker) -> None:
        try:
            worker.process.kill()
            worker.process.join(timeout=5)
            worker.process.close()
        except (OSError, ValueError):  # already reaped or closed
            pass
        worker.conn.close()
