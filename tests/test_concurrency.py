"""Loading, validating and writing from many threads at once give the single-threaded results."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from helpers import example_with, replace_at
from outsourcing import Money, Report, example_contract, json, validate
from outsourcing._io import fastdump

AS_OF = dt.date(2026, 11, 22)


def _documents() -> list[str]:
    plain = example_contract()
    exponent = example_with(  # written by the exact path: the plan decides, under threads
        milestones=replace_at(plain.milestones, 5, payment=Money(Decimal("1E+2"), "NOK"))
    )
    return [json.dumps(plain), json.dumps(exponent), json.dumps(example_with(title="Other"))]


def _work(text: str) -> tuple[str, Report]:
    contract = json.loads(text)
    return json.dumps(contract), validate(contract, as_of=AS_OF)


@pytest.fixture
def tiny_switch_interval() -> Iterator[None]:
    """Switch threads as often as the interpreter can, so that races show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("tiny_switch_interval")
@pytest.mark.parametrize("frozen", [False, True], ids=["plain", "program-froze-objects"])
def test_many_threads_get_the_single_threaded_results_and_leave_the_collector_alone(
    monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    """Eight threads at once: same JSON, same reports; the collector enabled, nothing unfrozen."""
    documents = _documents()
    expected = [_work(text) for text in documents]
    monkeypatch.setattr(fastdump, "_plans", {})  # the threads build the plans afresh, together
    was_enabled = gc.isenabled()
    gc.enable()
    if frozen:
        gc.freeze()
    freeze_count = gc.get_freeze_count()
    results: list[list[tuple[str, Report]]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append([_work(text) for text in documents * 3])
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    try:
        threads = [threading.Thread(target=run) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [] == errors
        assert [expected * 3] * 8 == results
        assert gc.isenabled()
        assert freeze_count == gc.get_freeze_count()
    finally:
        if frozen:
            gc.unfreeze()
        if not was_enabled:
            gc.disable()
