"""Support visits for people housed by the matching core (tukikäynnit tuetussa asumisessa).

Clients placed in supported housing who attend the centre get support visits at their new home
from instructors they know. This hands a housing result to the week's plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from placement.errors import Issue, ProblemError
from placement.kipina.model import Entitlement, Participant, Week
from placement.model import Problem
from placement.result import Result

__all__ = ["SUPPORTED_CLASSES", "add_support_visits"]

SUPPORTED_CLASSES = ("communal",)
"""Service classes counted as supported housing [assumed: the lowest class on the ladder]."""


def add_support_visits(
    week: Week,
    problem: Problem,
    result: Result,
    familiar: Mapping[str, Sequence[str]],
    visits_per_week: int = 1,
    classes: Sequence[str] = SUPPORTED_CLASSES,
    activity: str = "support_visit",
) -> Week:
    """The week with support visits for every client housed in a supported-housing class.

    Parameters
    ----------
    week : Week
        The centre's week (must have ``activity``).
    problem, result : Problem, Result
        A matching problem and its result; placed clients in ``classes`` get visits.
    familiar : mapping of str to sequence of str
        Client id to the centre's instructors who know the client. A client the centre does not
        know (no entry) is refused: a support visit is by a familiar instructor.
    visits_per_week : int
        Visits per client and week.
    classes : sequence of str
        Service classes that count as supported housing.
    activity : str
        The week's support-visit activity.

    Returns
    -------
    Week
        A new week. A client who already is a participant keeps the other entitlements, moves
        to the new home, gains the familiar staff, and gets ``visits_per_week`` support visits
        (replacing an earlier support-visit entitlement); others join as new participants who
        need no transport (visits come to them).
    """
    if activity not in week.activity_by_id:
        raise ProblemError(
            [Issue("activity", f"the week has no activity '{activity}'")], what="week"
        )
    units = problem.unit_by_id
    housed = [a for a in result.assignments if a.service_class in classes]
    unknown = [a.client_id for a in housed if a.client_id not in familiar]
    if unknown:
        raise ProblemError(
            [
                Issue(f"familiar[{c}]", "no familiar instructor given", "name who knows the client")
                for c in unknown
            ],
            what="support visits",
        )
    people = {p.id: p for p in week.participants}
    for a in housed:
        visit = Entitlement(activity=activity, sessions_per_week=visits_per_week)
        home = units[a.unit_id].location
        known = tuple(dict.fromkeys([*familiar[a.client_id]]))
        current = people.get(a.client_id)
        if current is None:
            people[a.client_id] = Participant(
                id=a.client_id,
                age_group="adult",
                home=home,
                entitlements=(visit,),
                familiar_staff=known,
            )
        else:
            kept = tuple(e for e in current.entitlements if e.activity != activity)
            people[a.client_id] = current.model_copy(
                update={
                    "home": home,
                    "entitlements": (*kept, visit),
                    "familiar_staff": tuple(dict.fromkeys([*current.familiar_staff, *known])),
                }
            )
    return Week(**{**week.model_dump(), "participants": [p.model_dump() for p in people.values()]})
