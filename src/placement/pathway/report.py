"""The pathway report: throughput, time in stage, queues, bottlenecks and deadlines in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from placement.pathway.deadlines import deadline_status
from placement.pathway.measures import bottlenecks, queue_lengths, stage_times, throughput
from placement.pathway.published import published_waits
from placement.pathway.rules import refuse
from placement.pathway.tracker import Tracker

__all__ = ["Report", "report"]


@dataclass(frozen=True)
class Report:
    """Every pathway measure on one day.

    Attributes
    ----------
    as_of : date
        Day of the report (events after it are left out).
    throughput : DataFrame
        Per housed case: days from needs assessment start to move-in.
    stage_times : DataFrame
        Per stage: completed stays and their mean, median, p90 days; stays open now.
    queues : DataFrame
        Cases per stage at the end of each day.
    bottlenecks : DataFrame
        Stages ranked by mean days (open stays counted up to ``as_of``).
    deadlines : DataFrame
        Per case and deadline: due date, status and days over, most urgent first
        (:func:`~placement.pathway.deadlines.deadline_status`).
    published : DataFrame
        Per service class and municipality over the last 365 days: clients moved in, their
        waits from decision to move-in (mean, median, P10-P90 days) and the queue now
        (:func:`~placement.pathway.published.published_waits`).
    """

    as_of: dt.date
    throughput: pd.DataFrame
    stage_times: pd.DataFrame
    queues: pd.DataFrame
    bottlenecks: pd.DataFrame
    deadlines: pd.DataFrame
    published: pd.DataFrame

    def at_risk(self) -> pd.DataFrame:
        """Open deadlines due within their warning window, soonest first."""
        return self.deadlines[self.deadlines["status"] == "at_risk"].sort_values("due")

    def breached(self) -> pd.DataFrame:
        """Open deadlines already past their due date, longest overdue first."""
        rows = self.deadlines[self.deadlines["status"] == "breached"]
        return rows.sort_values(["days_over", "case_id"], ascending=[False, True], kind="stable")

    def urgent(self) -> pd.DataFrame:
        """The cases to act on: every breached deadline, then every one at risk.

        Returns
        -------
        DataFrame
            ``case_id``, ``deadline``, ``status`` (``breached`` or ``at_risk``), ``due``,
            ``days_over`` (calendar days past due on ``as_of``; 0 while not yet due) and
            ``working_days_left`` (negative when overdue); breached ones longest overdue
            first, then at-risk ones soonest due first.
        """
        columns = ["case_id", "deadline", "status", "due", "days_over", "working_days_left"]
        both = pd.concat([self.breached(), self.at_risk()])
        return both[columns].reset_index(drop=True)

    def text(self, rows: int | None = None) -> str:
        """The report as plain text (pseudonymous case ids only).

        Parameters
        ----------
        rows : int, optional
            Lists at most this many breached and at-risk deadlines (the longest overdue
            first); all of them by default, so every breached case is named.
        """
        days = self.throughput["days"]
        year_ago = pd.Timestamp(self.as_of) - pd.Timedelta(days=365)
        recent = self.throughput[self.throughput["end"] >= year_ago]["days"]
        lines = [
            f"Housing path report on {self.as_of.isoformat()}",
            "",
            "Throughput (needs assessment start to move-in, days)",
            f"  all housed cases: {len(days)}, median {_num(days.median())}, "
            f"mean {_num(days.mean())}, p90 {_num(days.quantile(0.9))}",
            f"  moved in during the last 365 days: {len(recent)}, median {_num(recent.median())}",
            "",
            "Time in stage (completed stays, days) and cases there now",
            _table(self.stage_times[["stays", "median_days", "mean_days", "p90_days", "open_now"]]),
            "",
            "Queue now (cases per stage)",
            _table(self.queues.iloc[-1:].T.rename(columns=lambda _: "cases")),
            "",
            "Bottlenecks (mean days per stay, open stays counted to date)",
            _table(self.bottlenecks[["mean_days", "share", "open_now"]].head(5)),
            "",
            "Statutory deadlines (cases by status)",
            _table(self.deadlines.groupby(["deadline", "status"]).size().unstack(fill_value=0)),
            "",
            "Waits from decision to move-in, last 365 days (groups under 3 show counts only)",
            _table(self.published.set_index(["service_class", "municipality"])),
            "",
            *self._urgent_lines(rows),
        ]
        return "\n".join(lines)

    def _urgent_lines(self, rows: int | None) -> list[str]:
        """The breached and at-risk deadlines, one line each (at most ``rows`` of them)."""
        urgent = self.urgent()
        breached = int((urgent["status"] == "breached").sum())
        lines = [
            f"Breached deadlines (past due, not met): {breached}",
            f"At risk of breaching (due within the warning window): {len(urgent) - breached}",
        ]
        if urgent.empty:
            return lines
        shown = urgent if rows is None else urgent.head(rows)
        lines.append(
            f"  {'case':<8} {'deadline':<20} {'status':<9} {'due':<10} {'days over':>9} "
            f"{'working days left':>17}"
        )
        lines += [
            f"  {case:<8} {deadline:<20} {status:<9} {due.isoformat():<10} {over:>9} {left:>17}"
            for case, deadline, status, due, over, left in shown.itertuples(index=False)
        ]
        if len(shown) < len(urgent):
            lines.append(f"  ... and {len(urgent) - len(shown)} more (Report.urgent() lists all)")
        return lines


def report(tracker: Tracker, as_of: dt.date | None = None) -> Report:
    """Build the :class:`Report` for ``tracker`` on ``as_of`` (the last event's day by default)."""
    events = tracker.frame()
    if events.empty:
        raise refuse("store", "holds no events yet", "record events before reporting")
    day = as_of or events["end"].fillna(events["start"]).max().date()
    seen = events[events["start"] < pd.Timestamp(day) + pd.Timedelta(days=1)]
    seen = seen.assign(
        end=seen["end"].where(seen["end"] < pd.Timestamp(day) + pd.Timedelta(days=1))
    )
    graph = tracker.graph
    return Report(
        as_of=day,
        throughput=throughput(seen, graph),
        stage_times=stage_times(seen, graph, day),
        queues=queue_lengths(seen, graph, end=day),
        bottlenecks=bottlenecks(seen, graph, day),
        deadlines=deadline_status(seen, graph, day),
        published=published_waits(seen, {c.id: c.municipality for c in tracker.cases()}, day),
    )


def _num(value: object) -> str:
    return "-" if not isinstance(value, int | float) or pd.isna(value) else f"{value:.0f}"


def _table(frame: pd.DataFrame) -> str:
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: "-" if pd.isna(v) else f"{v:.1f}")
    return "\n".join("  " + line for line in shown.to_string().splitlines())
