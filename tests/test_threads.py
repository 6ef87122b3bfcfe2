"""Under threads, the library's caches and its pause of the garbage collector stay correct."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest

from helpers import example_with, replace_at
from outsourcing import Money, example_contract, json
from outsourcing._io import convert, fastdump


def test_a_plan_being_built_is_not_used_by_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first dumps() while another thread builds the plans writes decimals in plain notation."""
    monkeypatch.setattr(fastdump, "_plans", {})
    contract = example_with(
        milestones=replace_at(
            example_contract().milestones, 5, payment=Money(Decimal("1E+2"), "NOK")
        )
    )
    building, other_started = threading.Event(), threading.Event()
    real = convert.field_types

    def slow_field_types(cls: type) -> dict[str, Any]:
        if threading.current_thread().name == "builder":
            building.set()
            other_started.wait(timeout=0.5)  # the other thread dumps while this one builds
        return real(cls)

    monkeypatch.setattr(convert, "field_types", slow_field_types)
    builder = threading.Thread(target=json.dumps, args=(contract,), name="builder")
    builder.start()
    building.wait(timeout=2)
    other_started.set()
    text = json.dumps(contract)
    builder.join()
    assert '"amount":"100"' in text
    assert contract == json.loads(text)
