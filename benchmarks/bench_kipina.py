"""Kipinä scheduling benchmark: the bundled Mikkeli week and one twice its size.

For each week: seconds to the first feasible schedule, seconds until the gap (bound against
best) is within 1 %, and the gap at the 60 s limit; the same with CP-SAT's presolve probing on
(its default), as the in-process baseline. Run ``python benchmarks/bench_kipina.py`` (part of
``make bench``); it rewrites its section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from placement.kipina import Schedule, schedule
from placement.kipina.check import check
from placement.kipina.datasets import load_week
from placement.kipina.metrics import metrics
from placement.kipina.synthetic import synthetic_week

sys.path.insert(0, str(Path(__file__).parent))
from harness import machine, write_section

LIMIT_S = 60.0


def within(plan: Schedule, tolerance: float) -> float | None:
    """First second at which (bound - best) / |best| <= tolerance, if ever."""
    for seconds, best, bound in plan.trajectory:
        if (bound - best) / max(1.0, abs(best)) <= tolerance:
            return seconds
    return None


def fmt(value: float | None, pattern: str = "{:.1f}") -> str:
    return "never" if value is None else pattern.format(value)


def main() -> None:
    weeks = [
        ("Mikkeli (bundled), 70 participants, 18 staff", load_week()),
        ("twice the size, 140 participants, 33 staff", synthetic_week(70, 70, 30, seed=2026)),
    ]
    rows = []
    for label, week in weeks:
        for probing in (False, True):
            plan = schedule(week, time_limit=LIMIT_S, seed=0, probing=probing)
            found = plan.status in ("optimal", "feasible")
            assert not found or check(week, plan) == [], label
            first = plan.trajectory[0][0] if plan.trajectory else None
            cover = metrics(week, plan)["coverage_share"] if found else 0.0
            rows.append(
                f"| {label} | {'on (default)' if probing else 'off (ours)'} | {fmt(first)} | "
                f"{fmt(within(plan, 0.01))} | {fmt(plan.gap, '{:.2%}')} | {plan.status} | "
                f"{cover:.1%} | {plan.runtime:.1f} |"
            )
            print(rows[-1], flush=True)
    firsts = [r.split("|")[3].strip() for r in rows]
    ratio = [
        f"{float(firsts[k + 1]) / float(firsts[k]):.1f}x"
        if "never" not in (firsts[k], firsts[k + 1])
        else "n/a"
        for k in (0, 2)
    ]
    text = "\n".join(
        [
            "## Kipinä weekly schedule (CP-SAT, 2 workers, 60 s)",
            "",
            "`python benchmarks/bench_kipina.py` (seed 0; the twice-size week is",
            "`synthetic_week(70, 70, 30, seed=2026)`). Times are seconds from the call; the gap",
            "is (bound - best) / |best| from CP-SAT's own values. End-to-end includes building",
            "the model and the transport routing after the search. Baseline in the same",
            "process: CP-SAT's default presolve probing.",
            "",
            "| week | probing | first feasible (s) | within 1 % (s) | gap at limit | status | "
            "coverage | end-to-end (s) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            f"Time to first feasible, probing on against off: {ratio[0]} (Mikkeli), "
            f"{ratio[1]} (twice the size).",
            "",
            f"Machine: {machine()}",
        ]
    )
    write_section("kipina", text)


def limits() -> None:
    """Wall time of the whole ``schedule`` call against its time limit (issue 11, section 4).

    Prints a Markdown table to paste into the Kipinä section of ``benchmarks/RESULTS.md``;
    ``python benchmarks/bench_kipina.py --limits`` (about 70 s).
    """
    week = load_week()
    print("| limit (s) | wall (s) | over the limit (s) | model | search | result | routing |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for limit in (5.0, 60.0):
        started = time.perf_counter()
        plan = schedule(week, time_limit=limit, seed=0)
        wall = time.perf_counter() - started
        used = [
            f"{plan.phases.get(name, 0.0):.2f}" for name in ("model", "search", "result", "routing")
        ]
        print(f"| {limit:g} | {wall:.2f} | {wall - limit:+.2f} | {' | '.join(used)} |", flush=True)
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    if "--limits" in sys.argv:
        limits()
    else:
        main()
