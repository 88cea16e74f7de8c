"""MkDocs hook: notebook links that work on the site, and a check of every internal link.

The example notebooks link to the design notes as ``../docs/NAME.md``, which works beside them in
the repository and in JupyterLab; on the site the notebook is a page of its own, so those links
are rewritten to the notes' pages. After the build, every relative ``href`` and ``src`` of every
page (notebook pages included) must name a file of the site, or the build fails listing them:
``mkdocs build --strict`` checks Markdown links, not rendered notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError

_NOTE = re.compile(r'href="\.\./docs/([\w./-]+?)\.md(#[^"]*)?"')
_LINK = re.compile(r'(?:href|src)="([^"]+)"')


def on_post_page(output: str, page: Any, config: Any) -> str:
    """On a notebook page, point ``../docs/NAME.md`` links at the site's pages."""
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    up = "../" * page.url.rstrip("/").count("/") + ("../" if page.url.endswith("/") else "")
    return _NOTE.sub(lambda m: f'href="{up}{m.group(1)}/{m.group(2) or ""}"', output)


def broken_links(site: Path) -> list[str]:
    """Every relative link of the built ``site`` that names no file, as ``page: link``."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for link in _LINK.findall(text):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path or link.startswith(("#", "/")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
    return broken


def on_post_build(config: Any) -> None:
    """Fail the build on any broken internal link."""
    broken = broken_links(Path(config["site_dir"]))
    if broken:
        shown = "\n  ".join(broken[:50])
        raise PluginError(f"{len(broken)} broken internal links:\n  {shown}")
