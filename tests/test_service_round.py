"""The weekly round of the tracker driven over HTTP only, with the same year and checks as the
library's (:mod:`tests.weekly`), against a real uvicorn server on a SQLite store."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.service_server import auth, config, serving
from tests.weekly import WEEKS, Http, year


def test_a_year_of_rounds_over_http(tmp_path: Path) -> None:
    with (
        serving(config(store=str(tmp_path / "county.sqlite"))) as url,
        httpx.Client(base_url=url, timeout=120, headers=auth("place")) as client,
    ):
        rounds = year(Http(client))
        again = client.post("/v1/tracker/rounds", json={"as_of": "2026-01-05"}).json()
    assert len(rounds) == WEEKS
    assert sum(r.count for r in rounds) > 100
    assert sum(r.expired for r in rounds) > 5
    assert not again["new"]
    assert again["run_id"] == rounds[0].run_id
