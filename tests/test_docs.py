"""The documentation site: every public name has a reference entry, and the guides run.

The reference pages (``docs/reference/*.md``) are mkdocstrings directives (``::: path``). A
public name counts as documented when some directive resolves, through griffe (the loader
mkdocstrings itself uses), to the very object the name is at run time: a directive such as
``::: placement.check`` would document the *module* ``placement.check``, not the function
``pl.check``, and is caught here. A module directive documents the names its ``members:``
option lists.

The Python blocks of the tutorials and how-to guides run in order, in a fresh folder, as a
reader would run them (Ciw executes its tutorials the same way). Guides whose real sizes take
minutes run with smaller ones: each substitution below must still occur in its page, so a
changed page cannot silently escape it.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe
import matplotlib
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"

PUBLIC_MODULES = (
    "placement",
    "placement.datasets",
    "placement.io",
    "placement.explanations",
    "placement.simulate",
    "placement.pathway",
    "placement.kipina",
    "placement.plotting",
)
"""``placement`` and every module whose ``__all__`` the reference must cover."""

_DIRECTIVE = re.compile(r"^::: *(?P<path>\S+)[ \t]*\n(?P<options>(?:[ \t]+\S.*\n?)*)", re.M)


@dataclass(frozen=True)
class Directive:
    """One ``::: path`` of a reference page, with the members its options list."""

    page: str
    path: str
    members: tuple[str, ...]


def directives() -> list[Directive]:
    """Every mkdocstrings directive of the reference pages."""
    found = []
    for page in sorted(REFERENCE.glob("*.md")):
        for match in _DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            block = textwrap.dedent(match["options"]) if match["options"].strip() else ""
            options = (yaml.safe_load(block) or {}).get("options", {}) if block else {}
            members = options.get("members")
            listed = tuple(members) if isinstance(members, list) else ()
            found.append(Directive(page.name, match["path"], listed))
    return found


@pytest.fixture(scope="module")
def collection() -> griffe.ModulesCollection:
    """The package as mkdocstrings sees it: loaded statically from ``src``."""
    loader = griffe.GriffeLoader(search_paths=[str(ROOT / "src")], docstring_parser="numpy")
    loader.load("placement")
    return loader.modules_collection


def _documents(obj: Any, runtime: Any, name: str) -> bool:
    """Whether the griffe object ``obj`` documents ``runtime``, public under ``name``."""
    target = obj.final_target if obj.is_alias else obj
    if inspect.ismodule(runtime):
        return bool(target.is_module) and target.path == runtime.__name__
    qualname = getattr(runtime, "__qualname__", None)
    if (inspect.isclass(runtime) or inspect.isroutine(runtime)) and qualname:
        return bool(target.path == f"{runtime.__module__}.{qualname}")
    return bool(target.is_attribute) and target.name == name


def public_names() -> list[tuple[str, str]]:
    """``(module, name)`` for every name in the public modules' ``__all__``."""
    return [
        (module, name)
        for module in PUBLIC_MODULES
        for name in importlib.import_module(module).__all__
    ]


def test_every_directive_resolves(collection: griffe.ModulesCollection) -> None:
    """No reference page names an object that does not exist (a typo or a removed name)."""
    broken = []
    for d in directives():
        for path in (d.path, *(f"{d.path}.{m}" for m in d.members)):
            try:
                obj = collection[path]
                if obj.is_alias:
                    obj.final_target  # noqa: B018 - resolving is the check
            except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
                broken.append(f"{d.page}: ::: {path}")
    assert broken == []


def test_every_public_name_is_in_the_reference(collection: griffe.ModulesCollection) -> None:
    """Each name of ``placement.__all__`` and the adapters' ``__all__`` has its own entry."""
    paths = [p for d in directives() for p in (d.path, *(f"{d.path}.{m}" for m in d.members))]
    objects = {}
    for path in paths:
        try:
            objects[path] = collection[path]
        except KeyError:
            continue  # reported by test_every_directive_resolves
    missing = []
    for module, name in public_names():
        runtime = getattr(importlib.import_module(module), name)
        if not any(_documents(obj, runtime, name) for obj in objects.values()):
            missing.append(f"{module}.{name}")
    assert missing == [], "add a '::: path' for each to a page of docs/reference/"


def test_a_wrong_directive_is_not_counted(collection: griffe.ModulesCollection) -> None:
    """``::: placement.check`` is the module, not ``pl.check``; ``::: placement.Problem`` is it."""
    import placement as pl

    assert not _documents(collection["placement.check"], pl.check, "check")
    assert _documents(collection["placement.check.check"], pl.check, "check")
    assert _documents(collection["placement.Problem"], pl.Problem, "Problem")
    assert not _documents(collection["placement.Client"], pl.Problem, "Problem")


def _nav_pages(entries: Any) -> list[str]:
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, list):
        return [page for entry in entries for page in _nav_pages(entry)]
    if isinstance(entries, dict):
        return [page for value in entries.values() for page in _nav_pages(value)]
    return []


def test_every_page_is_in_the_navigation() -> None:
    """Every Markdown page under docs/ and every example notebook is in the site's navigation."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = set(_nav_pages(config["nav"]))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    notebooks = {f"examples/{p.name}" for p in (ROOT / "examples").glob("*.ipynb")}
    assert sorted((pages | notebooks) - nav) == []


# -- the guides run --------------------------------------------------------------------------

SMALLER: dict[str, dict[str, str]] = {
    "tutorial/first-placement.md": {},
    "tutorial/your-spreadsheet.md": {},
    "how-to/compare-policies.md": {},
    "how-to/side-rules.md": {},
    "how-to/explain-in-finnish.md": {},
    "how-to/track-cases.md": {},
    "how-to/serve.md": {},
    "how-to/plan-capacity.md": {
        "replications=100": "replications=2",
        "replications=20)": "replications=2)",
        "max_added=30": "max_added=4",
        "horizon_days=730": "horizon_days=365",
    },
    "how-to/estimate-wait.md": {"replications=200": "replications=3"},
    "how-to/kipina-week.md": {
        "kipina.load_week()": "SMALL_WEEK",
        # CP-SAT's deterministic time: the same search on any machine, however loaded.
        "time_limit=60, seed=0": "time_limit=0.1, deterministic=True, seed=0",
    },
    "how-to/dask.md": {
        "replications=100": "replications=2",
        "replications=200": "replications=2",
        "processes=True": "processes=False",
    },
}
"""Each guide that runs, with the substitutions that make it quick."""

_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def test_every_guide_runs_here() -> None:
    """Every tutorial and how-to guide is in the list of guides that run."""
    guides = {
        p.relative_to(DOCS).as_posix()
        for folder in ("tutorial", "how-to")
        for p in (DOCS / folder).glob("*.md")
    }
    assert guides == set(SMALLER)


_OUTPUT_BLOCK = re.compile(r"\s*```text\n(.*?)^```", re.M | re.S)
"""A ``text`` block right after a Python block: the output the page says it prints."""


def _shows(expected: str, printed: str) -> bool:
    """Whether ``printed`` is what ``expected`` shows: line ends ignored, ``...`` standing for
    anything (a measured time, a long table's middle)."""
    clean = "\n".join(line.rstrip() for line in printed.strip().splitlines())
    want = "\n".join(line.rstrip() for line in expected.strip().splitlines())
    pattern = ".*?".join(re.escape(part) for part in want.split("..."))
    return re.fullmatch(pattern, clean, re.S) is not None


def test_shown_output_is_compared_with_ellipses() -> None:
    assert _shows("placed 3 of 5\noptimal in ... s", "placed 3 of 5\noptimal in 0.02 s\n")
    assert not _shows("placed 3 of 5", "placed 4 of 5")


@pytest.mark.parametrize("page", sorted(SMALLER))
def test_guide_runs(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's Python blocks run in order in one namespace, in an empty folder."""
    matplotlib.use("Agg")
    text = (DOCS / page).read_text(encoding="utf-8")
    for old, new in SMALLER[page].items():
        assert old in text, f"{page} no longer has {old!r}: update SMALLER"
        text = text.replace(old, new)
    blocks = list(_PYTHON_BLOCK.finditer(text))
    assert blocks, f"{page} has no Python block"
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    if "SMALL_WEEK" in text:
        from placement.kipina.synthetic import synthetic_week

        namespace["SMALL_WEEK"] = synthetic_week(10, 10, 6, seed=1)
    try:
        for block in blocks:
            line = text.count("\n", 0, block.start(1))  # tracebacks name the page's lines
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile("\n" * line + block[1], str(DOCS / page), "exec"), namespace)
            shown = _OUTPUT_BLOCK.match(text, block.end())
            if shown is not None:  # the output the page shows is what the block prints
                assert _shows(shown[1], printed.getvalue()), (
                    f"{page} line {line}: the page shows\n{shown[1]}\nbut the block printed\n"
                    f"{printed.getvalue()}"
                )
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")


def _links_hook() -> Any:
    spec = importlib.util.spec_from_file_location("links_hook", DOCS / "_hooks" / "links.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_link_check_fails_on_a_planted_broken_link(tmp_path: Path) -> None:
    """The site's link check finds a notebook page's link to a missing page, and passes the
    links that resolve (a page, a page's folder, an image, an outside URL, an anchor)."""
    hook = _links_hook()
    site = tmp_path / "site"
    (site / "simulate").mkdir(parents=True)
    (site / "simulate" / "index.html").write_text("<p>notes</p>", encoding="utf-8")
    (site / "examples" / "planning").mkdir(parents=True)
    (site / "examples" / "logo.png").write_bytes(b"")
    page = site / "examples" / "planning" / "index.html"
    good = '<a href="../../simulate/#reading">x</a><img src="../logo.png"><a href="#top">t</a>'
    page.write_text(good + '<a href="https://example.org/x">o</a>', encoding="utf-8")
    assert hook.broken_links(site) == []
    page.write_text(good + '<a href="../docs/simulate.md">planted</a>', encoding="utf-8")
    assert hook.broken_links(site) == ["examples/planning/index.html: ../docs/simulate.md"]


def test_notebook_links_to_the_notes_are_rewritten_for_the_site() -> None:
    hook = _links_hook()

    class _File:
        src_uri = "examples/capacity_planning.ipynb"

    class _Page:
        file = _File()
        url = "examples/capacity_planning/"

    html = '<a href="../docs/simulate.md#reading-the-figures">notes</a>'
    assert hook.on_post_page(html, _Page(), {}) == (
        '<a href="../../simulate/#reading-the-figures">notes</a>'
    )
