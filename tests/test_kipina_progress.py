"""``kipina.schedule(progress=True)`` shows a tqdm bar on stderr; by default it draws nothing, and
either way the run's phases and their seconds are logged (issue 16, item 5: ``placement
schedule --demo`` ran 78 s with no output)."""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from placement.kipina import Week, schedule
from placement.result import Status

MONDAY = dt.date(2026, 2, 2)


def small_week() -> Week:
    """Two days, two staff members, a room and three participants: solved to optimality in well
    under a second."""
    return Week(
        name="small",
        week_start=MONDAY,
        centre={"lat": 61.6867, "lon": 27.2713},
        days=[0, 1],
        activities=[
            {
                "id": "physio",
                "type": "physiotherapy",
                "duration_min": 60,
                "earliest": dt.time(9),
                "latest": dt.time(15),
                "room_features": ["gym"],
            }
        ],
        staff=[{"id": "s1", "skills": []}, {"id": "s2", "skills": []}],
        rooms=[{"id": "gym", "capacity": 4, "features": ["gym"]}],
        participants=[
            {
                "id": f"p{k}",
                "home": {"lat": 61.69, "lon": 27.28},
                "entitlements": [{"activity": "physio", "sessions_per_week": 2}],
            }
            for k in range(3)
        ],
    )


def test_progress_draws_a_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """The bar names the week and each phase, shows the share of the time limit used and the
    solutions found; nothing goes to stdout."""
    plan = schedule(small_week(), time_limit=20, progress=True)
    assert plan.status == Status.OPTIMAL
    captured = capsys.readouterr()
    assert captured.out == ""
    frames = [f.strip() for f in captured.err.split("\r") if f.strip()]
    assert frames, "no bar was drawn"
    assert all(f.startswith("schedule small") for f in frames)
    assert re.search(r"\d+%\|.*\| \d+\.\d/20 s", captured.err)
    for phase in ("model", "search", "routing"):
        assert f"[{phase}]" in captured.err
    assert re.search(r"\d+ solutions, gap (\d+\.\d%|over 1000%)", captured.err)


def test_no_progress_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    """By default the scheduler writes nothing at all to stdout or stderr."""
    plan = schedule(small_week(), time_limit=20)
    assert plan.status == Status.OPTIMAL
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


@pytest.mark.parametrize("progress", [False, True])
def test_the_run_logs_every_phase_with_its_seconds(
    progress: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """One INFO record on the ``placement`` logger closes the run: the week, every phase with
    its seconds (as in ``Schedule.phases``) and the solutions found; no participant id."""
    with caplog.at_level(logging.INFO, logger="placement"):
        plan = schedule(small_week(), time_limit=20, progress=progress)
    runs = [r.getMessage() for r in caplog.records if r.getMessage().startswith("kipina: planned")]
    assert len(runs) == 1
    message = runs[0]
    assert message.startswith("kipina: planned small in ")
    for name, seconds in plan.phases.items():
        assert f"{name} {seconds:.2f} s" in message
    assert set(plan.phases) >= {"model", "search", "result", "routing"}
    assert re.search(r"; [1-9]\d* improving solutions found$", message)
    assert all(f"p{k}" not in r.getMessage() for r in caplog.records for k in range(3))


@pytest.mark.parametrize("terminal", [True, False])
def test_the_command_shows_the_bar_only_on_a_terminal(terminal: bool, tmp_path: Path) -> None:
    """``placement schedule`` draws the bar when stderr is a terminal (a pseudo-terminal here)
    and not when stderr is a pipe."""
    week_file = tmp_path / "week.json"
    week_file.write_text(small_week().model_dump_json(), encoding="utf-8")
    command = [sys.executable, "-m", "placement.cli", "schedule", str(week_file)]
    command += ["-o", str(tmp_path / "plan.json"), "--time-limit", "20"]
    if terminal:
        reader, writer = pty.openpty()
        # 24 rows, 100 columns: a new pseudo-terminal has 0 columns and tqdm fits its bar to them
        fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=writer, check=False)
        os.close(writer)
        err = b""
        while chunk := _read(reader):
            err += chunk
        os.close(reader)
    else:
        done = subprocess.run(command, capture_output=True, check=False)
        err = done.stderr
    assert done.returncode == 0, err
    assert (b"schedule small [search]" in err) is terminal


def _read(fd: int) -> bytes:
    """What is left in a pseudo-terminal whose writer has closed (b"" at its end)."""
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the other side is closed and everything has been read
        return b""
