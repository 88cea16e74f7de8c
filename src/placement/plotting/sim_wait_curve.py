"""A waiting client's estimated curve: P(moved in by day d), from the simulated replications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes

if TYPE_CHECKING:
    from placement.simulate.waits import MoveIns

__all__ = ["plot_sim_wait_curve"]


def plot_sim_wait_curve(
    move_ins: MoveIns, client_ids: str | Sequence[str], ax: Axes | None = None
) -> Axes:
    """Step curves of P(moved in within d days of the reference date), up to the horizon.

    Each curve is the empirical distribution over the replications; a dotted line marks the
    80 % interval (the 10 % and 90 % levels). The curve ends at the horizon below 1 by the
    client's ``p_never`` (exits and clients still waiting).

    Parameters
    ----------
    move_ins : MoveIns
        From :func:`placement.simulate.simulate_move_ins` (the samples behind
        :func:`~placement.simulate.estimate_waits`).
    client_ids : str or sequence of str
        Pseudonymous ids of the clients to draw.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4))
    ids = [client_ids] if isinstance(client_ids, str) else list(client_ids)
    days = np.linspace(0.0, move_ins.horizon_days, 400)
    for cid in ids:
        ax.step(days, move_ins.curve(cid, days), where="post", label=cid)
    for level in (0.1, 0.9):
        ax.axhline(level, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlim(0, move_ins.horizon_days)
    ax.set_ylim(0, 1)
    ax.set_xlabel("days from the reference date")
    ax.set_ylabel("P(moved in by day)")
    reps = move_ins.days.shape[0]
    ax.set_title(f"Estimated move-in ({reps} replications, {move_ins.assumptions['policy']})")
    ax.legend(loc="lower right", fontsize=8)
    return ax
