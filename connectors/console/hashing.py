"""A small thread pool for console password hashing, separate from the database threads.

argon2 costs ~0.1 s of CPU and ~64 MiB per check. Run inside ``db.run`` it held a pooled connection and one of
anyio's worker threads for that long, so ~15 parallel logins starved every other request. Here at most
``workers`` checks run at once, at most ``queue_max`` wait, and anything beyond is refused at once with 429,
before it touches the database.

argon2 also spreads one check over ``parallelism`` (4) threads of its own, which on a small machine took every
core from the event loop. The hashing threads therefore run at a lower CPU priority (Linux nice values are per
thread and inherited by the threads argon2 starts): logins wait for spare CPU, chat requests do not wait for logins.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TypeVar

from connectors.errors import RateLimited

T = TypeVar("T")
NICE = 10


class PasswordPool:
    def __init__(self, workers: int, queue_max: int) -> None:
        self._executor = ThreadPoolExecutor(max(1, workers), thread_name_prefix="password-hash",
                                            initializer=_lower_priority)
        self._capacity = max(1, workers) + max(0, queue_max)
        self._inflight = 0

    @asynccontextmanager
    async def admission(self) -> AsyncIterator[None]:
        """One login's place in line, held for its whole attempt (database reads, hashing, failure count), so
        a flood costs the database at most ``workers + queue_max`` sessions; ``RateLimited`` when all are taken."""
        if self._inflight >= self._capacity:
            raise RateLimited("登录请求过多，请稍后再试", 5)
        self._inflight += 1
        try:
            yield
        finally:
            self._inflight -= 1

    async def run(self, work: Callable[..., T], *args) -> T:
        """Run ``work(*args)`` on a hashing thread (call inside ``admission``)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _lower_priority() -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except (AttributeError, OSError):  # not Linux, or not allowed: hashing still works, just at normal priority
        pass
