"""Calls that cannot be interrupted are stopped at their deadline in a child process."""

from __future__ import annotations

import time

import pytest

from placement.engines.bounded import call_within


def _fails() -> None:
    raise ArithmeticError("inside the child")


def test_a_call_past_its_time_is_stopped() -> None:
    assert call_within(0.05, time.sleep, 600) is None


def test_a_call_in_time_returns_its_value() -> None:
    assert call_within(60.0, sum, [1, 2, 3]) == 6
    assert call_within(None, sum, [1, 2, 3]) == 6


def test_an_error_in_the_call_reaches_the_caller() -> None:
    with pytest.raises(ArithmeticError, match="inside the child"):
        call_within(60.0, _fails)
