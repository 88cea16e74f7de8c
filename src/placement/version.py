"""The library's version, in a module of its own so that any layer can read it.

``placement.__version__`` re-exports it; the audit records and the waiting-time estimates
read it from here without importing the package's ``__init__`` (and with it the whole core).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
"""The installed release of placement (``MAJOR.MINOR.PATCH``); ``pyproject.toml`` agrees."""
