"""Synthetic contracts of any size, in the shape the benchmark issue fixes.

``n`` deliverables; one milestone per ten deliverables; ten phases; one accountable and one
responsible assignee per deliverable; 20 partners (a client and 19 suppliers); 50 KPIs. A weekly
status meeting, a quarterly partnership review and support terms complete it. The contract is
valid: every peer model loads the same document, and validation finds nothing at all.

:func:`foreign_document` writes a model object as another producer might: every key whose value
is its field's default left out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from outsourcing import (
    KPI,
    Cadence,
    Contract,
    Deliverable,
    Direction,
    Gate,
    GateDecision,
    Measurement,
    Meeting,
    MeetingKind,
    Milestone,
    Money,
    Partner,
    PartnerRole,
    Phase,
    Priority,
    Raci,
    ResponseTime,
    Responsibility,
    SupportTerms,
    Term,
    Window,
    json,
)
from outsourcing._io.convert import field_types, literal_values

START = dt.date(2027, 1, 4)
AS_OF = START + dt.timedelta(days=1)  # so that every rule runs, GATE_BEFORE_NEXT included
PHASE_DAYS = 60


def synthetic_contract(deliverables: int) -> Contract:
    """Build the benchmark's contract with ``deliverables`` deliverables."""
    phases = tuple(
        Phase(
            id=f"PH-{p}",
            name=f"Phase {p}",
            start=START + dt.timedelta(days=PHASE_DAYS * p),
            end=START + dt.timedelta(days=PHASE_DAYS * p + PHASE_DAYS - 1),
            gate=Gate(
                decision=GateDecision.GO,
                decided_on=START + dt.timedelta(days=PHASE_DAYS * p + PHASE_DAYS - 1),
                decided_by="client",
            )
            if p < 9
            else Gate(),
        )
        for p in range(10)
    )
    milestone_count = (deliverables + 9) // 10
    per_phase = -(-milestone_count // 10)  # ceiling division
    milestones = tuple(
        Milestone(
            id=f"M-{m}",
            title=f"Milestone {m}",
            due=phases[m // per_phase].start + dt.timedelta(days=m % PHASE_DAYS),
            phase_id=phases[m // per_phase].id,
            deliverable_ids=tuple(f"D-{i}" for i in range(m * 10, min(m * 10 + 10, deliverables))),
            payment=Money(Decimal("1000.00"), "EUR"),
        )
        for m in range(milestone_count)
    )
    items = tuple(
        Deliverable(
            id=f"D-{i}",
            title=f"Deliverable {i}",
            description="Synthetic work item",
            acceptance_criteria=("Reviewed and signed off",),
        )
        for i in range(deliverables)
    )
    raci = tuple(
        Responsibility(subject_id=f"D-{i}", assignee_id=who, role=role)
        for i in range(deliverables)
        for who, role in (("S-0", Raci.ACCOUNTABLE), (f"S-{1 + i % 18}", Raci.RESPONSIBLE))
    )
    partners = (
        Partner(id="client", name="Client", role=PartnerRole.CLIENT, country="NO"),
        *(
            Partner(
                id=f"S-{s}",
                name=f"Supplier {s}",
                role=PartnerRole.SUPPLIER,
                country="PL",
                timezone="Europe/Warsaw",
            )
            for s in range(19)
        ),
    )
    kpis = tuple(
        KPI(
            id=f"K-{k}",
            name=f"KPI {k}",
            unit="%",
            direction=Direction.HIGHER_IS_BETTER,
            target=Decimal("95.0"),
            warning=Decimal("97.5"),
            window=Window.calendar_month(),
            cadence=Cadence.MONTHLY,
            owner_id=f"S-{k % 19}",
            measurements=tuple(
                Measurement(on=START + dt.timedelta(days=30 * j), value=Decimal("98.25"))
                for j in range(3)
            ),
        )
        for k in range(50)
    )
    return Contract(
        id="BENCH",
        title=f"Synthetic engagement with {deliverables} deliverables",
        parties=partners,
        term=Term(start=START, end=START + dt.timedelta(days=PHASE_DAYS * 10)),
        value=Money(Decimal("1000.00") * milestone_count, "EUR"),
        deliverables=items,
        milestones=milestones,
        phases=phases,
        kpis=kpis,
        responsibilities=raci,
        meetings=(
            Meeting(
                id="MT-status",
                name="Weekly status",
                kind=MeetingKind.STATUS,
                cadence="FREQ=WEEKLY;BYDAY=MO",
                starts=START,
                participant_ids=("client", "S-0"),
            ),
            Meeting(
                id="MT-review",
                name="Quarterly partnership review",
                kind=MeetingKind.PARTNERSHIP_REVIEW,
                cadence="FREQ=MONTHLY;INTERVAL=3",
                starts=START,
                participant_ids=("client", "S-0"),
            ),
        ),
        support=SupportTerms(
            go_live_milestone_id=milestones[-1].id,
            handover_days=10,
            hypercare_days=30,
            response_times=(
                ResponseTime(priority=Priority.CRITICAL, respond_hours=1, resolve_hours=8),
            ),
        ),
    )


def foreign_document(obj: object) -> dict[str, Any]:
    """The JSON document of a model object with every key left out whose value is the default.

    What a producer other than :func:`outsourcing.json.dumps` may write: it is the same object's
    document, and loads as the same object. Tags (a one-value ``Literal`` field, such as a change
    operation's ``"op"``) stay: a union of classes needs them to tell its members apart.
    """
    document = json.to_dict(obj)
    _leave_out_defaults(obj, document)
    return document


def _leave_out_defaults(obj: Any, data: dict[str, Any]) -> None:
    hints = field_types(type(obj))
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type] # attrs' Factory is a class
            default = default.factory(obj) if default.takes_self else default.factory()
        tag = len(literal_values(hints[field.name]) or ()) == 1
        if field.default is not attrs.NOTHING and value == default and not tag:
            data.pop(field.name, None)  # the fields added for published data are left out
        elif attrs.has(type(value)):
            _leave_out_defaults(value, data[field.name])
        elif type(value) is tuple:
            for item, item_data in zip(value, data[field.name], strict=True):
                if attrs.has(type(item)):
                    _leave_out_defaults(item, item_data)
