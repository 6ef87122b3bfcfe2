"""Helpers for the tests: edit the example contract one piece at a time, and build big contracts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from outsourcing import (
    Contract,
    Deliverable,
    Meeting,
    MeetingKind,
    Milestone,
    Money,
    Partner,
    PartnerRole,
    Phase,
    Priority,
    Raci,
    Report,
    ResponseTime,
    Responsibility,
    SupportTerms,
    Term,
    example_contract,
)


def replace_at(items: tuple[Any, ...], index: int, **changes: Any) -> tuple[Any, ...]:
    """Return ``items`` with the item at ``index`` evolved by ``changes``."""
    return (*items[:index], attrs.evolve(items[index], **changes), *items[index + 1 :])


def example_with(**changes: Any) -> Contract:
    """Return the example contract with some top-level fields replaced."""
    return attrs.evolve(example_contract(), **changes)


def found(report: Report) -> list[tuple[str, str]]:
    """Return ``(code, path)`` of every violation, in report order."""
    return [(v.code, v.path) for v in report]


def big_contract(deliverables: int) -> Contract:
    """Build a valid contract with ``deliverables`` deliverables, each owned and scheduled.

    One milestone per ten deliverables across ten phases, one accountable and one responsible
    assignee per deliverable: the shape the benchmark issue asks for.
    """
    start = dt.date(2027, 1, 1)
    phases = tuple(
        Phase(
            id=f"PH-{p}",
            name=f"Phase {p}",
            start=start + dt.timedelta(days=40 * p),
            end=start + dt.timedelta(days=40 * p + 39),
        )
        for p in range(10)
    )
    items = tuple(
        Deliverable(id=f"D-{i}", title=f"Deliverable {i}", acceptance_criteria=("Reviewed",))
        for i in range(deliverables)
    )
    per_phase = max(1, deliverables // 10 // 10)
    milestones = tuple(
        Milestone(
            id=f"M-{m}",
            title=f"Milestone {m}",
            due=phases[min(m // per_phase, 9)].start + dt.timedelta(days=m % 30),
            phase_id=phases[min(m // per_phase, 9)].id,
            deliverable_ids=tuple(f"D-{i}" for i in range(m * 10, min(m * 10 + 10, deliverables))),
            payment=Money(100, "EUR"),
        )
        for m in range((deliverables + 9) // 10)
    )
    raci = tuple(
        Responsibility(subject_id=f"D-{i}", assignee_id=who, role=role)
        for i in range(deliverables)
        for who, role in (("client", Raci.ACCOUNTABLE), (f"S-{i % 19}", Raci.RESPONSIBLE))
    )
    partners = (
        Partner(id="client", name="Client", role=PartnerRole.CLIENT, country="NO"),
        *(
            Partner(id=f"S-{s}", name=f"Supplier {s}", role=PartnerRole.SUPPLIER, country="PL")
            for s in range(19)
        ),
    )
    return Contract(
        id="BIG",
        title="A large engagement",
        parties=partners,
        term=Term(start=start, end=start + dt.timedelta(days=400)),
        value=Money(100 * len(milestones), "EUR"),
        deliverables=items,
        milestones=milestones,
        phases=phases,
        responsibilities=raci,
        meetings=(
            Meeting(
                id="status",
                name="Status",
                kind=MeetingKind.STATUS,
                cadence="FREQ=WEEKLY",
                starts=start,
                participant_ids=("client", "S-0"),
            ),
            Meeting(
                id="review",
                name="Partnership review",
                kind=MeetingKind.PARTNERSHIP_REVIEW,
                cadence="FREQ=MONTHLY;INTERVAL=3",
                starts=start,
                participant_ids=("client",),
            ),
        ),
        support=SupportTerms(
            go_live_milestone_id=milestones[-1].id if milestones else "M-0",
            handover_days=5,
            hypercare_days=30,
            response_times=(
                ResponseTime(priority=Priority.CRITICAL, respond_hours=1, resolve_hours=8),
            ),
        ),
    )
