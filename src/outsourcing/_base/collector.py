"""Keeping Python's cyclic garbage collector out of the way of a large load or validation.

Loading a large contract makes hundreds of thousands of objects that the program keeps. With the
collector running, every few hundred allocations start a pass over the young objects, and the
passes that follow promote and walk them again, none of which frees anything. So the collector is
paused while the work runs, and its state restored however the work ends.

The collector is one per process, and loads and validations may run in many threads at once, so
the pause is counted: one process-wide count of the pauses under way, kept under a lock. The first
pause to begin notes whether the program had the collector enabled and disables it; the last to end
enables it again, exactly once, and only if the program had it enabled. A collector the program
disabled itself is never touched. :func:`collector_untouched` lets a caller opt out: nothing the
library runs inside it (in that thread or task) pauses the collector or moves objects.

Pausing alone leaves every object the load made in the youngest generation, and the first
allocation after it walks them all once (about a tenth of the time to load a contract of a
hundred thousand deliverables). :func:`paused` with ``promote=True`` moves them straight to the
oldest generation instead, where objects that live as long as a loaded contract end up anyway,
without walking them. It does that only when the work made many objects (a small load keeps the
collector's usual bookkeeping), never when the program has disabled the collector itself (its
heap is its own business), and never when the program has frozen objects of its own with
:func:`gc.freeze`: the move uses ``gc.freeze`` and ``gc.unfreeze``, and would unfreeze them. The
check and the move happen under the lock, so two of the library's own pauses never interleave
there; a thread of the program that calls ``gc.freeze`` at that very moment would still see its
objects unfrozen.

The move takes the program's own young objects along: cyclic garbage among them waits for the next
full collection instead of the next young one.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import threading
from collections.abc import Iterator
from typing import Final

__all__ = ["PROMOTE_AT", "collector_untouched", "paused"]

PROMOTE_AT: Final = 100_000
"""Objects made by a paused load above which they move straight to the oldest generation."""

_lock: Final = threading.Lock()
_pauses = 0  # pauses under way, in every thread
_restore = False  # whether the last pause to end enables the collector again (the program's state)
_allowed: Final = contextvars.ContextVar("outsourcing_may_pause_collector", default=True)


@contextlib.contextmanager
def collector_untouched() -> Iterator[None]:
    """Leave the garbage collector alone in the ``with`` block: no pause, nothing moved.

    :func:`outsourcing.json.loads` and :func:`outsourcing.validate` pause Python's garbage
    collector while they run (it would otherwise walk the objects they make again and again) and
    restore its state when they return. Inside this block, in this thread or asynchronous task,
    they do not touch it at all: for a program that manages the collector itself and wants no
    library to pause it even briefly. Pauses begun by other threads are unaffected.

    >>> from outsourcing import collector_untouched, example_contract, validate
    >>> with collector_untouched():
    ...     report = validate(example_contract())
    """
    token = _allowed.set(False)
    try:
        yield
    finally:
        _allowed.reset(token)


def _begin() -> None:
    global _pauses, _restore  # noqa: PLW0603 - the process has one collector
    with _lock:
        if _pauses == 0:
            _restore = gc.isenabled()
            if _restore:
                gc.disable()
        _pauses += 1


def _end(*, promote: bool, made: int) -> None:
    global _pauses, _restore  # noqa: PLW0603 - the process has one collector
    with _lock:
        if promote and _restore and made >= PROMOTE_AT and gc.get_freeze_count() == 0:
            gc.freeze()  # every tracked object to the permanent generation, unwalked...
            gc.unfreeze()  # ...and from there to the oldest one
        _pauses -= 1
        if _pauses == 0 and _restore:
            _restore = False
            gc.enable()


@contextlib.contextmanager
def paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the collector for the ``with`` block; with ``promote``, age what a large block made."""
    if not _allowed.get():
        yield
        return
    _begin()
    # The youngest generation's count is what was allocated (and kept) since its last pass: with
    # the collector paused, it grows by each tracked object the block makes (and other threads).
    young = gc.get_count()[0]
    made = 0
    try:
        yield
        made = gc.get_count()[0] - young
    finally:
        _end(promote=promote, made=made)
