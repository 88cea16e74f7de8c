"""Tables to a :class:`~placement.Problem`, with every issue by sheet, row and column at once.

Reading runs in three passes, and no pass waits for an earlier one to be clean:

1. each cell is read by its column's kind (:mod:`placement.io.records`);
2. each row is validated by its own pydantic model (``Client``, ``Unit``, ...), so field errors
   name the row's cell; municipality names are resolved and points checked against Finland;
3. the rows that passed are put together into a ``Problem`` whose cross-reference checks
   (unknown units, duplicate ids, ...) run even when other rows failed; issues about ids of rows
   that failed are left out (they would only repeat the row's own error).

The issues of all passes are raised together as one :class:`~placement.errors.ProblemError`;
nothing is returned unless there are none.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from placement.errors import Issue, ProblemError
from placement.io.cells import CellError, read_cell
from placement.io.layout import (
    CLIENTS,
    PREFERENCES,
    RESIDENTS,
    SERVICE_CLASSES,
    SETTING_KEYS,
    SETTINGS,
    UNITS,
)
from placement.io.places import MunicipalityNames, outside_finland
from placement.io.records import Record, read_records
from placement.io.table import CellIssue, Table, cell_issue
from placement.model import Client, Problem, Resident, ServiceClass, Unit
from placement.model.input import InputModel

__all__ = ["build_problem"]

_SETTING_KINDS = {"reference_date": "date", "horizon_days": "whole", "municipalities": "list"}
_PAIR = re.compile(r"^\s*(\d+)\s*=\s*(\d+)\s*$")


class _Reader:
    """State of one read: the records by sheet and the issues found so far."""

    def __init__(self, tables: Mapping[str, Table | None], check_region: bool) -> None:
        self.issues: list[CellIssue] = []
        self.check_region = check_region
        self.records: dict[str, list[Record]] = {}
        self.records_given = {key: tables.get(key) is not None for key in ("clients", "units")}
        self.sheet_names: dict[str, str] = {}
        for sheet in (CLIENTS, UNITS, RESIDENTS, PREFERENCES, SERVICE_CLASSES, SETTINGS):
            table = tables.get(sheet.key)
            self.sheet_names[sheet.key] = table.sheet if table is not None else sheet.key
            self.records[sheet.key] = (
                read_records(sheet, table, self.issues) if table is not None else []
            )
        self.failed_ids: set[str] = set()
        self.setting_rows: dict[str, Record] = {}
        self.rows: dict[tuple[str, str], list[Record]] = {}  # (sheet key, id) -> its records

    # -- helpers -------------------------------------------------------------------------------
    def validate(self, model: type[InputModel], data: dict[str, Any], record: Record) -> Any:
        """``model`` validated from ``data``, or ``None`` with its issues added by column."""
        try:
            return model.model_validate(data)
        except ProblemError as exc:
            for issue in exc.issues:
                self.issues.append(record.issue(_field_of(issue.path), issue.message, issue.hint))
            return None

    def _remember(self, key: str, record: Record) -> None:
        ident = record.values.get("id")
        if isinstance(ident, str):
            self.rows.setdefault((key, ident), []).append(record)
            if record.failed:
                self.failed_ids.add(ident)

    # -- settings ------------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for record in self.records["settings"]:
            key = str(record.values.get("key", "")).strip().lower()
            if key not in SETTING_KEYS:
                if "key" in record.values:
                    self.issues.append(
                        record.issue("key", "unknown setting", f"use one of {list(SETTING_KEYS)}")
                    )
                continue
            if key in self.setting_rows:
                self.issues.append(record.issue("key", "setting given twice", "keep one row"))
                continue
            self.setting_rows[key] = record
            raw = record.values.get("value")
            if raw is None:
                continue
            try:
                out[key] = _setting(key, raw)
            except CellError as exc:
                self.issues.append(record.issue("value", exc.message, exc.hint))
        if (
            "reference_date" in self.setting_rows
            and "value" not in self.setting_rows["reference_date"].values
        ):
            record = self.setting_rows["reference_date"]
            self.issues.append(record.issue("value", "is empty", "give the day, e.g. 2025-01-31"))
        elif "reference_date" not in self.setting_rows:
            self.issues.append(
                cell_issue(
                    self.sheet_names["settings"],
                    None,
                    None,
                    "reference_date",
                    "the reference date is not given",
                    "add a settings row: reference_date, e.g. 2025-01-31",
                )
            )
        return out

    # -- municipalities and places -------------------------------------------------------------
    def municipalities(self, settings: Mapping[str, Any]) -> MunicipalityNames:
        given = settings.get("municipalities")
        if given is not None:
            return MunicipalityNames(given, strict=True)
        names = [
            r.values["municipality"] for r in self.records["units"] if "municipality" in r.values
        ]
        return MunicipalityNames(names, strict=False)

    def place(self, record: Record, names: MunicipalityNames) -> None:
        """Resolve the record's municipality names and check its point, in place."""
        for name in ("municipality", "acceptable_municipalities"):
            if name not in record.values:
                continue
            value = record.values[name]
            resolved = []
            for item in value if isinstance(value, tuple) else (value,):
                found, hint = names.resolve(item)
                if found is None:
                    self.issues.append(record.issue(name, f"unknown municipality '{item}'", hint))
                    record.failed = True
                else:
                    resolved.append(found)
            record.values[name] = (
                tuple(resolved) if isinstance(value, tuple) else resolved[0] if resolved else value
            )
        lat, lon = record.values.get("lat"), record.values.get("lon")
        if self.check_region and lat is not None and lon is not None:
            found_outside = outside_finland(lat, lon)
            if found_outside:
                self.issues.append(record.issue("lat", *found_outside))
                record.failed = True

    # -- rows to models ------------------------------------------------------------------------
    def service_classes(self) -> list[ServiceClass] | None:
        if not self.records["service_classes"]:
            return None
        out = []
        for record in self.records["service_classes"]:
            self._remember("service_classes", record)
            if not record.failed:
                made = self.validate(ServiceClass, dict(record.values), record)
                if made is not None:
                    out.append(made)
                    continue
            self.failed_ids.add(str(record.values.get("id", "")))
        return out

    def residents(self) -> dict[str, list[Resident]]:
        by_unit: dict[str, list[Resident]] = {}
        for record in self.records["residents"]:
            self._remember("residents", record)
            values = dict(record.values)
            unit = values.pop("unit", None)
            if not record.failed:
                made = self.validate(Resident, values, record)
                if made is not None and unit is not None:
                    by_unit.setdefault(unit, []).append(made)
                    continue
            self.failed_ids.add(str(values.get("id", "")))
        return by_unit

    def units(self, residents: dict[str, list[Resident]], names: MunicipalityNames) -> list[Unit]:
        out = []
        for record in self.records["units"]:
            self.place(record, names)
            self._remember("units", record)
            values = dict(record.values)
            if not record.failed:
                _point(values)
                values["composition"] = [
                    {"tag": t, "at_most": n} for t, n in values.pop("composition", ())
                ]
                values["incumbents"] = residents.pop(values.get("id", ""), [])
                made = self.validate(Unit, values, record)
                if made is not None:
                    out.append(made)
                    continue
            self.failed_ids.add(str(values.get("id", "")))
        for unit_id in residents:  # residents of units that are not in the units sheet
            if unit_id not in self.failed_ids and self.records_given["units"]:
                for resident in residents[unit_id]:
                    record = self.rows[("residents", resident.id)][0]
                    self.issues.append(
                        record.issue(
                            "unit", f"unknown unit '{unit_id}'", "use a unit id of the units sheet"
                        )
                    )
        return out

    def preferences(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        out: dict[str, tuple[tuple[str, ...], ...]] = {}
        for record in self.records["preferences"]:
            client = record.values.get("client")
            if client is None:
                continue
            self.rows.setdefault(("preferences", client), []).append(record)
            if record.failed:
                self.failed_ids.add(client)
            out[client] = out.get(client, ()) + record.values.get("preferences", ())
        return out

    def clients(self, preferences: dict[str, Any], names: MunicipalityNames) -> list[Client]:
        out = []
        known = set()
        for record in self.records["clients"]:
            self.place(record, names)
            self._remember("clients", record)
            values = dict(record.values)
            known.add(values.get("id"))
            if not record.failed:
                _point(values)
                if values.get("id") in preferences:
                    values["preferences"] = preferences[values["id"]]
                made = self.validate(Client, values, record)
                if made is not None:
                    out.append(made)
                    continue
            self.failed_ids.add(str(values.get("id", "")))
        for client, record in ((k[1], r[0]) for k, r in self.rows.items() if k[0] == "preferences"):
            if client not in known:
                self.issues.append(
                    record.issue(
                        "client",
                        f"unknown client '{client}'",
                        "use a client id of the clients sheet",
                    )
                )
        return out


def _point(values: dict[str, Any]) -> None:
    values["location"] = {"lat": values.pop("lat", None), "lon": values.pop("lon", None)}


def _field_of(path: str) -> str:
    """The column a model's issue path points at: ``location.lat`` -> ``lat``."""
    head, _, rest = path.partition(".")
    head = head.split("[")[0]
    if head == "location":
        return rest.split(".")[0] or "lat"
    if head == "needs" and rest:
        return f"needs.{rest.split('.')[0]}"
    return head


def _setting(key: str, raw: Any) -> Any:
    if key in _SETTING_KINDS:
        return read_cell(_SETTING_KINDS[key], raw)
    if key == "weights.urgency":
        pairs = {}
        for item in str(raw).split(";"):
            found = _PAIR.match(item)
            if not found:
                raise CellError("is not a list of level=weight", "write 1=1; 2=2; 3=4")
            pairs[int(found.group(1))] = int(found.group(2))
        return pairs
    if key.startswith("weights."):
        return read_cell("number", raw)
    if key == "needs_mapping":
        try:
            return json.loads(str(raw))
        except ValueError:
            raise CellError("is not valid JSON", "give the needs mapping as JSON text") from None
    return read_cell("text", raw)


_PATH = re.compile(r"^(clients|units|residents|service_classes)\[([^\]]*)\](.*)$")
_QUOTED = re.compile(r"'([^']*)'")
_STAND_IN_DAY = dt.date(2100, 1, 1)


def build_problem(tables: Mapping[str, Table | None], *, check_region: bool = True) -> Problem:
    """The problem the tables describe; raise one ProblemError with every issue.

    Parameters
    ----------
    tables : mapping of str to Table or None
        By sheet key (``clients``, ``units``, ``residents``, ``preferences``,
        ``service_classes``, ``settings``); ``None`` or absent for a sheet not given.
    check_region : bool
        Refuse points outside Finland's bounding box (default ``True``).
    """
    reader = _Reader(tables, check_region)
    for key in ("clients", "units"):
        if tables.get(key) is None:
            reader.issues.append(
                cell_issue(
                    key, None, None, "", f"the {key} sheet is missing", f"add a sheet named '{key}'"
                )
            )
    settings = reader.settings()
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
        raise ProblemError(_unique(issues), what="workbook")
    return problem


def _validate(reader: _Reader, data: dict[str, Any], stand_in: bool) -> Problem | None:
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
            issues += [
                i for i in again.issues if not ("needs_mapping" in settings and ".needs." in i.path)
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


def _locate(reader: _Reader, issue: Issue, stand_in: bool) -> list[CellIssue]:
    """A problem-level issue as cell issues; none if it only echoes a failed row."""
    quoted = set(_QUOTED.findall(issue.message))
    tail = issue.path.rsplit(".", 1)[-1]
    if quoted & reader.failed_ids or tail in reader.failed_ids:
        return []
    if stand_in and tail in ("queued_since", "leaves_on"):
        return []
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
    field = _field_of(rest.lstrip("."))
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
