"""docs/io.md documents every sheet and column the readers know."""

from __future__ import annotations

from pathlib import Path

from placement.io.sheets import SETTING_KEYS, SHEETS

DOC = (Path(__file__).parents[2] / "docs" / "io.md").read_text(encoding="utf-8")


def test_every_header_is_documented() -> None:
    """Each sheet name and each header in every language is in docs/io.md."""
    for sheet in SHEETS:
        for name in sheet.names:
            assert f"`{name}`" in DOC, name
        for column in sheet.columns:
            for header in column.headers:
                assert f"`{header}`" in DOC, (sheet.key, header)
    for key in SETTING_KEYS:
        assert f"`{key}`" in DOC, key
