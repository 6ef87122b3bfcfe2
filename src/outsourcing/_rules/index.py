"""The index the rules read a contract through: lookups built once per contract object.

A rule asks :func:`index_of` for the contract's index and reads its lookups (objects by id, the
responsibilities as columns, who owns what, what the milestones schedule). Each lookup is built the
first time any rule or operation asks for it, so validating a contract takes time linear in its size
however many rules read the same lookup. The operations above the rules read it too.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import threading
import weakref
from collections.abc import Set as AbstractSet
from functools import cached_property
from typing import Final

from outsourcing._models.billing import ChargeLine, RecurringCharge
from outsourcing._models.contract import (
    ASSIGNEE,
    SUBJECT,
    ById,
    Contract,
    Term,
    charge_horizon,
    with_role,
)
from outsourcing._models.money import Rounding
from outsourcing._models.partners import PartnerRole
from outsourcing._models.schedule import MilestoneStatus
from outsourcing._models.work import Raci, Responsibility

__all__ = ["Assignments", "ContractIndex", "index_of"]

_INDEXES: dict[int, ContractIndex] = {}
_LOCK = threading.Lock()


def index_of(contract: Contract) -> ContractIndex:
    """Return the index of this contract object, made on the first call and kept while it lives.

    Safe under threads: two threads asking at once get the same index.
    """
    key = id(contract)
    found = _INDEXES.get(key)
    if found is not None and found.is_of(contract):
        return found
    with _LOCK:
        found = _INDEXES.get(key)
        if found is None or not found.is_of(contract):
            found = _INDEXES[key] = ContractIndex(contract)
            weakref.finalize(contract, _INDEXES.pop, key, None)
    return found


class ContractIndex(ById):
    """Lookups over one contract object, each built on first use; read by rules and operations.

    The objects by id come from :class:`~outsourcing._models.contract.ById`; this adds what the
    rules ask: the responsibilities as columns, owners, what the milestones schedule. Get one with
    :func:`index_of`, never by calling the class: that keeps one per contract object. It holds the
    contract weakly, so that the cache of indexes never keeps a contract alive.
    """

    def __init__(self, contract: Contract) -> None:
        super().__init__(contract)
        self._beyond: dict[Raci, set[str]] = {}

    @cached_property
    def charge_lines(self) -> tuple[tuple[ChargeLine, ...], ...]:
        """Each recurring charge's invoice lines over the term, in the order of the charges.

        A charge with no end in an open-ended term has none here: it adds up to no total (see
        :func:`charge_lines_to` for its lines up to a day).

        Rules and operations that add up what the charges invoice read them here, so a long term
        is worked out once per contract, not once per reader.
        """
        c = self.contract
        return tuple(_lines_to(charge, c.term, c.rounding) for charge in c.recurring_charges)

    @cached_property
    def by_subject(self) -> dict[str, list[int]]:
        """Subject id → positions of its responsibilities in ``contract.responsibilities``."""
        grouped: dict[str, list[int]] = {}
        for j, r in enumerate(self.contract.responsibilities):
            found = grouped.get(r.subject_id)
            if found is None:
                grouped[r.subject_id] = [j]
            else:
                found.append(j)
        return grouped

    @cached_property
    def assignments(self) -> Assignments:
        """The responsibilities as columns, and who holds each role for what."""
        return Assignments(self.contract.responsibilities)

    @cached_property
    def owners_split(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Subject id → its first accountable assignee; and → all of them, where there are several.

        The common case (one owner) allocates no container per subject: on a contract of a hundred
        thousand deliverables, that many small lists would wake the garbage collector again and
        again over the whole object graph.
        """
        assignments = self.assignments
        several: dict[str, list[str]] = {}
        if assignments.single(Raci.ACCOUNTABLE):  # one accountable assignment per subject
            return assignments.holders(Raci.ACCOUNTABLE), several
        first: dict[str, str] = {}
        for r in with_role(self.contract.responsibilities, Raci.ACCOUNTABLE):
            owner = first.setdefault(r.subject_id, r.assignee_id)
            if owner != r.assignee_id:
                found = several.setdefault(r.subject_id, [owner])
                if r.assignee_id not in found:
                    found.append(r.assignee_id)
        return first, several

    @property
    def done_by(self) -> AbstractSet[str]:
        """The ids of the subjects with at least one responsible assignee."""
        return self.assignments.subjects_of(Raci.RESPONSIBLE)

    def beyond_deliverables(self, role: Raci) -> set[str]:
        """The subjects of assignments in ``role`` that are not deliverables."""
        found = self._beyond.get(role)
        if found is None:
            found = self._beyond[role] = (
                self.assignments.subjects_of(role) - self.deliverables.keys()
            )
        return found

    def has_every_deliverable(self, ids: AbstractSet[str], beyond: AbstractSet[str]) -> bool:
        """Whether ``ids`` holds every deliverable id, told by ``beyond``: those that are not.

        ``ids`` holds them all exactly when all but ``beyond`` of it are deliverables and that
        many are all of them: no second pass over the ids (strings scattered over memory) to ask.
        """
        return len(ids) - len(beyond) == len(self.deliverables)

    @cached_property
    def dangling(self) -> set[str]:
        """The ids the milestones list as their deliverables that are no deliverable's."""
        return self.listed - self.deliverables.keys()

    @cached_property
    def listed(self) -> set[str]:
        """The ids the milestones list as their deliverables."""
        return set(itertools.chain.from_iterable(map(_DELIVERABLE_IDS, self.contract.milestones)))

    @cached_property
    def scheduled(self) -> AbstractSet[str]:
        """The ids the milestones that are not cancelled list as their deliverables."""
        milestones = self.contract.milestones
        if not any(m.status is MilestoneStatus.CANCELLED for m in milestones):
            return self.listed
        return set(
            itertools.chain.from_iterable(
                m.deliverable_ids for m in milestones if m.status is not MilestoneStatus.CANCELLED
            )
        )

    def is_client_person(self, person_id: str) -> bool:
        """Whether a person id is one of the client's people (unknown ids are not)."""
        person = self.people.get(person_id)
        if person is None:
            return False
        partner = self.partners.get(person.partner_id)
        return partner is not None and partner.role is PartnerRole.CLIENT


class Assignments:
    """The responsibilities as columns, each read once for every rule that needs it.

    A large contract has two responsibilities or more per deliverable: hundreds of thousands of
    objects. Reading one attribute of each is a pass over memory that no cache holds, so the
    subjects, assignees and roles are read once, and what the rules ask is worked out from these
    lists with set and dict operations, each the first time it is asked.
    """

    def __init__(self, responsibilities: tuple[Responsibility, ...]) -> None:
        self.subjects: list[str] = list(map(SUBJECT, responsibilities))
        self.assignees: list[str] = list(map(ASSIGNEE, responsibilities))
        self.roles: list[Raci] = list(map(_ROLE, responsibilities))
        self._subjects_of: dict[Raci, set[str]] = {}
        self._holders: dict[Raci, dict[str, str]] = {}

    def count(self, role: Raci) -> int:
        """How many assignments are in ``role``."""
        return self.roles.count(role)

    def _in(self, role: Raci) -> list[bool]:
        return list(map(operator.is_, self.roles, itertools.repeat(role)))

    def subjects_of(self, role: Raci) -> set[str]:
        """The subjects with at least one assignment in ``role``."""
        found = self._subjects_of.get(role)
        if found is None:
            chosen = itertools.compress(self.subjects, self._in(role)) if self.count(role) else ()
            found = self._subjects_of[role] = set(chosen)
        return found

    def single(self, role: Raci) -> bool:
        """Whether no subject has two assignments in ``role``."""
        return len(self.subjects_of(role)) == self.count(role)

    def holders(self, role: Raci) -> dict[str, str]:
        """Subject id → the assignee of its first assignment in ``role``."""
        found = self._holders.get(role)
        if found is None:
            held = self._in(role)
            subjects = list(itertools.compress(self.subjects, held))
            assignees = list(itertools.compress(self.assignees, held))
            # Built backwards, so that of repeated subjects the first assignment is kept.
            found = dict(zip(reversed(subjects), reversed(assignees), strict=True))
            self._holders[role] = found
        return found


_DELIVERABLE_IDS: Final = operator.attrgetter("deliverable_ids")
_ROLE: Final = operator.attrgetter("role")


def _lines_to(charge: RecurringCharge, term: Term, rounding: Rounding) -> tuple[ChargeLine, ...]:
    last_day = charge_horizon(charge, term)
    return () if last_day is None else charge.lines(last_day, rounding)


def charge_lines_to(contract: Contract, as_of: dt.date) -> tuple[tuple[ChargeLine, ...], ...]:
    """Each recurring charge's invoice lines, in the order of the charges, as of ``as_of``.

    Those of the index, except for a charge with no end in an open-ended term: its lines run up
    to the end of its period that holds ``as_of`` (see
    :func:`~outsourcing._models.contract.charge_horizon`).
    """
    found = index_of(contract).charge_lines
    term = contract.term
    if term.end is None:
        return tuple(
            charge.lines(charge_horizon(charge, term, as_of), contract.rounding)
            if charge.end is None
            else lines
            for charge, lines in zip(contract.recurring_charges, found, strict=True)
        )
    return found
