"""kgqa.turns: answers run first come, first served, a few per event-loop turn."""

from __future__ import annotations

import asyncio

import pytest

from kgqa.turns import Turns


@pytest.mark.parametrize("budget,per_turn", [(0.0, 1), (60.0, 4)])
def test_jobs_run_in_order_and_io_runs_between_turns(budget: float, per_turn: int) -> None:
    turns = Turns(budget)
    log: list[str] = []

    async def main() -> list[int]:
        loop = asyncio.get_running_loop()

        def job(i: int) -> int:
            log.append(f"job {i}")
            loop.call_soon(log.append, f"after {i}")  # stands for the socket reads the loop does between turns
            return i * i

        return list(await asyncio.gather(*(turns.run(job, i) for i in range(4))))

    assert asyncio.run(main()) == [0, 1, 4, 9]
    if per_turn == 1:  # a budget of 0: one job a turn
        assert log == ["job 0", "after 0", "job 1", "after 1", "job 2", "after 2", "job 3", "after 3"]
    else:  # all four fit in one turn's budget
        assert log == ["job 0", "job 1", "job 2", "job 3", "after 0", "after 1", "after 2", "after 3"]
    assert len(turns) == 0


def test_a_failing_job_fails_its_request_only() -> None:
    turns = Turns()

    def job(i: int) -> int:
        if i == 1:
            raise ValueError("bad question")
        return i

    async def main() -> list[object]:
        return list(await asyncio.gather(*(turns.run(job, i) for i in range(3)), return_exceptions=True))

    first, failed, last = asyncio.run(main())
    assert (first, last) == (0, 2) and isinstance(failed, ValueError)
    assert asyncio.run(main())[2] == 2  # and the queue still runs, on a new event loop too


def test_a_request_that_went_away_is_skipped() -> None:
    turns = Turns()
    ran: list[int] = []

    async def main() -> None:
        waiting = asyncio.ensure_future(turns.run(ran.append, 1))
        await asyncio.sleep(0)  # queued
        waiting.cancel()
        assert await turns.run(ran.append, 2) is None
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(main())
    assert ran == [2]
