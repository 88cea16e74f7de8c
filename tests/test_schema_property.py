"""The problem schema tells the truth (issue 23, acceptance 6).

Every document generated from it by hypothesis-jsonschema is accepted by the library, or
refused only by a cross-reference rule (docs/model.md, "Validation"): an id that names no unit,
client, class, domain or municipality of the document; a queue date after the reference date;
a client who accepts only ranked units but ranks none; a needs mapping the ladder cannot serve.
JSON Schema can state the last two only with conditionals, which make generated documents too
rare to test. Every field-level rule (types, ranges, lengths, printable ids, mapping keys,
dates, schema versions, non-empty preference groups) is in the schema.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

import placement as pl
from placement.errors import ProblemError

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "docs" / "schemas" / "problem.schema.json").read_text("utf-8")
)
CROSS_REFERENCE = re.compile(
    r"^(unknown (client|unit|service class|needs domain|domain|municipality|client or resident)\b"
    r"|duplicate (client|unit|service-class) id"
    r"|id used by more than one resident or client"
    r"|two classes share level"
    r"|no service class has level \d+ or above"
    r"|'.*' is not in the problem's municipalities"
    r"|is after the reference date"
    r"|resident left before the reference date"
    r"|age_min is above age_max"
    r"|level \d+ has no weight"
    r"|unit '.*' is (ranked more than once|both ranked and excluded|both pinned and forbidden)"
    r"|accepts ranked units only but ranks none"
    r"|client is (linked|incompatible) with itself"
    r"|linked group of \d+ .* is larger than any unit"
    r"|'.*' is in the same linked group)"
)
"""The messages of placement/model/validation.py: every cross-reference rule, and only those."""


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(document=from_schema(SCHEMA))
def test_every_schema_valid_problem_is_accepted_or_refused_by_a_cross_reference(
    document: dict[str, object],
) -> None:
    try:
        pl.Problem.model_validate(document)
    except ProblemError as refused:
        for issue in refused.issues:
            assert CROSS_REFERENCE.search(issue.message), (issue.path, issue.message)


def test_the_property_had_power() -> None:
    """The schema really carries the field rules: LUVN is valid, but a needs key with a control
    character, an empty preference group, a date in year 2500 and an old version are not."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(SCHEMA)
    base = json.loads(pl.datasets.load("luvn").model_dump_json())
    assert validator.is_valid(base)
    broken_key = json.loads(json.dumps(base))
    broken_key["clients"][0]["needs"] = {"mobility\x07": 2}
    empty_group = json.loads(json.dumps(base))
    empty_group["clients"][0]["preferences"] = [[]]
    far_date = {**base, "reference_date": "2500-01-01"}
    old = {**base, "schema_version": "0.9"}
    for document in (broken_key, empty_group, far_date, old):
        assert not validator.is_valid(document)
