"""The service face: an HTTP API (FastAPI, OpenAPI 3.1 under ``/v1``) for county systems that
are not Python. Install the ``service`` extra; run it with ``placement serve``. See
``docs/service.md``."""

__all__: list[str] = []
