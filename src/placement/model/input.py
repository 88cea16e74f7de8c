"""Input models that fail with one :class:`~placement.errors.ProblemError`, never pydantic's error.

Every top-level input (a housing problem, a Kipinä week, a stage graph) and every public model
a user may build directly (``Client``, ``Unit``, ``Point``, ``Result``, ...) derives from
:class:`InputModel`: constructing or validating it from data or JSON reports every issue at once,
with paths that name list items by their ``id`` (``clients[c017].preferences``) and a hint, and
never pydantic's ``input_value`` (which would echo needs scores into logs).
Cross-reference checks run as ``model_validator(mode="after")`` methods that raise a
``ProblemError``; its issues are passed through unchanged.

JSON text and files are read by :func:`parse_json` and :func:`read_json_file` (module
:mod:`placement.model.json_text`), which every JSON input of the library goes through.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from placement.errors import Issue, ProblemError
from placement.model.json_text import MAX_JSON_DEPTH, parse_json, read_json_file
from placement.schemas import standard_keywords

__all__ = [
    "MAX_JSON_DEPTH",
    "InputModel",
    "as_model",
    "parse_json",
    "problem_error",
    "read_json_file",
]


class InputModel(BaseModel):
    """A pydantic model whose construction and validation raise :class:`ProblemError`.

    Attributes
    ----------
    input_name : ClassVar[str]
        What the input is called in error messages ("problem", "week", ...).
    """

    model_config = ConfigDict(defer_build=True)  # schemas are built on first use, not at import
    input_name: ClassVar[str] = "input"

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise problem_error(exc, data, self.input_name) from None

    # Nested inside another model, validate as pydantic does (so errors keep their full path
    # and are converted once, at the top); pydantic calls a custom __init__ otherwise.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        # Assigning to a frozen model is pydantic's ValidationError, which echoes the value.
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise problem_error(exc, {}, self.input_name) from None

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema, its bounds in standard keywords (:func:`standard_keywords`)."""
        schema: dict[str, Any] = standard_keywords(super().model_json_schema(*args, **kwargs))
        return schema

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate a mapping; raise :class:`ProblemError` listing every issue."""
        if not isinstance(obj, Mapping | cls):
            issue = Issue(
                "$",
                f"expected an object (a mapping of fields) at the top level, got {_kind(obj)}",
                f"give the {cls.input_name} as one JSON object {{...}}",
            )
            raise ProblemError([issue], what=cls.input_name)
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            raise problem_error(exc, obj, cls.input_name) from None

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, *, source: str = "$", **kwargs: Any
    ) -> Self:
        """Validate JSON text; raise :class:`ProblemError` listing every issue.

        The text is parsed by :func:`parse_json`: invalid UTF-8, invalid JSON, duplicate keys
        and nesting deeper than :data:`MAX_JSON_DEPTH` are refused with their position.

        Parameters
        ----------
        json_data : str or bytes
            The JSON text.
        source : str
            What to call the text in messages, e.g. its file name (default ``$``, the whole text).
        """
        data = bytes(json_data) if isinstance(json_data, bytearray) else json_data
        return cls.model_validate(parse_json(data, source, cls.input_name), **kwargs)

    @classmethod
    def from_json_file(cls, path: str | os.PathLike[str]) -> Self:
        """Read and validate a JSON file; raise :class:`ProblemError` naming the file."""
        return cls.model_validate(read_json_file(path, cls.input_name))


_M = TypeVar("_M", bound=InputModel)


def as_model(value: object, cls: type[_M], argument: str) -> _M:
    """An API function's argument as a ``cls``: itself, or validated from a mapping.

    Anything else (a Problem passed where a Result is expected, say) is refused with one
    :class:`ProblemError` naming the argument and the two types, never the value's content.

    Parameters
    ----------
    value : object
        What the caller passed.
    cls : type
        The model expected (:class:`~placement.Problem`, :class:`~placement.Result`, ...).
    argument : str
        The parameter's name, for the message.
    """
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        return cls.model_validate(value)
    issue = Issue(
        argument,
        f"expected a {cls.__name__}, got {_kind(value)}",
        f"pass the {cls.__name__} itself (or a mapping of its fields)",
    )
    raise ProblemError([issue], what="arguments")


def _kind(obj: Any) -> str:
    """Name a value's JSON kind for a message, never its content."""
    if obj is None:
        return "null"
    if isinstance(obj, bool):
        return "a boolean"
    if isinstance(obj, int | float):
        return "a number"
    if isinstance(obj, str):
        return "a string"
    if isinstance(obj, list | tuple):
        return "a list"
    return f"a {type(obj).__name__}"


def problem_error(exc: ValidationError, raw: Any, what: str = "problem") -> ProblemError:
    """Turn pydantic's error into a ProblemError whose paths name ids, not list positions.

    Issues a validator raised as a :class:`ProblemError` (cross-reference checks) are kept as
    they are.
    """
    issues: list[Issue] = []
    for error in exc.errors():
        nested = error.get("ctx", {}).get("error")
        if isinstance(nested, ProblemError):
            issues.extend(nested.issues)
            continue
        message = _MESSAGES.get(error["type"], error["msg"])
        issues.append(Issue(_path(error["loc"], raw), message, _HINTS.get(error["type"], "")))
    return ProblemError(issues, what=what)


_MESSAGES = {
    "int_parsing_size": "is far too large a number",
    "string_too_long": "is too long: ids have at most 64 characters, names 200",
    "string_pattern_mismatch": "holds a control character (a tab, a line break, NUL)",
}
"""Messages of our own where pydantic's would show its internals (a regular expression)."""

_HINTS = {
    "int_parsing_size": "check the value; it is beyond any count or limit placement accepts",
    "finite_number": "write a finite number",
    "string_too_long": "shorten it; an id is a short code such as c00042",
    "string_pattern_mismatch": "remove tabs and line breaks",
    "missing": "add the field",
    "extra_forbidden": "remove the field or check its spelling",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_type": "write dates as YYYY-MM-DD",
    "greater_than": "use a larger value",
    "greater_than_equal": "use a larger value",
    "less_than": "use a smaller value",
    "less_than_equal": "use a smaller value",
    "too_short": "give at least one item",
    "string_too_short": "give a non-empty text",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "float_parsing": "write a number",
    "bool_parsing": "write true or false",
    "not_a_number": "write a finite number",
    "infinite_number": "write a finite number",
    "bool_not_number": "write a number, not true or false",
    "date_not_number": "write dates as YYYY-MM-DD",
    "date_out_of_range": "check the year",
    "empty_preference_group": "remove the empty group",
    "needs_score_range": "rescore on the 0-4 scale",
    "model_type": "give an object {...} with the fields",
    "frozen_instance": "models are immutable: make a changed copy with model_copy(update=...)",
    "dict_type": "give an object {...}",
    "list_type": "give a list [...]",
    "tuple_type": "give a list [...]",
}


def _path(loc: tuple[int | str, ...], raw: Any) -> str:
    """Render a pydantic location, naming list items by their ``id`` where they have one."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list | tuple) and key < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{ident if ident else f'#{key}'}]"]
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "$"
