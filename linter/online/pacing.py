"""How fast to ask one host: an adaptive limit, as TCP paces a connection.

Each host has a *window*, the requests it may have in flight, and a *spacing* between two
request starts. A host that answers well earns a wider window: one more request for every
answer while it is new to the run (slow start, so the window doubles every round trip),
then one more per window's worth of answers (additive increase). A host that shows strain,
a 429, a 503 or a request left unanswered, has its window halved at once (multiplicative
decrease, at most once per round trip, since every request in flight sees the same strain)
and, for a rate limit, its spacing doubled and every request paused for ``Retry-After``.
The spacing then shrinks again, answer by answer, down to the configured floor.

The window never exceeds the configured ceiling, and never falls below one request.
Nothing here does I/O: it is the arithmetic and the queue, tested on its own.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

START_WINDOW = 2
MAX_SPACING = 5.0
# The spacing a first rate limit sets when none was configured: doubled on each later one.
FIRST_SPACING = 0.05
# Each good answer shortens the spacing by this factor, back towards the floor.
EASING = 0.95


class Pace:
    """One host's window, spacing and run of unanswered requests."""

    def __init__(self, ceiling: int, floor: float) -> None:
        self.ceiling = ceiling
        self.floor = floor
        self.window = float(min(START_WINDOW, ceiling))
        self.threshold = float(ceiling)  # slow start below it
        self.spacing = floor
        self.in_flight = 0
        self.unanswered = 0
        self._next_start = 0.0
        self._last_cut = -float("inf")
        self._round_trip = 0.1  # a running estimate, for "once per round trip"
        self._waiting: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one place in the window for the duration of a request, spaced from the last."""
        await self._enter()
        started = time.monotonic()
        try:
            await self.space()
            started = time.monotonic()
            yield
        finally:
            self.in_flight -= 1
            elapsed = time.monotonic() - started
            self._round_trip = 0.8 * self._round_trip + 0.2 * elapsed
            self._wake()

    async def space(self) -> None:
        """Wait until this host's next request may start."""
        while True:
            now = time.monotonic()
            if now >= self._next_start:
                self._next_start = now + self.spacing
                return
            await asyncio.sleep(self._next_start - now)

    def answered(self) -> None:
        """A good answer: widen the window and ease the spacing."""
        self.unanswered = 0
        if self.window < self.threshold:
            self.window += 1.0
        else:
            self.window += 1.0 / self.window
        self.window = min(self.window, float(self.ceiling))
        if self.spacing > self.floor:
            self.spacing = max(self.floor, self.spacing * EASING)
        self._wake()

    def reached(self) -> None:
        """An answer, though not a good one (a 500): the host is there; the window stays."""
        self.unanswered = 0

    def strained(self, *, pause: float = 0.0, rate_limited: bool = False) -> None:
        """A 429, a 503 or no answer: narrow the window, and for a rate limit, slow down."""
        now = time.monotonic()
        if now - self._last_cut >= self._round_trip:
            self._last_cut = now
            self.window = max(1.0, self.window / 2)
            self.threshold = self.window
            if rate_limited:
                self.spacing = min(max(self.spacing * 2, FIRST_SPACING), MAX_SPACING)
        if pause > 0:
            self._next_start = max(self._next_start, now + pause)

    def unanswered_request(self) -> None:
        """A timeout or a failed connection: strain, and one more in a row."""
        self.unanswered += 1
        self.strained()

    async def _enter(self) -> None:
        while self.in_flight >= int(self.window):
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake()  # woken and cancelled at once: pass the place on
                raise
        self.in_flight += 1

    def _wake(self) -> None:
        free = int(self.window) - self.in_flight
        while free > 0 and self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1
