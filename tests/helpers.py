"""Helpers for the tests: edit the example contract one piece at a time, and read reports.

Large contracts come from the benchmark's generator, ``benchmarks.synthetic.synthetic_contract``.
"""

from __future__ import annotations

from typing import Any

import attrs

from outsourcing import Contract, Report
from outsourcing._example import after_pilot_gate


def replace_at(items: tuple[Any, ...], index: int, **changes: Any) -> tuple[Any, ...]:
    """Return ``items`` with the item at ``index`` evolved by ``changes``."""
    return (*items[:index], attrs.evolve(items[index], **changes), *items[index + 1 :])


def example_with(**changes: Any) -> Contract:
    """Return the example contract with some top-level fields replaced."""
    return attrs.evolve(after_pilot_gate(), **changes)


def found(report: Report) -> list[tuple[str, str]]:
    """Return ``(code, path)`` of every violation, in report order."""
    return [(v.code, v.path) for v in report]
