"""A broken Kipinä week is refused before any solving, each fault named by id and field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from placement.errors import ProblemError
from placement.kipina import Week

MONDAY = dt.date(2026, 2, 2)
CENTRE = {"lat": 61.6867, "lon": 27.2713}


def data(**parts: Any) -> dict[str, Any]:
    """A valid one-activity week as plain data, with ``parts`` replaced."""
    base: dict[str, Any] = {
        "week_start": MONDAY.isoformat(),
        "centre": CENTRE,
        "activities": [
            {"id": "physio", "type": "physiotherapy", "duration_min": 60, "room_features": []},
            {"id": "day", "type": "day_activity", "duration_min": 60, "group_max": 6},
        ],
        "staff": [{"id": "s1"}, {"id": "s2"}],
        "rooms": [{"id": "gym", "capacity": 4}],
        "participants": [
            {
                "id": "p1",
                "home": CENTRE,
                "entitlements": [{"activity": "physio", "sessions_per_week": 1}],
            },
            {"id": "p2", "home": CENTRE},
        ],
    }
    base.update(parts)
    return base


def refused(raw: dict[str, Any]) -> str:
    """The message of the ProblemError the week raises (fails the test if it is accepted)."""
    with pytest.raises(ProblemError) as caught:
        Week.model_validate(raw)
    message = str(caught.value)
    assert "input_value" not in message
    return message


def test_the_base_week_is_valid() -> None:
    """The fixture itself passes, so each refusal below is the change's doing."""
    assert Week.model_validate(data()).participants[0].id == "p1"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"days": [0, 1, 9]}, "days: day 9 is not a weekday number"),
        ({"days": [0, -1]}, "days: day -1 is not a weekday number"),
        ({"days": [0, 0, 1]}, "days: day 0 is listed twice"),
        ({"days": []}, "days: the centre is open on no day"),
        ({"opens": "17:00", "closes": "07:00"}, "opens: the centre opens at or after it closes"),
        ({"opens": "09:00", "closes": "09:00"}, "opens: the centre opens at or after it closes"),
    ],
)
def test_calendar_out_of_range_is_refused(parts: dict[str, Any], expected: str) -> None:
    """Days outside 0-6, repeated days and opening after closing are refused, not 'infeasible'."""
    assert expected in refused(data(**parts))


def test_activity_day_out_of_range_is_refused() -> None:
    """The same day rule holds for an activity's own days."""
    raw = data()
    raw["activities"][1]["days"] = [0, 7, 7]
    message = refused(raw)
    assert "activities[day].days: day 7 is not a weekday number" in message


def test_duplicate_entitlement_is_refused_by_position() -> None:
    """Two entitlements to one activity are refused; the message names positions, not the
    activity (an activity can tell a participant's need)."""
    raw = data()
    raw["participants"][0]["entitlements"].append({"activity": "physio", "sessions_per_week": 2})
    message = refused(raw)
    assert "participants[p1].entitlements[1]: names the same activity as entitlements[0]" in message
    assert "physio" not in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["participants"].append({"id": "p1", "home": CENTRE}),
            "participants[p1]: duplicate id",
        ),
        (lambda d: d["staff"].append({"id": "s1"}), "staff[s1]: duplicate id"),
        (
            lambda d: d["participants"][1].update(familiar_staff=["s1", "s1"]),
            "participants[p2].familiar_staff[s1]: listed twice",
        ),
        (
            lambda d: d["participants"][1].update(not_with=["p1", "p1"]),
            "participants[p2].not_with[p1]: listed twice",
        ),
        (
            lambda d: d["participants"][1].update(not_with=["p2"]),
            "participants[p2].not_with: names the participant themself",
        ),
        (
            lambda d: d.update(
                pins=[
                    {
                        "session": "day-mon-1",
                        "start": "2026-02-02T09:00:00",
                        "staff": ["s1"],
                        "participants": [],
                    },
                    {
                        "session": "day-mon-1",
                        "start": "2026-02-02T10:00:00",
                        "staff": ["s2"],
                        "participants": [],
                    },
                ]
            ),
            "pins[day-mon-1]: the session is pinned twice",
        ),
    ],
)
def test_duplicates_are_refused(change: Any, expected: str) -> None:
    """Every list of ids refuses a repeat instead of silently keeping one."""
    raw = data()
    change(raw)
    assert expected in refused(raw)


@pytest.mark.parametrize(
    ("where", "field", "value", "expected"),
    [
        ("rooms", "capacity", 10**9, "rooms[#0].capacity"),
        ("staff", "contract_minutes", 10**7, "staff[#0].contract_minutes"),
        ("staff", "max_daily_minutes", 2000, "staff[#0].max_daily_minutes"),
        ("activities", "group_max", 10**9, "activities[#0].group_max"),
        ("participants", "transport", "yes", "participants[#0].transport"),
    ],
)
def test_absurd_or_coerced_values_are_refused(
    where: str, field: str, value: Any, expected: str
) -> None:
    """Sizes that would overflow the CP-SAT model, and values pydantic would coerce, are
    refused with the field's path."""
    raw = data()
    raw[where][0][field] = value
    message = refused(raw)
    assert f"{where}[" in message, expected
    assert f"].{field}" in message, expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0.0, 1e6])
def test_speed_must_be_finite_and_plausible(value: float) -> None:
    """NaN, infinite, zero and absurd road speeds are refused by name."""
    assert "speed_kmh" in refused(data(speed_kmh=value))


def test_count_written_as_true_is_refused() -> None:
    """``true`` is not a number of sessions (pydantic would read it as 1)."""
    raw = data()
    raw["participants"][0]["entitlements"][0]["sessions_per_week"] = True
    assert "sessions_per_week" in refused(raw)


def test_unprintable_or_long_ids_are_refused_by_position() -> None:
    """Ids with control characters or over 64 characters are refused; the path shows the
    position, not the unprintable id."""
    raw = data()
    raw["staff"][0]["id"] = "s\x00bad"
    raw["rooms"][0]["id"] = "r" * 65
    message = refused(raw)
    assert "staff[#0].id" in message
    assert "rooms[#0].id" in message
    assert "\x00" not in message


def test_pin_outside_the_week_or_with_time_zone_is_refused() -> None:
    """A pin must be a local time inside the planned week."""
    pin = {"session": "day-mon-1", "staff": ["s1"], "participants": []}
    later = {**pin, "start": "2026-03-02T09:00:00"}
    aware = {**pin, "session": "day-tue-1", "start": "2026-02-03T09:00:00+02:00"}
    message = refused(data(pins=[later, aware]))
    assert "pins[day-mon-1].start: is outside the week" in message
    assert "pins[day-tue-1].start: has a time zone" in message


def test_many_issues_are_all_listed_in_one_error() -> None:
    """Every fault of a week comes in one error."""
    raw = data(days=[9], opens="18:00")
    raw["staff"].append({"id": "s1"})
    message = refused(raw)
    assert "days: day 9" in message
    assert "opens:" in message
    assert "staff[s1]: duplicate id" in message


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("opens", "opens"),
        ("availability", "participants[p1].availability"),
        ("earliest", "activities[physio].earliest"),
    ],
)
def test_times_with_an_offset_are_refused(where: str, expected: str) -> None:
    """A time of day with a UTC offset is refused by field (comparing it with a local time
    raised TypeError)."""
    raw = data()
    if where == "opens":
        raw["opens"] = "07:00+02:00"
    elif where == "availability":
        raw["participants"][0]["availability"] = [
            {"day": 0, "start": "08:00+02:00", "end": "12:00"}
        ]
    else:
        raw["activities"][0]["earliest"] = "08:00+02:00"
    message = refused(raw)
    assert expected in message
    assert "has a UTC offset" in message


def test_a_window_may_end_at_24_00() -> None:
    """Opening hours are written up to 24:00, the end of the day (minute 1440)."""
    from placement.kipina import Window

    window = Window.model_validate({"day": 2, "start": "18:00", "end": "24:00"})
    assert window.minutes() == (2 * 1440 + 18 * 60, 3 * 1440)
    with pytest.raises(ProblemError):
        Window.model_validate({"day": 2, "start": "24:00", "end": "24:00"})
    with pytest.raises(ProblemError):
        Window.model_validate({"day": 2, "start": "18:00", "end": "24:01"})
