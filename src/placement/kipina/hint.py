"""Warm starts: last week's schedule as a hint for this week's search."""

from __future__ import annotations

import logging

from ortools.sat.python import cp_model

from placement.kipina.building import WeekModel
from placement.kipina.result import Schedule

__all__ = ["add_hint"]

logger = logging.getLogger("placement")


def add_hint(m: WeekModel, previous: Schedule, seconds: float | None) -> None:
    """Suggest ``previous``'s sessions (by id and day) as a solution.

    The decisions (which slots open, when, with whom, where) are read off the previous schedule;
    a short solve with them fixed sets every auxiliary variable (familiar-staff indicators,
    counts, peak load) to its best value, so CP-SAT gets a complete hint worth what the previous
    schedule was worth. If the previous sessions no longer fit the week, the partial hint is given.
    """
    cp, week = m.cp, m.week
    wanted = {(s.id, week.minute(s.start) // 1440): s for s in previous.sessions}
    decisions: list[tuple[cp_model.IntVar, int]] = []
    for slot in m.slots:
        session = wanted.get((slot.id, slot.day))
        decisions.append((slot.present, int(session is not None)))
        if session is None:
            continue
        decisions.append((slot.start, week.minute(session.start)))
        decisions += [(v, int(sid in session.staff)) for sid, v in slot.staff.items()]
        decisions += [(r, int(rid == session.room)) for rid, r in slot.rooms.items()]
        decisions += [
            (y, int(pid in session.participants))
            for pid, y in slot.members.items()
            if y is not slot.present
        ]
    trial = cp.clone()
    for var, value in decisions:
        trial.add(trial.get_int_var_from_proto_index(var.index) == value)
    solver = cp_model.CpSolver()  # the objective stays: auxiliaries take their best values
    solver.parameters.max_time_in_seconds = 5.0 if seconds is None else min(5.0, seconds)
    solver.parameters.num_workers = 1
    if solver.solve(trial) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for index in range(len(cp.proto.variables)):
            var = cp.get_int_var_from_proto_index(index)
            cp.add_hint(var, solver.value(trial.get_int_var_from_proto_index(index)))
        return
    logger.info("kipina: the previous schedule does not fit this week; hinting it partly")
    for var, value in decisions:
        cp.add_hint(var, value)
