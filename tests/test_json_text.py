"""The strict JSON reader: every hostile text is one ProblemError naming the source and position."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import placement as pl
from placement.errors import ProblemError
from placement.model.input import MAX_JSON_DEPTH, parse_json, read_json_file


def _refused(data: str | bytes) -> str:
    """The single issue's text for a refused JSON text."""
    with pytest.raises(ProblemError) as caught:
        parse_json(data, "in.json", "problem")
    assert len(caught.value.issues) == 1
    assert caught.value.issues[0].path == "in.json"
    return str(caught.value.issues[0])


def test_invalid_utf8_names_the_byte_and_line() -> None:
    """A Latin-1 byte on line 2 is reported at its byte offset, not as UnicodeDecodeError."""
    text = _refused(b'{"a":\n "\xe4"}')
    assert "not valid UTF-8 at byte 8 (line 2)" in text


def test_invalid_json_names_line_and_column() -> None:
    """A doubled comma is placed by line and column."""
    assert "line 2, column 5" in _refused('{"a":\n [1,,2]}')


def test_duplicate_key_names_key_and_path_by_id() -> None:
    """The last-wins silent change is refused; the path names the client by id."""
    text = _refused('{"clients": [{"id": "c1"}, {"id": "c2", "needs": {"x": 1, "x": 4}}]}')
    assert "duplicate key 'x'" in text
    assert "$.clients[c2].needs" in text


def test_duplicate_top_level_key() -> None:
    """A key repeated at the top level is refused at path ``$``."""
    assert "duplicate key 'units' in the object at $ " in _refused('{"units": [], "units": []}')


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_nesting_beyond_the_limit_is_refused_with_position(opener: str) -> None:
    """One level past the limit names the bracket; 100,000 levels never raise RecursionError."""
    closer = "]" if opener == "[" else "}"
    deep = opener * (MAX_JSON_DEPTH + 1) + "1" + closer * (MAX_JSON_DEPTH + 1)
    text = _refused(deep)
    assert f"deeper than {MAX_JSON_DEPTH} levels at line 1" in text
    assert _refused("[" * 100_000 + "]" * 100_000)
    ok = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert parse_json(ok, "in.json", "problem") == json.loads(ok)


def test_brackets_inside_strings_do_not_count() -> None:
    """Strings full of brackets (and escaped quotes) are not nesting."""
    text = json.dumps({"a": "[" * 500 + '\\"' + "{" * 500})
    assert parse_json(text, "in.json", "problem") == json.loads(text)


def test_huge_number_is_refused() -> None:
    """An integer of 5,000 digits is an issue, not Python's ValueError."""
    assert "number too long" in _refused("1" * 5000)


def test_byte_order_mark_is_accepted() -> None:
    """A UTF-8 byte-order mark (Windows editors write one) is not an error."""
    assert parse_json(b'\xef\xbb\xbf{"a": 1}', "in.json", "problem") == {"a": 1}


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    """A missing file and a directory are refused as issues naming the path."""
    for path in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(ProblemError, match="cannot read the file") as caught:
            read_json_file(path, "problem")
        assert caught.value.issues[0].path == str(path)


def test_problem_json_uses_the_strict_reader() -> None:
    """Problem.model_validate_json refuses duplicate keys and a top-level list."""
    with pytest.raises(ProblemError, match="duplicate key 'clients'"):
        pl.Problem.model_validate_json('{"clients": [], "clients": []}')
    with pytest.raises(ProblemError, match="got a list") as caught:
        pl.Problem.model_validate_json("[]")
    assert caught.value.issues[0].path == "$"
    with pytest.raises(ProblemError, match="got a list"):
        pl.Problem.model_validate([{"clients": []}])


def test_from_json_file_names_the_file(tmp_path: Path) -> None:
    """A problem file with invalid UTF-8 is refused naming that file."""
    path = tmp_path / "p.json"
    path.write_bytes(b'{"clients": "\xff"}')
    with pytest.raises(ProblemError, match="not valid UTF-8") as caught:
        pl.Problem.from_json_file(path)
    assert caught.value.issues[0].path == str(path)
