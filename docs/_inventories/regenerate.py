"""Write the intersphinx inventories that the docs build reads, so it needs no network.

The docs are built with ``nitpicky = True``: every cross-reference must resolve, including those to
Python, attrs, Hypothesis and dateutil. Instead of downloading those projects' whole inventories at
build time, this script writes small ones next to it, listing only the targets the docs refer to,
each with its address in that project's real documentation. Run it after a docstring or page starts
referring to something new outside this project (the build then says which target it cannot find):

    .venv/bin/python docs/_inventories/regenerate.py

and add the target to ``TARGETS`` below, with the page and anchor where its project documents it.
"""

from __future__ import annotations

import io
import posixpath
import zlib
from pathlib import Path

from sphinx.util.inventory import InventoryFile

HERE = Path(__file__).parent

# name: (project, version, base URL (also in docs/conf.py), [(object, domain:role, page#anchor)])
# An anchor equal to the object's name is written "$", as Sphinx writes it.
TARGETS: dict[str, tuple[str, str, str, list[tuple[str, str, str]]]] = {
    "python": (
        "Python",
        "3",
        "https://docs.python.org/3/",
        [
            ("collections.abc.Callable", "py:class", "library/collections.abc.html#$"),
            ("collections.abc.Iterable", "py:class", "library/collections.abc.html#$"),
            ("collections.abc.Iterator", "py:class", "library/collections.abc.html#$"),
            ("collections.abc.Mapping", "py:class", "library/collections.abc.html#$"),
            ("collections.abc.Sequence", "py:class", "library/collections.abc.html#$"),
            ("datetime.date", "py:class", "library/datetime.html#$"),
            ("datetime.datetime", "py:class", "library/datetime.html#$"),
            ("datetime.time", "py:class", "library/datetime.html#$"),
            ("datetime.timedelta", "py:class", "library/datetime.html#$"),
            ("decimal.Decimal", "py:class", "library/decimal.html#$"),
            ("enum.Enum", "py:class", "library/enum.html#$"),
            ("gc.freeze", "py:function", "library/gc.html#$"),
            ("json", "py:module", "library/json.html#module-json"),
            ("json.load", "py:function", "library/json.html#$"),
            ("os.PathLike", "py:class", "library/os.html#$"),
            ("pathlib.Path", "py:class", "library/pathlib.html#$"),
            ("str.splitlines", "py:method", "library/stdtypes.html#$"),
        ],
    ),
    "attrs": (
        "attrs",
        "stable",
        "https://www.attrs.org/en/stable/",
        [
            ("attrs.evolve", "py:function", "api.html#$"),
        ],
    ),
    "pyarrow": (
        "Apache Arrow",
        "stable",
        "https://arrow.apache.org/docs/",
        [
            ("pyarrow.Schema", "py:class", "python/generated/pyarrow.Schema.html#$"),
            ("pyarrow.Table", "py:class", "python/generated/pyarrow.Table.html#$"),
        ],
    ),
    "hypothesis": (
        "Hypothesis",
        "latest",
        "https://hypothesis.readthedocs.io/en/latest/",
        [
            ("hypothesis.strategies.SearchStrategy", "py:class", "reference/strategies.html#$"),
        ],
    ),
    "dateutil": (
        "dateutil",
        "stable",
        "https://dateutil.readthedocs.io/en/stable/",
        [
            ("dateutil.rrule.rrule", "py:class", "rrule.html#$"),
            ("dateutil.rrule.rrulestr", "py:function", "rrule.html#$"),
        ],
    ),
}


def write(name: str) -> Path:
    """Write ``<name>.inv`` in Sphinx's inventory format (version 2); read it back with Sphinx."""
    project, version, base, targets = TARGETS[name]
    body = "".join(
        f"{target} {role} 1 {location} -\n" for target, role, location in sorted(targets)
    )
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path = HERE / f"{name}.inv"
    path.write_bytes(header.encode() + zlib.compress(body.encode(), 9))
    read = InventoryFile.load(io.BytesIO(path.read_bytes()), base, posixpath.join)
    for target, role, location in targets:
        item = read[role][target]
        uri = item.uri if hasattr(item, "uri") else item[2]  # a tuple before Sphinx 8.2
        if uri != base + location.replace("$", target):
            raise RuntimeError(f"{name}.inv: Sphinx reads {target} as {uri}")
    return path


if __name__ == "__main__":
    for name in TARGETS:
        print(write(name).relative_to(HERE.parent.parent))  # noqa: T201 - says what it wrote
