"""A scenario fitted to a county's own event log, with the estimates it rests on.

The estimators are :func:`placement.simulate.fitting.fitted_fields` (documented there);
:func:`fit_history` turns their fields into a validated :class:`Scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from placement.model import Problem
from placement.simulate.fitting import fitted_fields
from placement.simulate.scenario import Scenario

__all__ = ["Fit", "fit_history"]


@dataclass(frozen=True)
class Fit:
    """A fitted scenario and its estimates.

    Attributes
    ----------
    scenario : Scenario
    estimates : DataFrame
        One row per parameter: ``parameter``, ``estimate``, ``std_error``, ``ci_low``,
        ``ci_high`` (95 %), ``n`` (events or stays it rests on), ``unit`` (per day, days, share).
    """

    scenario: Scenario
    estimates: pd.DataFrame


def fit_history(event_log: pd.DataFrame, problem: Problem, **overrides: Any) -> Fit:
    """Fit a scenario for ``problem`` to ``event_log`` (see :mod:`placement.simulate.fitting`).

    Parameters
    ----------
    event_log : DataFrame
        Process-mining columns as exported by ``pathway`` (or :func:`event_log`).
    problem : Problem
        Start state and profiles of the fitted scenario; its defaults fill what the log lacks.
    **overrides
        Scenario fields to set over the fitted and default ones.

    Raises
    ------
    ProblemError
        If a required column is missing or the log is empty.
    """
    fields, estimates = fitted_fields(event_log, problem)
    scenario = Scenario.model_validate({**fields, **overrides, "problem": problem})
    return Fit(scenario=scenario, estimates=estimates)
