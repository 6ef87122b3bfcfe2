import doctest
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import outsourcing
from outsourcing import CATALOGUE, PUBLISHED

ROOT = Path(__file__).parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(outsourcing.__path__, "outsourcing.") if m.name
)


@pytest.fixture
def few_examples() -> Iterator[None]:
    """Run the examples' own Hypothesis tests on fewer examples: they show, the suite tests."""
    profile = settings.get_current_profile_name()
    settings.register_profile("docs", settings.get_profile(profile), max_examples=20)
    settings.load_profile("docs")
    try:
        yield
    finally:
        settings.load_profile(profile)


@pytest.mark.usefixtures("few_examples")
@pytest.mark.parametrize(
    "page",
    [
        # its Hypothesis tests make most of a run of the page: several seconds, so slow
        pytest.param(p, marks=pytest.mark.slow) if p.name == "property-testing.md" else p
        for p in PAGES
    ],
    ids=[p.name for p in PAGES],
)
def test_code_on_each_page_runs(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every ```python block of a page runs, in order, in one namespace: the docs cannot rot."""
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(FENCE.findall(page.read_text(encoding="utf-8")), 1):
        code = compile(block, f"{page.name} (python block {number})", "exec")
        exec(code, namespace)  # noqa: S102 - running our own documentation is the point
    capsys.readouterr()


@pytest.mark.usefixtures("few_examples")
@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module: str) -> None:
    """The >>> examples in every module's docstrings give the output they show."""
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert 0 == result.failed


def test_rule_set_table_lists_the_published_set_with_its_severities() -> None:
    """The rule-set table of docs/rules.md has PUBLISHED's rules at their severities, no more."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([A-Z_]+)` \| (error|warning) \| (error|warning) \|$", text, re.MULTILINE
    )
    assert [(r.code, CATALOGUE[r.code].severity.value, r.severity.value) for r in PUBLISHED] == rows


def test_catalogue_page_lists_every_rule_with_its_severity() -> None:
    """docs/rules.md has one table row per built-in rule, with the catalogue's severity."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| (error|warning) \|", text, re.MULTILINE))
    assert {code: r.severity.value for code, r in CATALOGUE.items()} == rows
