"""Fit a scenario's fields to a county's own event log (``Scenario.from_history``).

The log is a DataFrame in the process-mining columns ``pathway`` exports
(``case:concept:name``, ``concept:name``, ``time:timestamp``, ``start_timestamp``,
``lifecycle:transition``, ``case:municipality``; offers and move-ins may carry ``unit`` and
``service_class``), so this module never imports the tracker.

**The observation window** runs from ``observed_from`` to the log's last timestamp. A county
that moved its existing queue into the tracker marks those cases with the case attribute
``carried_over`` (column ``case:carried_over`` true): their back-dated events tell nothing about
the rates of the window. ``observed_from`` defaults to the first event of a case that is not
carried over, or, when no case is marked, to the log's first event (a note then says so).
Estimators, each with its standard error:

- **arrival rate** per municipality: applications dated inside the window, of cases not carried
  over / window days (Poisson MLE; SE ``sqrt(n) / days``);
- **stages before search**, only from cases whose path start (their application) the log saw
  inside the window (left truncation: a case first seen in search says nothing of the stages
  before it): mean and CV of completed stays, fitted as lognormal (SE of the mean
  ``sd / sqrt(n)``); a stage fewer than 97 % of these cases passed before reaching search gets
  that share as its probability (SE ``sqrt(p (1 - p) / n)``);
- **exits while waiting** per reason: exits from search inside the window / days spent in search
  inside the window (exponential MLE under censoring and truncation; SE ``sqrt(d) / exposure``);
- **length of stay** per service class, from ``move_in`` to ``moved_out`` (right-censored at the
  log's end, left-truncated at the window's start): exponential, Weibull or lognormal chosen by
  AIC (:mod:`placement.simulate.lifetimes`), per class with at least
  :data:`MIN_STAYS` move-outs, the classes' pooled fit otherwise. A log without move-outs
  cannot support a fit: :func:`fitted_fields` then refuses unless the stays are given;
- **declines**: the share of ended offers followed by a new search (SE ``sqrt(p (1 - p) / n)``),
  with the days to the decline and to the move-in fitted as lognormal.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import pandas as pd

from placement.errors import Issue, ProblemError
from placement.model import Problem
from placement.simulate.defaults import default_fields
from placement.simulate.distributions import Exponential, LogNormal
from placement.simulate.lifetimes import fit_lifetimes

__all__ = ["MIN_STAYS", "fitted_fields"]

_log = logging.getLogger("placement")

REQUIRED = ("case:concept:name", "concept:name", "time:timestamp", "start_timestamp")
EXITS = ("withdrawn", "moved_away", "deceased")
AFTER_SEARCH = {"search", "offer", "introduction_visit", "client_plan", "move_in", "follow_up"}
AFTER_SEARCH |= {"service_class_negotiation", "moved_out", *EXITS}
Z95 = 1.959963984540054
MIN_STAYS = 10
"""Move-outs a service class needs for a length-of-stay fit of its own."""
TRUE = {"true", "1", "yes", "kyllä", "ja"}


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


Row = tuple[str, float, float, int, str, str]


def _window(
    log: pd.DataFrame, observed_from: Any, notes: list[str]
) -> tuple[pd.Timestamp, pd.Timestamp, pd.Series]:
    """Start and end of the observation window, and which rows belong to carried-over cases."""
    flag = log.get("case:carried_over", pd.Series("", index=log.index))
    carried = flag.astype(str).str.strip().str.casefold().isin(TRUE)
    last = log["time:timestamp"].max()
    if observed_from is not None:
        first = _timestamps(pd.Series([pd.Timestamp(observed_from)])).iloc[0]
    elif carried.any() and not carried.all():
        first = log.loc[~carried, "start_timestamp"].min()
    else:
        first = log["start_timestamp"].min()
        notes.append(
            f"the observation window starts at the log's first event ({first:%Y-%m-%d}): if "
            "the log holds cases carried over with back-dated events, mark them "
            "(case attribute carried_over) or give observed_from, or the rates come out low"
        )
    return first, last, carried


def _timestamps(values: pd.Series, column: str = "observed_from") -> pd.Series:
    """Naive UTC timestamps (aware ones converted, naive ones taken as they are).

    Raises
    ------
    ProblemError
        If a value is not an ISO 8601 time.
    """
    try:
        stamps = pd.to_datetime(values, format="ISO8601")
    except (ValueError, TypeError):
        issue = Issue(column, "holds a value that is not an ISO 8601 time", "e.g. 2025-03-01T08:00")
        raise ProblemError([issue], what="event log") from None
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps


def fitted_fields(
    event_log: pd.DataFrame,
    problem: Problem,
    observed_from: Any = None,
    stays_given: bool = False,
) -> tuple[dict[str, Any], pd.DataFrame, list[str]]:
    """Scenario fields for ``problem`` fitted to ``event_log`` (see the module docstring).

    Parameters
    ----------
    event_log : DataFrame
        Process-mining columns as exported by ``pathway`` (or :func:`event_log`).
    problem : Problem
        Start state and profiles of the fitted scenario; its defaults fill what the log lacks.
    observed_from : date or datetime, optional
        Start of the observation window; by default as the module docstring says.
    stays_given : bool
        The caller supplies the lengths of stay, so a log without move-outs is no error.

    Returns
    -------
    fields : dict
        Scenario fields (without ``problem``): fitted where the log supports it, else the
        documented defaults.
    estimates : DataFrame
        One row per fitted parameter (see :class:`placement.simulate.calibrate.Fit`).
    notes : list of str
        What the fit could not do or assumed, in words.

    Raises
    ------
    ProblemError
        If a required column is missing, the log is empty, or it has no move-outs and the
        stays are not given.
    """
    missing = [c for c in REQUIRED if c not in event_log.columns]
    issues = [Issue(f"event_log.{c}", "column missing", "export it with pathway") for c in missing]
    if not missing and event_log.empty:
        issues.append(Issue("event_log", "has no events", "pass a log with events"))
    moved_out = not missing and bool((event_log["concept:name"] == "moved_out").any())
    if not missing and not event_log.empty and not moved_out and not stays_given:
        issues.append(
            Issue(
                "event_log",
                "has no move-outs (moved_out events), so lengths of stay cannot be fitted",
                "pass length_of_stay={class: distribution}, e.g. Exponential(mean=3650), or "
                "a log that records move-outs",
            )
        )
    if issues:
        raise ProblemError(issues, what="event log")

    log = event_log.copy()
    for column in ("time:timestamp", "start_timestamp"):
        log[column] = _timestamps(log[column], f"event_log.{column}")
    log = log.sort_values(["case:concept:name", "start_timestamp"], kind="stable")
    notes: list[str] = []
    first, last, carried = _window(log, observed_from, notes)
    log["carried_over"] = carried
    window = max(float((last - first).total_seconds()) / 86400.0, 1e-9)
    done = log.get("lifecycle:transition", pd.Series("complete", index=log.index)) != "start"
    log["done"] = done
    rows: list[Row] = []
    fields = default_fields(problem)
    _arrivals(log, first, window, rows, fields)
    _stages(log, first, rows, fields)
    _exits(log, first, last, rows, fields)
    if moved_out:
        _stays(log, (first, last), set(problem.class_by_id), rows, fields, notes)
    _offers(log, rows, fields)
    fields["name"] = f"{problem.name or 'problem'} (fitted)"
    for note in notes:
        _log.warning("history fit: %s", note)
    table = pd.DataFrame(
        rows, columns=["parameter", "estimate", "std_error", "n", "unit", "method"]
    )
    table.insert(3, "ci_low", (table["estimate"] - Z95 * table["std_error"]).clip(lower=0))
    table.insert(4, "ci_high", table["estimate"] + Z95 * table["std_error"])
    shares = table["unit"] == "share"
    table.loc[shares, "ci_high"] = table.loc[shares, "ci_high"].clip(upper=1)
    return fields, table, notes


def _arrivals(
    log: pd.DataFrame, first: pd.Timestamp, window: float, rows: list[Row], fields: dict[str, Any]
) -> None:
    keep = (log["concept:name"] == "application") & ~log["carried_over"]
    apps = log[keep & (log["start_timestamp"] >= first)]
    towns = apps.get("case:municipality", pd.Series("", index=apps.index))
    arrivals = {}
    for town, n in towns.value_counts().sort_index().items():
        rate = n / window
        arrivals[str(town)] = rate
        rows.append(
            (f"arrivals[{town}]", rate, math.sqrt(n) / window, int(n), "per day", "Poisson MLE")
        )
    if arrivals:
        fields["arrivals"] = arrivals


def _stages(
    log: pd.DataFrame, first: pd.Timestamp, rows: list[Row], fields: dict[str, Any]
) -> None:
    """Stages before search, from cases whose application the window saw."""
    apps = log[(log["concept:name"] == "application") & ~log["carried_over"]]
    seen = set(apps.loc[apps["start_timestamp"] >= first, "case:concept:name"])
    own = log[log["case:concept:name"].isin(seen)]
    first_search = (
        own[own["concept:name"] == "search"].groupby("case:concept:name")["start_timestamp"].min()
    )
    before = own[~own["concept:name"].isin(AFTER_SEARCH) & (own["concept:name"] != "application")]
    cutoff = before["case:concept:name"].map(first_search)
    before = before[cutoff.isna() | (before["start_timestamp"] <= cutoff)]
    if before.empty:
        return
    order = (
        before.assign(k=before.groupby("case:concept:name").cumcount())
        .groupby("concept:name")["k"]
        .mean()
        .sort_values()
    )
    stages = []
    reached = int(first_search.size)
    for name in order.index:
        stays = before[(before["concept:name"] == name) & before["done"]]
        if stays.empty:
            continue
        mean, se, n, cv = _mean_fit(_days(stays["time:timestamp"] - stays["start_timestamp"]))
        rows.append((f"stages[{name}].mean", mean, se, n, "days", "mean of completed stays"))
        with_stage = before.loc[before["concept:name"] == name, "case:concept:name"]
        passed = with_stage[with_stage.isin(first_search.index)].nunique()
        share = min(1.0, passed / max(reached, 1))
        if share < 0.97:  # optional stages; nearly everyone's are kept as mandatory
            se_p = _share_se(share, reached)
            rows.append((f"stages[{name}].probability", share, se_p, reached, "share", "share"))
        else:
            share = 1.0
        stages.append({"name": str(name), "duration": _lognormal(mean, cv), "probability": share})
    fields["stages"] = stages


def _exits(
    log: pd.DataFrame,
    first: pd.Timestamp,
    last: pd.Timestamp,
    rows: list[Row],
    fields: dict[str, Any],
) -> None:
    """Exit hazards from search, counting only time in search inside the window."""
    search = log[log["concept:name"] == "search"]
    ends = search["time:timestamp"].where(search["done"], last)
    starts = search["start_timestamp"].where(search["start_timestamp"] >= first, first)
    exposure = float(_days(ends - starts).clip(lower=0).sum())
    previous = log.groupby("case:concept:name")["concept:name"].shift(1)
    exits = {}
    inside = log["start_timestamp"] >= first
    for reason in EXITS:
        d = int(((log["concept:name"] == reason) & (previous == "search") & inside).sum())
        if exposure > 0 and d > 0:
            hazard = d / exposure
            se = math.sqrt(d) / exposure
            rows.append((f"exits[{reason}].rate", hazard, se, d, "per day", "censored MLE"))
            exits[reason] = Exponential(mean=1 / hazard)
    if exposure > 0:
        fields["exits"] = exits


def _stays(
    log: pd.DataFrame,
    window: tuple[pd.Timestamp, pd.Timestamp],
    classes: set[str],
    rows: list[Row],
    fields: dict[str, Any],
    notes: list[str],
) -> None:
    """Lengths of stay per service class, censored at the end, truncated at the start; stays
    of no known class count in the pooled fit (the default stay) only."""
    first, last = window
    move_in = log[log["concept:name"] == "move_in"]
    if move_in.empty:
        return
    out_at = (
        log[log["concept:name"] == "moved_out"]
        .groupby("case:concept:name")["start_timestamp"]
        .min()
    )
    until = move_in["case:concept:name"].map(out_at)
    stays = pd.DataFrame(
        {
            "service_class": move_in.get("service_class", pd.Series("", index=move_in.index)),
            "days": _days(until.where(until.notna(), last) - move_in["start_timestamp"]),
            "complete": until.notna(),
            "entered": _days(first - move_in["start_timestamp"]).clip(lower=0),
        }
    )
    stays = stays[stays["days"] > 0]
    if not stays["complete"].any():
        return
    pooled = fit_lifetimes(stays["days"], stays["complete"], stays["entered"])
    fitted = {}
    for key, group in stays.groupby("service_class"):
        k = str(key)
        if k not in classes:
            notes.append(f"{len(group)} stays of no known service class ('{k}'): pooled only")
            continue
        own = int(group["complete"].sum()) >= MIN_STAYS
        fit = fit_lifetimes(group["days"], group["complete"], group["entered"]) if own else pooled
        how = fit.describe() if own else f"pooled over classes: {pooled.describe()}"
        if not own:
            notes.append(
                f"length_of_stay[{k}]: {int(group['complete'].sum())} move-outs, fewer than "
                f"{MIN_STAYS}; the classes' pooled fit is used"
            )
        rows.append((f"length_of_stay[{k}].mean", fit.mean, fit.std_error, fit.n, "days", how))
        fitted[k] = fit.distribution
    fields["length_of_stay"] = {**fields["length_of_stay"], **fitted}
    fields["default_length_of_stay"] = pooled.distribution


def _offers(log: pd.DataFrame, rows: list[Row], fields: dict[str, Any]) -> None:
    """Declines (a new search follows the offer) and accepts (a move-in follows)."""
    path = log[log["concept:name"].isin(["offer", "search", "move_in"])]
    following = path.groupby("case:concept:name")
    nxt_name = following["concept:name"].shift(-1)
    nxt_start = following["start_timestamp"].shift(-1)
    offers = path[(path["concept:name"] == "offer") & path["done"]]
    outcome = nxt_name.loc[offers.index]
    lag = _days(nxt_start.loc[offers.index] - offers["start_timestamp"])
    declined, accepted = lag[outcome == "search"], lag[outcome == "move_in"]
    n = int(declined.size + accepted.size)
    if n:
        p = declined.size / n
        rows.append(("decline_probability", p, _share_se(p, n), n, "share", "share"))
        fields["decline_probability"] = p
    for name, durations in (("decline_after", declined), ("offer_lead", accepted)):
        if durations.size > 1:
            mean, se, count, cv = _mean_fit(durations)
            rows.append((f"{name}.mean", mean, se, count, "days", "mean, lognormal"))
            fields[name] = _lognormal(mean, cv)
