"""Reading JSON text and files: one parser for every JSON input, refusing what ``json`` lets by.

Python's :func:`json.loads` keeps the last of two equal keys without a word, decodes whatever
it is given and raises :class:`RecursionError` (or :class:`UnicodeDecodeError` before it) on
hostile input. :func:`parse_json` and :func:`read_json_file` refuse each of these with one
:class:`~placement.errors.ProblemError` that names the source (a file name) and the position:

- invalid UTF-8: the byte offset and line;
- invalid JSON: the line and column;
- a duplicate object key: the key and the JSON path of its object (list items named by ``id``);
- nesting deeper than :data:`MAX_JSON_DEPTH`: the line and column where the limit is passed;
- an unreadable file: the operating system's reason.

Messages quote no value from the text, only keys and positions, so personal data in the input
never reaches a log.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from placement.errors import Issue, ProblemError

__all__ = ["MAX_JSON_DEPTH", "parse_json", "read_json_file"]

MAX_JSON_DEPTH = 64
"""Deepest nesting of objects and lists accepted. Every input of the library needs at most 6."""

# A JSON string token: a quote, then runs of plain characters or escapes, then a quote.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPEN = frozenset("[{")
_CLOSE = frozenset("]}")


def read_json_file(path: str | os.PathLike[str], what: str) -> Any:
    """Read a JSON file, refusing anything :func:`parse_json` refuses.

    Parameters
    ----------
    path : str or os.PathLike
        The file; ``-`` reads standard input (the command line's convention).
    what : str
        What the file holds ("problem", "week", ...), for the error's first line.

    Returns
    -------
    Any
        The parsed JSON value (dicts, lists, strings, numbers, booleans, None).

    Raises
    ------
    ProblemError
        The file cannot be read, is not UTF-8 or not JSON, repeats a key or nests too deep.
    """
    source = os.fspath(path)
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        issue = Issue(source, f"cannot read the file: {reason}", "check the path and permissions")
        raise ProblemError([issue], what=what) from None
    return parse_json(data, source, what)


def parse_json(data: str | bytes, source: str, what: str) -> Any:
    """Parse JSON text strictly.

    Parameters
    ----------
    data : str or bytes
        The text; bytes must be UTF-8 (a leading byte-order mark is allowed).
    source : str
        What to call the text in messages, usually its file name.
    what : str
        What the text holds ("problem", "week", ...), for the error's first line.

    Returns
    -------
    Any
        The parsed value.

    Raises
    ------
    ProblemError
        One issue, at path ``source``, saying what is wrong and where.
    """
    text = _decode(data, source, what) if isinstance(data, bytes) else data
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_depth(text, source, what)
    duplicates: list[bool] = []
    try:
        value = json.loads(text, object_pairs_hook=_pairs_hook(duplicates))
    except json.JSONDecodeError as exc:
        message = f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise _error(source, message, "fix the JSON syntax there", what) from None
    except ValueError:  # int() refuses numbers of more than sys.get_int_max_str_digits() digits
        message = "holds a number too long to read"
        raise _error(source, message, "write numbers with at most 4,300 digits", what) from None
    except RecursionError:  # only if the interpreter's limit is below MAX_JSON_DEPTH
        message = "nests objects and lists too deeply to read"
        raise _error(source, message, f"nest at most {MAX_JSON_DEPTH} levels", what) from None
    if duplicates:
        key, where = _first_duplicate(value)
        message = f"duplicate key {key!r} in the object at {where}"
        hint = "give each key once; JSON readers disagree on which copy wins"
        raise _error(source, message, hint, what)
    return value


def _error(source: str, message: str, hint: str, what: str) -> ProblemError:
    return ProblemError([Issue(source, message, hint)], what=what)


def _decode(data: bytes, source: str, what: str) -> str:
    """Decode UTF-8, naming the byte offset and line of the first invalid byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not valid UTF-8 at byte {exc.start} (line {line})"
        raise _error(source, message, "save the file as UTF-8", what) from None


def _check_depth(text: str, source: str, what: str) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH before the recursive parser sees it.

    Vectorised: strings are cut out by one regular expression, the brackets left are turned
    into +1/-1 steps and summed with numpy, so a large file costs milliseconds. Only a refused
    text is walked character by character, to name the position.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    brackets = re.sub(r"[^\[\]{}]+", "", _STRING.sub("", text)).encode("ascii")
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
    if steps.size == 0 or int(np.cumsum(steps).max()) <= MAX_JSON_DEPTH:
        return
    line, column = _too_deep_at(text)
    message = f"nests deeper than {MAX_JSON_DEPTH} levels at line {line}, column {column}"
    raise _error(source, message, f"nest at most {MAX_JSON_DEPTH} levels", what)


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column (1-based) of the bracket that passes MAX_JSON_DEPTH."""
    depth, position = 0, 0
    while position < len(text):
        char = text[position]
        if char == '"':
            match = _STRING.match(text, position)
            position = match.end() if match else len(text)
            continue
        if char in _OPEN:
            depth += 1
            if depth > MAX_JSON_DEPTH:
                break
        elif char in _CLOSE:
            depth -= 1
        position += 1
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


class _Duplicated(dict[str, Any]):
    """An object that repeated a key; ``repeated`` holds the first repeated key."""

    repeated: str = ""


def _pairs_hook(found: list[bool]) -> Any:
    """An ``object_pairs_hook`` marking objects with a repeated key; appends to ``found`` then."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        marked = _Duplicated(pairs)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.repeated = key
                break
            seen.add(key)
        found.append(True)
        return marked

    return hook


def _first_duplicate(value: Any) -> tuple[str, str]:
    """The first repeated key in document order and the path of its object (``$.clients[c1]``)."""
    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Duplicated):
            return node.repeated, path
        if isinstance(node, dict):
            children = [(child, f"{path}.{key}") for key, child in node.items()]
        elif isinstance(node, list):
            children = [(child, f"{path}[{_name(child, i)}]") for i, child in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
    return "", "$"


def _name(item: Any, index: int) -> str:
    """A list item's name in a path: its ``id`` if it has a string one, else ``#index``."""
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) and ident else f"#{index}"
