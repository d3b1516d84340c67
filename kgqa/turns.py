"""Answers computed a few per event-loop turn, in the order they were asked for.

An answer is ~1 ms of CPU that holds the event loop. Run straight from each request's task, a worker with
32 busy connections answers in bursts: the loop runs every task that is ready, then reads the sockets, and
a request that misses a burst can wait several; under 64 connections p99 was 5-7x p50 (170-240 ms against
34 ms; issue 12). Queued here, the answers run first come, first served, and the loop reads the sockets
after each `budget` of answering (2 ms, ~2 answers), so p99 stays within a few ms of p50. One answer a turn
does as well for p99 but costs ~7% more CPU an answer: the socket work between answers evicts their caches.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Turns"]

T = TypeVar("T")


class Turns:
    """A first-in, first-out queue of synchronous jobs run on the event loop, up to `budget` seconds of them
    (at least one) each loop iteration."""

    def __init__(self, budget: float = 0.002) -> None:
        self.budget = budget  # seconds of jobs a turn may run back to back before the loop reads the sockets
        self._jobs: deque[tuple[asyncio.Future[Any], Callable[..., Any], tuple[Any, ...]]] = deque()
        self._scheduled = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def __len__(self) -> int:
        return len(self._jobs)

    async def run(self, job: Callable[..., T], *args: Any) -> T:
        """`job(*args)` once the jobs queued before it have run; its exception, if it raises one."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new loop (a test client's, say): jobs left on a closed one never run
            self._jobs, self._scheduled, self._loop = deque(), False, loop
        done: asyncio.Future[T] = loop.create_future()
        self._jobs.append((done, job, args))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._next, loop)
        return await done

    def _next(self, loop: asyncio.AbstractEventLoop) -> None:
        deadline = time.perf_counter() + self.budget
        try:
            while self._jobs:
                done, job, args = self._jobs.popleft()
                if not done.cancelled():  # the request went away while it waited
                    try:
                        done.set_result(job(*args))
                    except Exception as exc:  # handed to the request, which turns it into its response
                        done.set_exception(exc)
                if time.perf_counter() >= deadline:
                    break
        finally:
            # the next jobs in the next iteration: the loop reads the sockets in between
            if self._jobs:
                loop.call_soon(self._next, loop)
            else:
                self._scheduled = False
