"""The shape of the source tree: no module grows past what a reader can hold without a reason."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "outsourcing"
MAX_LINES = 800
REASON = "one piece"

MODULES = sorted(SRC.rglob("*.py"))


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _says_why(path: Path) -> bool:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return REASON in " ".join(docstring.split()).lower()


def test_the_tree_has_modules() -> None:
    """The walk below finds the package's modules (a wrong path would make it pass vacuously)."""
    assert SRC / "__init__.py" in MODULES
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(SRC).as_posix() for p in MODULES])
def test_module_is_short_or_says_why(path: Path) -> None:
    """A module over 800 lines says in its docstring why it must be "one piece"."""
    name = path.relative_to(SRC).as_posix()
    lines = _line_count(path)
    assert lines <= MAX_LINES or _says_why(path), (
        f"src/outsourcing/{name} has {lines} lines (limit {MAX_LINES}): split it by idea, or say "
        f"in its module docstring why it must be {REASON}"
    )
