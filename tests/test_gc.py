"""Loading and validating keep the garbage collector out of the way, and leave it as they found it."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator

import pytest

from outsourcing import collector_untouched, example_contract, json, validate
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


class _HeldBetweenReadAndDisable:
    """The gc module as a debugger-style hook makes it.

    The thread named ``held`` stops right after reading whether the collector is enabled, until
    released (or a short timeout).
    """

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(gc, name)

    def isenabled(self) -> bool:
        enabled = gc.isenabled()
        if threading.current_thread().name == "held":
            self.reached.set()
            self.release.wait(timeout=2)
        return enabled


@pytest.mark.usefixtures("collecting")
def test_overlapping_pauses_in_two_threads_restore_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pause that ends while another thread's is beginning leaves the collector enabled."""
    fake = _HeldBetweenReadAndDisable()
    monkeypatch.setattr(_gc, "gc", fake)

    def pause_in_thread() -> None:
        with _gc.paused():
            pass

    held = threading.Thread(target=pause_in_thread, name="held")
    with _gc.paused():
        held.start()
        fake.reached.wait(timeout=0.5)  # the other thread read "disabled" (ours), and waits
    fake.release.set()
    held.join()
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_pauses_from_many_threads_leave_the_collector_as_it_was() -> None:
    """Many threads pausing at once, at a tiny switch interval, leave it enabled and unfrozen."""
    frozen = gc.get_freeze_count()

    def pause_often() -> None:
        for _ in range(300):
            with _gc.paused(promote=True):
                pass

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=pause_often) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert gc.isenabled()
    assert frozen == gc.get_freeze_count()


@pytest.mark.usefixtures("collecting")
def test_a_caller_can_keep_the_library_away_from_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside collector_untouched(), loads and validate never disable the collector or move objects."""
    monkeypatch.setattr(_gc, "PROMOTE_AT", 10)
    calls: list[str] = []

    class Recording:
        def __getattr__(self, name: str) -> object:
            calls.append(name)
            return getattr(gc, name)

    monkeypatch.setattr(_gc, "gc", Recording())
    with collector_untouched():
        contract = json.loads(TEXT)
        validate(contract)
    assert [] == calls
    monkeypatch.undo()
    with _gc.paused():
        assert not gc.isenabled()  # outside the block, the library pauses again
    assert gc.isenabled()
