"""``placement compare``: matching policies side by side on one problem, a table and a chart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from placement.cli.common import (
    POLICIES,
    POLICY_CHOICES,
    Force,
    ProblemFile,
    check_outputs,
    guarded,
    read_problem,
    terminal,
)
from placement.errors import Issue, ProblemError

__all__ = ["compare_command"]


@guarded
def compare_command(
    problem_file: ProblemFile,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy", metavar=POLICIES, help=f"Policy to include (repeatable): {POLICY_CHOICES}."
        ),
    ] = None,
    seeds: Annotated[
        int, typer.Option(help="Seeds 0..N-1 for tie-breaking lotteries (at least 1).")
    ] = 1,
    time_limit: Annotated[float | None, typer.Option(help="Seconds per solve.")] = None,
    chart: Annotated[Path, typer.Option(help="Where to write the PNG chart.")] = Path(
        "compare.png"
    ),
    force: Force = False,
) -> None:
    """Compare matching policies on PROBLEM_FILE: print the table, write a chart."""
    from placement.compare import compare as compare_policies

    if seeds < 1:
        issue = Issue("--seeds", f"is {seeds}; give at least 1 seed", "e.g. --seeds 5")
        raise ProblemError([issue], what="compare options")
    check_outputs((chart, "--chart"), force=force)
    problem = read_problem(problem_file)
    table = compare_policies(
        problem, policy or None, seeds=range(seeds), time_limit=time_limit, progress=terminal()
    )
    columns = [
        "placed",
        "rank_1",
        "rank_2",
        "rank_3plus",
        "unranked",
        "mean_days_waited",
        "mean_days_to_move_in",
        "mean_distance_km",
        "daily_cost_eur",
        "justified_envy",
        "blocking_pairs",
        "runtime_s",
    ]
    summary = table.groupby("policy", sort=False)[columns].mean().round(2)
    typer.echo(summary.to_string())
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from placement.plotting import plot_policy_ranks, plot_policy_waits

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    plot_policy_ranks(table, ax=left)
    plot_policy_waits(table, ax=right)
    fig.suptitle(f"{problem.name or problem_file.stem}: policies compared")
    fig.tight_layout()
    fig.savefig(chart, dpi=110)
    plt.close(fig)
    typer.echo(f"wrote {chart}")
