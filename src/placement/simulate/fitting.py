"""Fit a scenario's fields to a county's own event log (``Scenario.from_history``).

The log is a DataFrame in the process-mining columns ``pathway`` exports
(``case:concept:name``, ``concept:name``, ``time:timestamp``, ``start_timestamp``,
``lifecycle:transition``, ``case:municipality``; offers and move-ins may carry ``unit`` and
``service_class``), so this module never imports the tracker. The observation window runs from
the log's first to its last timestamp. Estimators, each with its standard error:

- **arrival rate** per municipality: applications / window days (Poisson MLE; SE
  ``sqrt(n) / days``);
- **stages before search** (every stage a case passes before its first search, in the order
  cases pass them): mean and CV of completed stays, fitted as lognormal (SE of the mean
  ``sd / sqrt(n)``; open stays are left out, which biases long stages down a little); a stage
  fewer than 97 % of the cases in search passed gets that share as its probability (SE
  ``sqrt(p (1 - p) / n)``), as the optional complementary assessments;
- **exits while waiting** per reason: exits from search / days spent in search, open stays
  counted to the end of the window (exponential MLE under censoring; SE ``sqrt(d) / exposure``);
- **length of stay** per service class, when the log has ``moved_out`` events: departures /
  days resident (the same censored exponential MLE); otherwise the defaults stay;
- **declines**: the share of ended offers followed by a new search (SE ``sqrt(p (1 - p) / n)``),
  with the days to the decline and to the move-in fitted as lognormal.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.simulate.defaults import default_fields
from placement.simulate.distributions import Exponential, LogNormal

__all__ = ["fitted_fields"]

REQUIRED = ("case:concept:name", "concept:name", "time:timestamp", "start_timestamp")
EXITS = ("withdrawn", "moved_away", "deceased")
AFTER_SEARCH = {"search", "offer", "introduction_visit", "client_plan", "move_in", "follow_up"}
AFTER_SEARCH |= {"service_class_negotiation", "moved_out", *EXITS}
Z95 = 1.959963984540054


def _days(delta: pd.Series) -> pd.Series:
    days: pd.Series = delta.dt.total_seconds() / 86400.0
    return days


def _mean_fit(days: pd.Series) -> tuple[float, float, int, float]:
    """Mean, its standard error, n and the coefficient of variation of durations (days)."""
    n = int(days.size)
    mean = float(days.mean())
    sd = float(days.std(ddof=1)) if n > 1 else 0.0
    return mean, sd / math.sqrt(max(n, 1)), n, (sd / mean if mean > 0 else 0.0)


def _share_se(p: float, n: int) -> float:
    return math.sqrt(p * (1 - p) / max(n, 1))


def _lognormal(mean: float, cv: float) -> LogNormal:
    return LogNormal(mean=max(mean, 1e-6), cv=max(cv, 1e-3))


def fitted_fields(event_log: pd.DataFrame, problem: Problem) -> tuple[dict[str, Any], pd.DataFrame]:
    """Scenario fields for ``problem`` fitted to ``event_log`` (see the module docstring).

    Parameters
    ----------
    event_log : DataFrame
        Process-mining columns as exported by ``pathway`` (or :func:`event_log`).
    problem : Problem
        Start state and profiles of the fitted scenario; its defaults fill what the log lacks.

    Returns
    -------
    fields : dict
        Scenario fields (without ``problem``): fitted where the log supports it, else the
        documented defaults.
    estimates : DataFrame
        One row per fitted parameter (see :class:`placement.simulate.calibrate.Fit`).

    Raises
    ------
    ProblemError
        If a required column is missing or the log is empty.
    """
    missing = [c for c in REQUIRED if c not in event_log.columns]
    issues = [Issue(f"event_log.{c}", "column missing", "export it with pathway") for c in missing]
    if not missing and event_log.empty:
        issues.append(Issue("event_log", "has no events", "pass a log with events"))
    if issues:
        raise ProblemError(issues, what="event log")

    log = event_log.copy()
    log["time:timestamp"] = pd.to_datetime(log["time:timestamp"])
    log["start_timestamp"] = pd.to_datetime(log["start_timestamp"])
    log = log.sort_values(["case:concept:name", "start_timestamp"], kind="stable")
    first, last = log["start_timestamp"].min(), log["time:timestamp"].max()
    window = max(float((last - first).total_seconds()) / 86400.0, 1e-9)
    done = log.get("lifecycle:transition", pd.Series("complete", index=log.index)) != "start"
    rows: list[tuple[str, float, float, int, str]] = []

    def add(name: str, estimate: float, se: float, n: int, unit: str) -> None:
        rows.append((name, estimate, se, n, unit))

    fields = default_fields(problem)
    # arrivals
    apps = log[log["concept:name"] == "application"]
    towns = apps.get("case:municipality", pd.Series("", index=apps.index))
    arrivals = {}
    for town, n in towns.value_counts().sort_index().items():
        rate = n / window
        arrivals[str(town)] = rate
        add(f"arrivals[{town}]", rate, math.sqrt(n) / window, int(n), "per day")
    if arrivals:
        fields["arrivals"] = arrivals
    # stages before search
    first_search = (
        log[log["concept:name"] == "search"].groupby("case:concept:name")["start_timestamp"].min()
    )
    before = log[~log["concept:name"].isin(AFTER_SEARCH) & (log["concept:name"] != "application")]
    cutoff = before["case:concept:name"].map(first_search)
    before = before[cutoff.isna() | (before["start_timestamp"] <= cutoff)]
    if not before.empty:
        order = (
            before.assign(k=before.groupby("case:concept:name").cumcount())
            .groupby("concept:name")["k"]
            .mean()
            .sort_values()
        )
        stages = []
        reached = int(first_search.size)
        for name in order.index:
            stays = before[(before["concept:name"] == name) & done.loc[before.index]]
            if stays.empty:
                continue
            mean, se, n, cv = _mean_fit(_days(stays["time:timestamp"] - stays["start_timestamp"]))
            add(f"stages[{name}].mean", mean, se, n, "days")
            with_stage = before.loc[before["concept:name"] == name, "case:concept:name"]
            passed = with_stage[with_stage.isin(first_search.index)].nunique()
            share = min(1.0, passed / max(reached, 1))
            if share < 0.97:  # optional stages; nearly everyone's are kept as mandatory
                add(
                    f"stages[{name}].probability",
                    share,
                    _share_se(share, reached),
                    reached,
                    "share",
                )
            else:
                share = 1.0
            stages.append(
                {"name": str(name), "duration": _lognormal(mean, cv), "probability": share}
            )
        fields["stages"] = stages
    # exits while waiting
    search = log[log["concept:name"] == "search"]
    ends = search["time:timestamp"].where(done.loc[search.index], last)
    exposure = float(_days(ends - search["start_timestamp"]).sum())
    previous = log.groupby("case:concept:name")["concept:name"].shift(1)
    exits = {}
    for reason in EXITS:
        d = int(((log["concept:name"] == reason) & (previous == "search")).sum())
        if exposure > 0 and d > 0:
            hazard = d / exposure
            add(f"exits[{reason}].rate", hazard, math.sqrt(d) / exposure, d, "per day")
            exits[reason] = Exponential(mean=1 / hazard)
    if exposure > 0:
        fields["exits"] = exits
    # lengths of stay
    moved = log[log["concept:name"] == "moved_out"]
    if not moved.empty and "service_class" in log.columns:
        move_in = log[log["concept:name"] == "move_in"]
        out_at = moved.groupby("case:concept:name")["start_timestamp"].min()
        stays = {}
        for k, group in move_in.groupby("service_class"):
            until = group["case:concept:name"].map(out_at)
            d = int(until.notna().sum())
            days = float(_days(until.where(until.notna(), last) - group["start_timestamp"]).sum())
            if d > 0 and days > 0:
                add(f"length_of_stay[{k}].rate", d / days, math.sqrt(d) / days, d, "per day")
                stays[str(k)] = Exponential(mean=days / d)
        fields["length_of_stay"] = {**fields["length_of_stay"], **stays}
    # offers: declined (a new search follows) or accepted (a move-in follows)
    path = log[log["concept:name"].isin(["offer", "search", "move_in"])]
    following = path.groupby("case:concept:name")
    nxt_name = following["concept:name"].shift(-1)
    nxt_start = following["start_timestamp"].shift(-1)
    offers = path[(path["concept:name"] == "offer") & done.loc[path.index]]
    outcome = nxt_name.loc[offers.index]
    lag = _days(nxt_start.loc[offers.index] - offers["start_timestamp"])
    declined, accepted = lag[outcome == "search"], lag[outcome == "move_in"]
    n = int(declined.size + accepted.size)
    if n:
        p = declined.size / n
        add("decline_probability", p, _share_se(p, n), n, "share")
        fields["decline_probability"] = p
    for name, durations in (("decline_after", declined), ("offer_lead", accepted)):
        if durations.size > 1:
            mean, se, count, cv = _mean_fit(durations)
            add(f"{name}.mean", mean, se, count, "days")
            fields[name] = _lognormal(mean, cv)
    fields["name"] = f"{problem.name or 'problem'} (fitted)"
    table = pd.DataFrame(rows, columns=["parameter", "estimate", "std_error", "n", "unit"])
    table.insert(3, "ci_low", table["estimate"] - Z95 * table["std_error"])
    table.insert(4, "ci_high", table["estimate"] + Z95 * table["std_error"])
    return fields, table
