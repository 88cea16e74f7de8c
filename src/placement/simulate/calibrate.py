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
        ``ci_high`` (95 %, within the parameter's range), ``n`` (events or stays it rests on),
        ``unit`` (per day, days, share), ``method`` (the estimator; for stays the form chosen
        by AIC and the others' AIC differences).
    notes : tuple of str
        What the fit could not do or had to assume, in words (also logged as warnings).
    """

    scenario: Scenario
    estimates: pd.DataFrame
    notes: tuple[str, ...] = ()


def fit_history(
    event_log: pd.DataFrame, problem: Problem, observed_from: Any = None, **overrides: Any
) -> Fit:
    """Fit a scenario for ``problem`` to ``event_log`` (see :mod:`placement.simulate.fitting`).

    Parameters
    ----------
    event_log : DataFrame
        Process-mining columns as exported by ``pathway`` (or :func:`event_log`).
    problem : Problem
        Start state and profiles of the fitted scenario; its defaults fill what the log lacks.
    observed_from : date or datetime, optional
        Start of the observation window (default: the first event of a case not carried over;
        see :mod:`placement.simulate.fitting`).
    **overrides
        Scenario fields to set over the fitted and default ones; ``length_of_stay`` is required
        when the log has no move-outs.

    Raises
    ------
    ProblemError
        If a required column is missing, the log is empty, or it has no move-outs and no
        ``length_of_stay`` is given.
    """
    given = "length_of_stay" in overrides
    fields, estimates, notes = fitted_fields(event_log, problem, observed_from, given)
    scenario = Scenario.model_validate({**fields, **overrides, "problem": problem})
    return Fit(scenario=scenario, estimates=estimates, notes=tuple(notes))
