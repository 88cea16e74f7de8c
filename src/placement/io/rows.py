"""Rows to models: each row validated by its own pydantic model, issues by cell.

Pass 2 of reading (see :mod:`placement.io.assemble`): settings, municipality names, points,
then service classes, residents, units, preferences and clients, each row on its own, so a field
error names its cell and never stops the other rows.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from placement.errors import ProblemError
from placement.io.cells import CellError, read_cell
from placement.io.needs_sheet import NEEDS_RULES, domains_of
from placement.io.places import MunicipalityNames, far_from_municipality, outside_finland
from placement.io.records import Record, read_records
from placement.io.sheets import (
    CLIENTS,
    PREFERENCES,
    RESIDENTS,
    SERVICE_CLASSES,
    SETTING_KEYS,
    SETTINGS,
    UNITS,
)
from placement.io.table import CellIssue, Table, cell_issue
from placement.model import Client, Resident, ServiceClass, Unit
from placement.model.input import InputModel

__all__ = ["RowReader", "field_of"]

_SETTING_KINDS = {"reference_date": "date", "horizon_days": "whole", "municipalities": "list"}
_PAIR = re.compile(r"^\s*(\d+)\s*=\s*(\d+)\s*$")


_log = logging.getLogger("placement")


class RowReader:
    """State of one read: the records by sheet and the issues found so far."""

    def __init__(self, tables: Mapping[str, Table | None], check_region: bool) -> None:
        self.issues: list[CellIssue] = []
        self.check_region = check_region
        self.records: dict[str, list[Record]] = {}
        self.records_given = {key: tables.get(key) is not None for key in ("clients", "units")}
        self.sheet_names: dict[str, str] = {}
        for sheet in (
            CLIENTS,
            UNITS,
            RESIDENTS,
            PREFERENCES,
            SERVICE_CLASSES,
            NEEDS_RULES,
            SETTINGS,
        ):
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
                self.issues.append(record.issue(field_of(issue.path), issue.message, issue.hint))
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
            elif isinstance(record.values.get("municipality"), str):
                far = far_from_municipality(record.values["municipality"], lat, lon)
                if far:  # a warning: a unit may serve from across a border
                    _log.warning("%s", record.issue("lat", *far))

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

    def needs_mapping(self) -> dict[str, Any] | None:
        """The needs-mapping sheet's rules as a mapping's data, or ``None`` without rows."""
        records = self.records["needs_mapping"]
        if not records:
            return None
        rules = [
            {k: v for k, v in r.values.items() if v is not None} for r in records if not r.failed
        ]
        used = [d for r in self.records["clients"] for d in (r.values.get("needs") or {})]
        return {"domains": domains_of((str(r.get("domain")) for r in rules), used), "rules": rules}

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


def field_of(path: str) -> str:
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
