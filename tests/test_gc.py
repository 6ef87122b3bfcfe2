"""Loading and validating keep the garbage collector out of the way, and leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from outsourcing import example_contract, json, validate
from outsourcing._base import collector as _gc
from outsourcing.exceptions import LoadError

TEXT = json.dumps(example_contract())


@pytest.fixture
def collecting() -> Iterator[None]:
    """Run a test with the collector enabled, and restore whatever state it was in."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.mark.usefixtures("collecting")
def test_loading_and_validating_restore_the_collector_however_they_end() -> None:
    """A paused collector runs again afterwards, after an error too; a disabled one stays off."""
    validate(json.loads(TEXT))
    assert gc.isenabled()
    with pytest.raises(LoadError):
        json.loads("{")
    assert gc.isenabled()
    gc.disable()
    try:
        json.loads(TEXT)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.usefixtures("collecting")
def test_a_large_load_goes_straight_to_the_oldest_generation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a large load made is aged at once, without a pass over it, and nothing is young."""
    monkeypatch.setattr(_gc, "PROMOTE_AT", 10)  # the example contract counts as large
    # CPython 3.12 starts with objects in the permanent generation (gc.get_freeze_count() is not
    # 0), which the library never unfreezes (test_objects_the_program_froze_stay_frozen): start
    # from the state of a program on another version, that froze nothing.
    gc.unfreeze()
    contract = json.loads(TEXT)
    assert _in_generation(contract, 2)
    assert _in_generation(contract.deliverables[0], 2)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collecting")
def test_a_small_load_keeps_the_usual_bookkeeping() -> None:
    """Below the threshold, the loaded objects start young like any others."""
    gc.collect()
    contract = json.loads(TEXT)
    assert not _in_generation(contract, 2)


@pytest.mark.usefixtures("collecting")
def test_objects_the_program_froze_stay_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """A program that froze objects with gc.freeze (before forking, say) keeps them frozen."""
    monkeypatch.setattr(_gc, "PROMOTE_AT", 10)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        contract = json.loads(TEXT)
        assert gc.get_freeze_count() == frozen
        assert not _in_generation(contract, 2)
    finally:
        gc.unfreeze()


def test_a_program_that_disabled_the_collector_keeps_its_heap_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the collector disabled by the program, even a large load moves nothing."""
    monkeypatch.setattr(_gc, "PROMOTE_AT", 10)
    was = gc.isenabled()
    gc.disable()
    try:
        contract = json.loads(TEXT)
        assert not _in_generation(contract, 2)
    finally:
        if was:
            gc.enable()
