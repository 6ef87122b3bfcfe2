"""Keeping Python's cyclic garbage collector out of the way of a large load or validation.

Loading a large contract makes hundreds of thousands of objects that the program keeps. With the
collector running, every few hundred allocations start a pass over the young objects, and the
passes that follow promote and walk them again, none of which frees anything. So the collector is
paused while the work runs, and its state restored however the work ends.

Pausing alone leaves every object the load made in the youngest generation, and the first
allocation after it walks them all once (about a tenth of the time to load a contract of a
hundred thousand deliverables). :func:`paused` with ``promote=True`` moves them straight to the
oldest generation instead, where objects that live as long as a loaded contract end up anyway,
without walking them. It does that only when the work made many objects (a small load keeps the
collector's usual bookkeeping), never when the program has disabled the collector itself (its
heap is its own business), and never when the program has frozen objects of its own with
:func:`gc.freeze`: the move uses ``gc.freeze`` and ``gc.unfreeze``, and would unfreeze them. The
check and the move are not atomic: a thread of the program that calls ``gc.freeze`` at that very
moment would see its objects unfrozen.

The move takes the program's own young objects along: cyclic garbage among them waits for the next
full collection instead of the next young one.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Final

PROMOTE_AT: Final = 100_000
"""Objects made by a paused load above which they move straight to the oldest generation."""


@contextlib.contextmanager
def paused(*, promote: bool = False) -> Iterator[None]:
    """Pause the collector for the ``with`` block; with ``promote``, age what a large block made."""
    collecting = gc.isenabled()
    gc.disable()
    # The youngest generation's count is what was allocated (and kept) since its last pass: with
    # the collector paused, it grows by each tracked object the block makes.
    young = gc.get_count()[0]
    try:
        yield
        made = gc.get_count()[0] - young
        if promote and collecting and made >= PROMOTE_AT and gc.get_freeze_count() == 0:
            gc.freeze()  # every tracked object to the permanent generation, unwalked...
            gc.unfreeze()  # ...and from there to the oldest one
    finally:
        if collecting:
            gc.enable()
