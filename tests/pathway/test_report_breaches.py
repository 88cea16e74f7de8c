"""The pathway report names the cases to act on: every breached deadline and every one at risk,
by case id, deadline, due date and days over (issue 16: it counted 96 breached deadlines but
named none, and a store of our own said "At risk: 0" with one case already breached).

Due dates below are counted by hand from the Finnish calendar (June 2025: no public holiday
before Midsummer Eve, 20 June), not by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from placement.pathway import Tracker
from placement.pathway.history import demo_tracker
from placement.pathway.report import report


def store() -> Tracker:
    """One case breached, one at risk, one pending and one met on Monday 16 June 2025."""
    tracker = Tracker(":memory:")
    for case, applied in (
        ("late", "2025-06-02"),  # 7th working day after: Wed 11 June; 5 days over on the 16th
        ("risk", "2025-06-09"),  # due Wed 18 June: 2 working days left, the warning window
        ("calm", "2025-06-13"),  # due Wed 25 June (Midsummer Eve is not a working day)
        ("done", "2025-06-02"),
    ):
        tracker.open_case(case, applied, municipality="Espoo", social_worker="sw1")
    tracker.record(
        "done", "needs_assessment", "2025-06-04", role="regional_social_worker", resource="sw1"
    )
    return tracker


def test_breached_and_at_risk_cases_are_listed_with_due_date_and_days_over() -> None:
    """urgent() gives the breached case, then the at-risk one, each with its deadline, due
    date, calendar days over and working days left; pending and met ones are not in it."""
    rep = report(store(), dt.date(2025, 6, 16))
    expected = pd.DataFrame(
        {
            "case_id": ["late", "risk"],
            "deadline": ["assessment_started", "assessment_started"],
            "status": ["breached", "at_risk"],
            "due": [dt.date(2025, 6, 11), dt.date(2025, 6, 18)],
            "days_over": [5, 0],
            "working_days_left": [-3, 2],
        }
    )
    pd.testing.assert_frame_equal(rep.urgent(), expected, check_dtype=False)
    assert list(rep.breached()["case_id"]) == ["late"]
    assert list(rep.at_risk()["case_id"]) == ["risk"]


def test_the_text_names_every_breached_and_at_risk_case() -> None:
    """The plain-text report counts both kinds and gives one line per case with its numbers."""
    text = report(store(), dt.date(2025, 6, 16)).text()
    assert "Breached deadlines (past due, not met): 1" in text
    assert "At risk of breaching (due within the warning window): 1" in text
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.startswith("  ")}
    assert lines["late"][1:] == ["assessment_started", "breached", "2025-06-11", "5", "-3"]
    assert lines["risk"][1:] == ["assessment_started", "at_risk", "2025-06-18", "0", "2"]
    assert "calm" not in lines
    assert "done" not in lines


def test_a_store_with_one_breached_case_says_so() -> None:
    """The issue's store: on the day of its last event one case is breached and none at risk;
    the report says 1 breached and names it instead of only 'At risk: 0'."""
    tracker = Tracker(":memory:")
    tracker.open_case("k1", "2025-06-02", municipality="Lohja", social_worker="sw2")
    tracker.open_case("k2", "2025-06-16", municipality="Lohja", social_worker="sw2")
    rep = report(tracker)
    assert rep.as_of == dt.date(2025, 6, 16)
    assert list(rep.urgent()["case_id"]) == ["k1"]
    text = rep.text()
    assert "Breached deadlines (past due, not met): 1" in text
    assert "At risk of breaching (due within the warning window): 0" in text
    assert any(
        line.split()[:3] == ["k1", "assessment_started", "breached"] for line in text.splitlines()
    )


def test_a_shortened_list_says_how_many_it_left_out() -> None:
    """text(rows=1) shows the longest overdue case and says one more is left out."""
    text = report(store(), dt.date(2025, 6, 16)).text(rows=1)
    assert "  late " in text
    assert "  risk " not in text
    assert "... and 1 more (Report.urgent() lists all)" in text


@pytest.fixture(scope="module")
def demo() -> Tracker:
    return demo_tracker()


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 10, 1)])
def test_the_demo_year_names_all_its_breached_cases(demo: Tracker, as_of: dt.date | None) -> None:
    """Every breached deadline of the synthetic LUVN year (about a hundred) has its line in the
    text, longest overdue first, on its last day and on an earlier one."""
    rep = report(demo, as_of)
    breached = rep.deadlines[rep.deadlines["status"] == "breached"]
    assert len(breached) > 50
    listed = [
        (parts[0], parts[1], int(parts[4]))
        for parts in (line.split() for line in rep.text().splitlines())
        if len(parts) == 6 and parts[2] == "breached"
    ]
    expected = sorted(
        zip(breached["case_id"], breached["deadline"], breached["days_over"], strict=True),
        key=lambda row: -row[2],
    )
    assert sorted(listed) == sorted(expected)
    assert [over for *_, over in listed] == sorted((over for *_, over in listed), reverse=True)
