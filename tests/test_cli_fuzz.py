"""The command line never prints a traceback, whatever document it is given."""

from __future__ import annotations

import contextlib
import io
import json as std
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import example_contract, json
from outsourcing._cli import main

DOCUMENT: dict[str, Any] = json.to_dict(example_contract())
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    # Dates far from the term are left to test_edges, with short terms: a term of thousands of
    # years has tens of thousands of KPI windows to report on, which only takes time.
    | st.sampled_from(["", "0", "-1", "1E+2", "2027-02-29", "2026-09-07", "EUR", "M-99", "D-01"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


PLACES = _places(DOCUMENT)[1:]


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """The example document with a few values replaced, dropped or copied from elsewhere."""
    document = std.loads(std.dumps(DOCUMENT))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PLACES))
        node = document
        try:
            for step in path[:-1]:
                node = node[step]
            how = draw(st.sampled_from(["replace", "drop", "copy"]))
            if how == "drop" and isinstance(node, dict):
                node.pop(path[-1], None)
            elif how == "copy":  # a value that is valid somewhere else, such as an id or a date
                source = draw(st.sampled_from(PLACES))
                value: Any = DOCUMENT
                for step in source:
                    value = value[step]
                node[path[-1]] = std.loads(std.dumps(value))
            else:
                node[path[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place
    text = std.dumps(document)
    if draw(st.booleans()):  # and sometimes the text itself: cut, or a byte changed
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", "}", '"', "\\ud800", "\x00"])) + text[at + 1 :]
    return text


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, err.getvalue()


@pytest.mark.slow
@settings(max_examples=150)  # a few seconds; run with thousands once when the CLI changes
@given(mutated_documents(), st.sampled_from(["2026-11-22", "0001-01-01", "9999-12-31"]))
def test_report_and_validate_never_raise_on_mutated_documents(text: str, as_of: str) -> None:
    """Every mutated document gets an exit status of 0, 1 or 2 from each command, no traceback."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contract.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for argv in (
            ["validate", str(path)],
            ["validate", "--format", "json", "--as-of", as_of, str(path)],
            ["report", str(path)],
            ["report", str(path), "--as-of", as_of],
            ["report", str(path), "--as-of", as_of, "--format", "markdown"],
            ["report", str(path), "--as-of", as_of, "--format", "json"],
        ):
            status, err = _run(argv)
            assert status in {0, 1, 2}, argv
            assert "Traceback" not in err


def _spoilt(change: str) -> str:
    document = std.loads(std.dumps(DOCUMENT))
    if change == "mixed currencies":
        document["milestones"][5]["payment"]["currency"] = "EUR"
    elif change == "dangling go-live":
        document["support"]["go_live_milestone_id"] = "M-99"
    elif change == "open-ended term":
        document["term"]["end"] = "9999-12-31"
    elif change == "bad title":
        document["title"] = 5
    text = std.dumps(document)
    return text[: len(text) // 2] if change == "cut short" else text


@pytest.mark.slow
@pytest.mark.parametrize(
    "change", ["mixed currencies", "dangling go-live", "open-ended term", "bad title", "cut short"]
)
def test_report_and_validate_never_print_a_traceback_in_a_real_process(
    change: str, tmp_path: Path
) -> None:
    """A handful of spoilt documents through the real command, as a user runs it."""
    path = tmp_path / "contract.json"
    path.write_text(_spoilt(change), encoding="utf-8")
    for argv in (["validate", str(path)], ["report", str(path), "--as-of", "9999-12-31"]):
        done = subprocess.run(  # noqa: S603 - our own command, on our own file
            [sys.executable, "-m", "outsourcing", *argv],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode in {0, 1, 2}
        assert "Traceback" not in done.stderr
