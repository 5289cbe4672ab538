"""The adaptive per-host pace: its arithmetic, and its queue under many tasks."""

from __future__ import annotations

import asyncio

from linter.online.pacing import FIRST_SPACING, START_WINDOW, Pace


def test_a_host_that_answers_well_earns_a_wider_window_up_to_the_ceiling() -> None:
    pace = Pace(ceiling=16, floor=0.0)
    assert pace.window == START_WINDOW
    for _ in range(6):
        pace.answered()
    assert pace.window == START_WINDOW + 6  # slow start: one more per answer
    for _ in range(100):
        pace.answered()
    assert pace.window == 16


def test_strain_halves_the_window_once_per_round_trip() -> None:
    pace = Pace(ceiling=16, floor=0.0)
    for _ in range(14):
        pace.answered()
    pace.strained()
    pace.strained()  # the same burst, seen by another request in flight
    assert pace.window == 8
    # After a strain the window grows by about one per window of answers, not per answer.
    for _ in range(8):
        pace.answered()
    assert 8 < pace.window < 10


def test_a_rate_limit_spaces_requests_and_the_spacing_eases_back() -> None:
    pace = Pace(ceiling=4, floor=0.0)
    pace.strained(pause=0.0, rate_limited=True)
    assert pace.spacing == FIRST_SPACING
    for _ in range(200):
        pace.answered()
    assert pace.spacing < FIRST_SPACING / 100
    floored = Pace(ceiling=4, floor=0.2)
    floored.strained(rate_limited=True)
    for _ in range(200):
        floored.answered()
    assert floored.spacing == 0.2  # never below the configured floor


def test_three_unanswered_requests_in_a_row() -> None:
    pace = Pace(ceiling=4, floor=0.0)
    pace.unanswered_request()
    pace.unanswered_request()
    pace.reached()
    pace.unanswered_request()
    assert pace.unanswered == 1
    assert pace.window == 1.0


def test_requests_in_flight_never_exceed_the_window() -> None:
    async def run() -> tuple[int, int]:
        pace = Pace(ceiling=5, floor=0.0)
        in_flight = peak = done = 0

        async def request() -> None:
            nonlocal in_flight, peak, done
            async with pace.turn():
                in_flight += 1
                peak = max(peak, in_flight)
                await asyncio.sleep(0.001)
                in_flight -= 1
                pace.answered()
                done += 1

        await asyncio.gather(*(request() for _ in range(200)))
        return peak, done

    peak, done = asyncio.run(run())
    assert done == 200
    assert peak == 5


def test_a_cancelled_waiter_gives_its_place_back() -> None:
    async def run() -> int:
        pace = Pace(ceiling=1, floor=0.0)
        pace.window = 1.0
        release = asyncio.Event()

        async def holder() -> None:
            async with pace.turn():
                await release.wait()

        first = asyncio.ensure_future(holder())
        await asyncio.sleep(0)
        waiter = asyncio.ensure_future(holder())
        await asyncio.sleep(0)
        waiter.cancel()
        release.set()
        await first
        await asyncio.gather(waiter, return_exceptions=True)
        async with pace.turn():  # would wait for ever if a place were lost
            return pace.in_flight

    assert asyncio.run(asyncio.wait_for(run(), 5)) == 1
