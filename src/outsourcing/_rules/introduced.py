"""Which violations of a new version of a contract were not there before: what a change introduced.

A violation's path names list items by position (``$.deliverables[4].id``), and positions shift
when a change inserts or removes an item. So a violation is identified by its code and its path
with every list position replaced by the item's *identity* in that list: its ``id`` for an item
that has one (deliverables, milestones, parties...), its whole value otherwise (a responsibility,
an id in ``deliverable_ids``, an amendment, a history event), each with the number of equal ones
before it in the list (the second item with id ``D-1`` is ``D-1`` #1). The same problem of the
same item is then the same finding in both versions, wherever the item moved; its message is left
out, as it may quote figures the change moved (a total still above the value).

A path that does not lead through the contract (a rule of your own may name any place) is kept as
it is from where it stops leading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Final

from outsourcing._base.violations import Violation
from outsourcing._models.contract import Contract

__all__ = ["identity", "introduced"]

_STEP: Final = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

Identity = tuple[str, tuple[Hashable, ...]]
"""A violation's code and the steps of its path, list positions replaced by item identities."""


class _Keys:
    """The identity of each item of the lists met, worked out once per list."""

    def __init__(self) -> None:
        self._found: dict[int, tuple[Sequence[object], list[Hashable]]] = {}

    def of(self, items: Sequence[object], position: int) -> Hashable:
        known = self._found.get(id(items))
        if known is None or known[0] is not items:
            known = (items, _identities(items))
            self._found[id(items)] = known
        return known[1][position]


def _identities(items: Sequence[object]) -> list[Hashable]:
    seen: Counter[Hashable] = Counter()
    found: list[Hashable] = []
    for position, item in enumerate(items):
        key = _key(item, position)
        found.append((key, seen[key]))
        seen[key] += 1
    return found


def _key(item: object, position: int) -> Hashable:
    id_ = getattr(item, "id", None)
    if isinstance(id_, str):
        return ("id", id_)
    try:
        hash(item)
    except TypeError:  # an unhashable item (a rule of your own may point into anything)
        return ("at", position)
    return ("is", item)


def _steps(contract: Contract, path: str, keys: _Keys) -> tuple[Hashable, ...]:
    if not path.startswith("$"):
        return (path,)
    steps: list[Hashable] = []
    here: object = contract
    end = 1
    for match in _STEP.finditer(path, 1):
        if match.start() != end:
            break  # not a path this walk reads: keep the rest as it is
        end = match.end()
        name, index = match.groups()
        if name is not None:
            here = getattr(here, name, _LOST) if here is not _LOST else _LOST
            steps.append(name)
            continue
        position = int(index)
        if isinstance(here, tuple) and position < len(here):
            steps.append(keys.of(here, position))
            here = here[position]
        else:
            steps.append(("at", position))
            here = _LOST
    if end != len(path):
        steps.append(path[end:])
    return tuple(steps)


_LOST: Final = object()  # what a path leads to past a place the contract does not have


def identity(contract: Contract, violation: Violation, keys: _Keys | None = None) -> Identity:
    """The identity of a violation of ``contract``: its code and its path with items by identity."""
    return (violation.code, _steps(contract, violation.path, keys or _Keys()))


def introduced(
    before: Contract,
    was: Iterable[Violation],
    after: Contract,
    now: Iterable[Violation],
) -> tuple[Violation, ...]:
    """The violations of ``after`` (``now``) that ``before`` did not have (``was``).

    Findings are counted, so a second violation of one rule at one place is new even when the
    first was there already.
    """
    keys = _Keys()
    present = Counter(identity(before, v, keys) for v in was)
    keys = _Keys()
    found: list[Violation] = []
    for v in now:
        key = identity(after, v, keys)
        if present[key] > 0:
            present[key] -= 1
        else:
            found.append(v)
    return tuple(found)
