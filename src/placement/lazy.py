"""Lazy exports for packages: a name is imported from its module on first use.

The adapters (``placement.kipina``, ``placement.pathway``, ``placement.simulate``) re-export
their public names this way, so that importing one of their light modules (a command's
definition, say) does not import CP-SAT, SQLAlchemy, scipy or pandas with the whole package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["exports"]


def exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping of str to str
        Each public name to the submodule (relative to ``package``) that defines it.

    Returns
    -------
    tuple of callables
        Assign them to the package's ``__getattr__`` and ``__dir__``.
    """

    def attribute(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        setattr(sys.modules[package], name, value)  # found once, then a plain attribute
        return value

    def listing() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return attribute, listing
