"""Tables to a :class:`~placement.Problem`, with every issue by sheet, row and column at once.

Reading runs in three passes, and no pass waits for an earlier one to be clean:

1. each cell is read by its column's kind (:mod:`placement.io.records`);
2. each row is validated by its own pydantic model (``Client``, ``Unit``, ...), so field errors
   name the row's cell; municipality names are resolved and points checked against Finland
   (:mod:`placement.io.rows`);
3. the rows that passed are put together into a ``Problem`` whose cross-reference checks
   (unknown units, duplicate ids, ...) run even when other rows failed; issues about ids of rows
   that failed are left out (they would only repeat the row's own error).

The issues of all passes are raised together as one :class:`~placement.errors.ProblemError`;
nothing is returned unless there are none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from placement.errors import Issue, ProblemError
from placement.io.rows import RowReader, field_of
from placement.io.table import CellIssue, Table, cell_issue
from placement.model import Problem

__all__ = ["build_problem"]

_RULE = re.compile(r"^needs_mapping\.rules\[(\d+)\](.*)$")
_PATH = re.compile(r"^(clients|units|residents|service_classes)\[([^\]]*)\](.*)$")
_QUOTED = re.compile(r"'([^']*)'")
_STAND_IN_DAY = dt.date(2100, 1, 1)


def build_problem(
    tables: Mapping[str, Table | None], *, check_region: bool = True, what: str = "workbook"
) -> Problem:
    """The problem the tables describe; raise one ProblemError with every issue.

    Parameters
    ----------
    tables : mapping of str to Table or None
        By sheet key (``clients``, ``units``, ``residents``, ``preferences``,
        ``service_classes``, ``settings``); ``None`` or absent for a sheet not given.
    check_region : bool
        Refuse points outside Finland's bounding box (default ``True``).
    what : str
        What the input is called in the error ("workbook", "CSV folder", "frames").
    """
    reader = RowReader(tables, check_region)
    for key in ("clients", "units"):
        if tables.get(key) is None:
            reader.issues.append(
                cell_issue(
                    key, None, None, "", f"the {key} sheet is missing", f"add a sheet named '{key}'"
                )
            )
    settings = reader.settings()
    rules = reader.needs_mapping()
    if rules is not None and "needs_mapping" in settings:
        reader.issues.append(
            reader.setting_rows["needs_mapping"].issue(
                "value",
                "the needs mapping is given twice: here and on the needs_mapping sheet",
                "keep one: the sheet's rows, or this setting",
            )
        )
    elif rules is not None:
        settings["needs_mapping"] = rules
    names = reader.municipalities(settings)
    classes = reader.service_classes()
    units = reader.units(reader.residents(), names)
    clients = reader.clients(reader.preferences(), names)
    data: dict[str, Any] = {"units": units, "clients": clients}
    if classes is not None:
        data["service_classes"] = classes
    for key, value in settings.items():
        if key.startswith("weights."):
            data.setdefault("weights", {})[key.removeprefix("weights.")] = value
        else:
            data[key] = value
    stand_in = "reference_date" not in data
    data.setdefault("reference_date", _STAND_IN_DAY)
    problem = None
    if all(tables.get(key) is not None for key in ("clients", "units")):
        problem = _validate(reader, data, stand_in)
    if reader.issues or problem is None:
        order = {s: i for i, s in enumerate(reader.sheet_names.values())}
        issues = sorted(reader.issues, key=lambda i: (order.get(i.sheet, 99), i.row or 0, i.path))
        raise ProblemError(_unique(issues), what=what)
    return problem


def _validate(reader: RowReader, data: dict[str, Any], stand_in: bool) -> Problem | None:
    """The problem, or ``None`` with its issues added to the reader's.

    A setting that fails its field check (a negative horizon, a bad weight) stops pydantic
    before the cross-reference checks; those settings are then left at their defaults and the
    problem validated again, so the rows' reference issues are reported too.
    """
    try:
        return Problem.model_validate(data)
    except ProblemError as exc:
        issues = list(exc.issues)
    top = {_PATH.match(i.path) is None and i.path.split(".")[0].split("[")[0] for i in issues}
    settings = {key for key in top if isinstance(key, str) and key in data}
    if settings - {"units", "clients", "reference_date"}:
        retry = {k: v for k, v in data.items() if k not in settings or k in ("units", "clients")}
        try:
            Problem.model_validate(retry)
        except ProblemError as again:
            dropped = "needs_mapping" in settings  # the default rules' issues are not the user's
            issues += [
                i
                for i in again.issues
                if not (dropped and (".needs." in i.path or i.path.startswith("needs_mapping")))
            ]
    for issue in issues:
        reader.issues.extend(_locate(reader, issue, stand_in))
    return None


def _unique(issues: list[CellIssue]) -> list[Issue]:
    seen: set[tuple[str, str]] = set()
    out: list[Issue] = []
    for issue in issues:
        if (issue.path, issue.message) not in seen:
            seen.add((issue.path, issue.message))
            out.append(issue)
    return out


def _locate(reader: RowReader, issue: Issue, stand_in: bool) -> list[CellIssue]:
    """A problem-level issue as cell issues; none if it only echoes a failed row."""
    quoted = set(_QUOTED.findall(issue.message))
    tail = issue.path.rsplit(".", 1)[-1]
    if quoted & reader.failed_ids or tail in reader.failed_ids:
        return []
    if stand_in and tail in ("queued_since", "leaves_on"):
        return []
    rule = _RULE.match(issue.path)
    if rule is not None and reader.records["needs_mapping"]:  # a rule of the needs sheet
        good = [r for r in reader.records["needs_mapping"] if not r.failed]
        record = good[min(int(rule.group(1)), len(good) - 1)]
        column = field_of(rule.group(2).lstrip(".")) or "domain"
        return [record.issue(column, issue.message, issue.hint)]
    if issue.path.startswith("needs_mapping") and reader.records["needs_mapping"]:
        level = re.search(r"level (\d+) or above", issue.message)
        rows = [
            r
            for r in reader.records["needs_mapping"]
            if level
            and isinstance(r.values.get("min_level"), int)
            and r.values["min_level"] >= int(level.group(1))
        ]
        if rows:  # the rules asking for a level the ladder lacks
            return [r.issue("min_level", issue.message, issue.hint) for r in rows]
        name = reader.sheet_names["needs_mapping"]
        return [cell_issue(name, None, None, "min_level", issue.message, issue.hint)]
    found = _PATH.match(issue.path)
    if found is None:  # a setting: weights.x, needs_mapping..., municipalities, horizon_days
        parts = issue.path.split("[")[0].split(".")
        key = ".".join(parts[:2]) if parts[0] == "weights" else parts[0]
        setting = reader.setting_rows.get(key)
        if setting is not None:
            return [setting.issue("value", f"{issue.path}: {issue.message}", issue.hint)]
        return [
            cell_issue(reader.sheet_names["settings"], None, None, key, issue.message, issue.hint)
        ]
    sheet, ident, rest = found.groups()
    field = field_of(rest.lstrip("."))
    nested = re.match(r"^\.incumbents\[([^\]]*)\]\.?(.*)$", rest)
    if nested:
        sheet, ident, field = "residents", nested.group(1), nested.group(2) or "id"
    if sheet == "clients" and field == "preferences":
        sheet = "preferences"
    records = reader.rows.get((sheet, ident)) or reader.rows.get(("clients", ident), [])
    if not records:
        name = reader.sheet_names.get(sheet, sheet)
        return [cell_issue(name, None, None, field, issue.message, issue.hint)]
    if issue.message.startswith(("duplicate", "id used by")):
        everywhere = [r for k, rs in reader.rows.items() if k[1] == ident for r in rs]
        everywhere = [r for r in everywhere if r.sheet != reader.sheet_names["preferences"]]
        first = everywhere[0]
        return [
            r.issue("id", issue.message, f"{issue.hint}; also on {first.sheet} row {first.row}")
            for r in everywhere[1:]
        ]
    return [records[0].issue(field or "id", issue.message, issue.hint)]
