"""``placement schedule`` with ids that are awkward as file names."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from placement.cli import app
from placement.kipina.export import ics_name

CORPUS = Path(__file__).parent / "data" / "broken" / "week"


def test_ids_with_slashes_become_one_calendar_file_each(tmp_path: Path) -> None:
    """Staff and room ids with ``/`` (which crashed ``--ics-dir`` after the schedule JSON was
    written) give percent-encoded file names inside the calendar directory."""
    week = json.loads((CORPUS / "days_nine.json").read_text())
    week["days"] = [0, 1]
    week["staff"] = [{"id": "team/a"}, {"id": "../b"}]
    week["rooms"] = [{"id": "gym/1", "capacity": 4}]
    source = tmp_path / "week.json"
    source.write_text(json.dumps(week))
    out = CliRunner().invoke(
        app,
        [
            "schedule",
            str(source),
            "-o",
            str(tmp_path / "s.json"),
            "--ics-dir",
            str(tmp_path / "ics"),
            "--time-limit",
            "10",
        ],
    )
    assert out.exit_code == 0, out.output
    names = sorted(p.name for p in (tmp_path / "ics").iterdir())
    assert names == ["room-gym%2F1.ics", "staff-..%2Fb.ics", "staff-team%2Fa.ics"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ics", "s.json", "week.json"]


def test_ics_names_are_single_safe_file_names() -> None:
    """Separators, backslashes, colons and spaces are encoded; plain ids stay readable."""
    assert ics_name("staff", "s01") == "staff-s01.ics"
    for awkward in ("a/b", "a\\b", "c:d", "x y", "ä"):
        name = ics_name("room", awkward)
        assert "/" not in name
        assert "\\" not in name
        assert ":" not in name
        assert " " not in name
