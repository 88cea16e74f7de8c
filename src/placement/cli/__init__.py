"""The ``placement`` command line, the face of the library for shells and other languages.

:mod:`placement.cli.core` holds the app and the core's commands; each adapter's commands
(``pathway``, ``schedule``, ``simulate``) and the explanations' (``explain``, ``diagnose``)
have a module of their own here, and :mod:`placement.cli.common` what they all share.
"""

from placement.cli.core import app, main

__all__ = ["app", "main"]
