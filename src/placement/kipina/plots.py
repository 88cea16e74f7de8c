"""A week's timetable: one row per staff member, sessions as bars across the days."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Patch

from placement.kipina.model import Week
from placement.kipina.result import Schedule

__all__ = ["plot_timetable"]


def plot_timetable(week: Week, schedule: Schedule, ax: Axes | None = None) -> Axes:
    """Draw every staff member's sessions (travel shaded) over the open days' hours.

    The x axis runs through the open days one after another, each from opening to closing
    time; colours distinguish activities.

    Returns
    -------
    Axes
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(16, 0.35 * len(week.staff) + 1.5))
    import matplotlib as mpl

    opens = week.opens.hour * 60 + week.opens.minute
    hours = week.closes.hour * 60 + week.closes.minute - opens
    days = sorted(week.days)
    colours = mpl.colormaps["tab10"]
    palette = {a.id: colours(k % 10) for k, a in enumerate(week.activities)}
    rows = {m.id: k for k, m in enumerate(week.staff)}

    def x(moment_minute: int) -> float:
        day, minute = divmod(moment_minute, 1440)
        return days.index(day) * hours + (minute - opens) if day in days else -1.0

    for s in schedule.sessions:
        start = week.minute(s.start)
        length = week.minute(s.end) - start
        for member in s.staff:
            y = rows[member]
            if s.travel_min:
                ax.barh(y, 2 * s.travel_min + length, left=x(start) - s.travel_min,
                        color=palette[s.activity], alpha=0.3, height=0.8)  # fmt: skip
            ax.barh(y, length, left=x(start), color=palette[s.activity], height=0.8)
    for k in range(1, len(days)):
        ax.axvline(k * hours, color="#444444", linewidth=0.8)
    ax.set_yticks(range(len(week.staff)), [m.id for m in week.staff])
    ax.invert_yaxis()
    ax.set_xticks([k * hours + hours / 2 for k in range(len(days))],
                  [week.date_of(d).strftime("%a %d.%m.") for d in days])  # fmt: skip
    ax.set_xlim(0, len(days) * hours)
    ax.legend(
        handles=[Patch(color=c, label=a.replace("_", " ")) for a, c in palette.items()],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06),
        ncol=5,
        fontsize=8,
    )
    ax.set_title(f"{schedule.week or 'week'}: staff timetable (light = travel)")
    return ax
