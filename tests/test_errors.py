"""ProblemError: every issue kept, a bounded message."""

from __future__ import annotations

import pickle

from placement.errors import MAX_SHOWN_ISSUES, Issue, ProblemError


def test_big_error_shows_fifty_issues_and_counts_the_rest() -> None:
    """200,000 issues: all kept in ``issues``, 50 shown, the rest counted, the message short."""
    issues = [Issue(f"clients[c{i:06d}].urgency", "level 9 has no weight") for i in range(200_000)]
    error = ProblemError(issues)
    text = str(error)
    assert len(error.issues) == 200_000
    assert text.startswith("invalid problem: 200,000 issues\n")
    assert text.count("\n  - ") == MAX_SHOWN_ISSUES == 50
    assert "clients[c000049]" in text
    assert "clients[c000050]" not in text
    assert text.endswith("  ... and 199,950 more (see .issues)")
    assert len(text) < 5_000


def test_small_error_lists_everything() -> None:
    """Up to the limit nothing is left out and no count line is added."""
    error = ProblemError([Issue(f"x{i}", "bad") for i in range(MAX_SHOWN_ISSUES)], what="week")
    assert str(error).count("\n  - ") == MAX_SHOWN_ISSUES
    assert "more" not in str(error)
    assert str(ProblemError([Issue("x", "bad")])) == "invalid problem: 1 issue\n  - x: bad"


def test_error_pickles_with_every_issue() -> None:
    """Process pools pickle errors: the copy keeps all issues and the same message."""
    error = ProblemError([Issue(f"x{i}", "bad") for i in range(120)], what="graph")
    again = pickle.loads(pickle.dumps(error))
    assert again.issues == error.issues
    assert str(again) == str(error)
