"""The shared time budget: phases record what they use, and the remaining time shrinks."""

import math

import pytest

from placement.deadline import Deadline


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_phases_record_their_share_and_draw_from_one_budget() -> None:
    clock = FakeClock()
    deadline = Deadline(10.0, clock=clock)
    with deadline.phase("candidates"):
        clock.now += 1.5
    with deadline.phase("search"):
        clock.now += 6.0
    with deadline.phase("candidates"):
        clock.now += 0.5
    assert deadline.used == {"candidates": 2.0, "search": 6.0}
    assert deadline.remaining() == pytest.approx(2.0)
    assert deadline.share(0.5) == pytest.approx(1.0)
    assert not deadline.expired()
    clock.now += 3.0
    assert deadline.expired()
    assert deadline.remaining(floor=0.01) == 0.01


def test_no_limit_never_expires() -> None:
    clock = FakeClock()
    deadline = Deadline(None, clock=clock)
    clock.now += 1e9
    assert deadline.remaining() is None
    assert deadline.share(0.5) is None
    assert not deadline.expired()


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_a_deadline_needs_positive_finite_seconds(bad: float) -> None:
    with pytest.raises(ValueError, match="positive, finite"):
        Deadline(bad)
