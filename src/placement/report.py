"""A result in words and in one chart: what ``placement demo`` prints and draws.

For the placement team, not for a client: it counts and summarises, and gives each waiting
client's first reason (:func:`placement.explain` without re-solving) beside their estimate.
"""

from __future__ import annotations

from pathlib import Path

from placement.check import check
from placement.explanations import explain
from placement.metrics import metrics
from placement.model import Problem
from placement.result import Result

__all__ = ["report_chart", "report_text"]


def report_text(problem: Problem, result: Result, waits: dict[str, str] | None = None) -> str:
    """Readable report: placed, ranks, waits, cost, and why each waiting client waits (with
    their estimated move-in, where ``waits`` maps a client id to one, in words)."""
    o = metrics(problem, result)["overall"]
    lines = [
        result.summary(),
        f"ranks: 1st {o['rank_1']}, 2nd {o['rank_2']}, 3rd+ {o['rank_3plus']}, "
        f"unranked {o['unranked']}",
        f"placed clients had queued {o['mean_days_waited']} days on average and move in "
        f"{o['mean_days_to_move_in']} days after {problem.reference_date} on average",
        f"mean distance {o['mean_distance_km']} km (max {o['max_distance_km']} km); "
        f"daily cost {o['daily_cost_eur']:.2f} EUR/day; utilisation {o['utilisation']:.1%}",
        f"justified envy: {o['justified_envy']} clients",
        *_side_lines(problem, result),
        "",
        f"still waiting ({len(result.unplaced)}):",
    ]
    for cid in result.unplaced:
        estimate = f"; {waits[cid]}" if waits and cid in waits else ""
        reasons = explain(problem, result, cid, resolve=False).reasons
        why = next((r for r in reasons if r.code.startswith("blocked_")), reasons[0])
        lines.append(f"  {cid}: waiting: {why.text.rstrip('.')}{estimate}")
    return "\n".join(lines)


def _side_lines(problem: Problem, result: Result) -> list[str]:
    """One line on how the side constraints came out (empty if the problem has none)."""
    side = problem.side_constraints()
    if not side:
        return []
    home = {a.client_id: a.unit_id for a in result.assignments}
    groups = problem.linked_groups()
    together = sum(1 for g in groups if home.get(g[0]) and len({home.get(c) for c in g}) == 1)
    pairs = {
        tuple(sorted((c.id, o)))
        for c in problem.clients
        for o in c.incompatible_with
        if o in problem.client_by_id
    }
    apart = sum(1 for a, b in pairs if home.get(a) and home.get(a) == home.get(b))
    broken = [
        v
        for v in check(problem, result)
        if v.rule in ("linked_apart", "incompatible_together", "composition")
    ]
    return [
        f"side constraints: {len(groups)} linked groups ({together} placed together, the rest "
        f"waiting together); {len(pairs)} incompatible pairs ({apart} sharing a unit); "
        f"composition limits that can bind at {len(side.get('composition', []))} units; "
        f"{len(broken)} broken"
    ]


def report_chart(problem: Problem, result: Result, path: Path) -> None:
    """Write the rank distribution and waiting times of ``result`` side by side to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from placement.plotting import plot_rank_distribution, plot_waiting_times

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    plot_rank_distribution(metrics(problem, result), ax=left)
    plot_waiting_times(problem, result, ax=right)
    fig.suptitle(f"{problem.name or 'problem'}: policy {result.policy}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
