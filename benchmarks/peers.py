"""The same model written with msgspec (the practical limit) and with pydantic v2 (the alternative).

Both mirror the JSON document of ``outsourcing.json`` field for field, use the library's own enums,
forbid unknown keys, and give a contract the same lazily built index, so the library's rule
functions run over them unchanged: "the same rules" is literally the same code, and only the
loading machinery differs between the contenders.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cached_property
from typing import Any

import msgspec
import pydantic

from outsourcing import (
    Cadence,
    DeliverableStatus,
    Direction,
    GateDecision,
    MilestoneKind,
    MilestoneStatus,
    PartnerRole,
    PhaseKind,
    Raci,
    WindowKind,
)
from outsourcing._contract import _Index

# -- msgspec ------------------------------------------------------------------------------------


class _S(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class MMoney(_S):
    amount: Decimal
    currency: str


class MPartner(_S):
    id: str
    name: str
    role: PartnerRole
    country: str
    timezone: str | None = None
    capabilities: tuple[str, ...] = ()


class MPerson(_S):
    id: str
    partner_id: str
    name: str
    email: str | None = None
    title: str | None = None


class MDeliverable(_S):
    id: str
    title: str
    description: str = ""
    acceptance_criteria: tuple[str, ...] = ()
    status: DeliverableStatus = DeliverableStatus.PLANNED


class MResponsibility(_S):
    subject_id: str
    assignee_id: str
    role: Raci


class MGate(_S):
    criteria: tuple[str, ...] = ()
    decision: GateDecision = GateDecision.PENDING
    decided_on: dt.date | None = None
    decided_by: str | None = None
    notes: str = ""


class MPhase(_S):
    id: str
    name: str
    start: dt.date
    end: dt.date
    kind: PhaseKind = PhaseKind.STANDARD
    gate: MGate = msgspec.field(default_factory=MGate)


class MDueDateChange(_S):
    previous_due: dt.date
    changed_on: dt.date
    reason: str


class MMilestone(_S):
    id: str
    title: str
    due: dt.date
    kind: MilestoneKind = MilestoneKind.DELIVERY
    phase_id: str | None = None
    deliverable_ids: tuple[str, ...] = ()
    payment: MMoney | None = None
    status: MilestoneStatus = MilestoneStatus.SCHEDULED
    date_met: dt.date | None = None
    due_history: tuple[MDueDateChange, ...] = ()


class MWindow(_S):
    kind: WindowKind
    days: int | None = None


class MMeasurement(_S):
    on: dt.date
    value: Decimal


class MKPI(_S):
    id: str
    name: str
    unit: str
    direction: Direction
    target: Decimal
    warning: Decimal | None = None
    window: MWindow = msgspec.field(default_factory=lambda: MWindow(kind=WindowKind.CALENDAR_MONTH))
    cadence: Cadence | None = None
    owner_id: str | None = None
    measurements: tuple[MMeasurement, ...] = ()

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"


class MTerm(_S):
    start: dt.date
    end: dt.date


class MContract(_S, dict=True):
    schema_version: int
    id: str
    title: str
    parties: tuple[MPartner, ...]
    term: MTerm
    value: MMoney
    people: tuple[MPerson, ...] = ()
    deliverables: tuple[MDeliverable, ...] = ()
    milestones: tuple[MMilestone, ...] = ()
    phases: tuple[MPhase, ...] = ()
    kpis: tuple[MKPI, ...] = ()
    responsibilities: tuple[MResponsibility, ...] = ()
    version: int = 1
    extensions: dict[str, Any] = msgspec.field(default_factory=dict)

    @cached_property
    def _index(self) -> _Index:
        return _Index(self)  # type: ignore[arg-type] # duck-typed: same fields as Contract

    @property
    def currency(self) -> str:
        return self.value.currency


MSGSPEC_DECODER = msgspec.json.Decoder(MContract)

# -- pydantic v2 --------------------------------------------------------------------------------


class _P(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, strict=True, extra="forbid")


class PMoney(_P):
    amount: Decimal
    currency: str


class PPartner(_P):
    id: str
    name: str
    role: PartnerRole
    country: str
    timezone: str | None = None
    capabilities: tuple[str, ...] = ()


class PPerson(_P):
    id: str
    partner_id: str
    name: str
    email: str | None = None
    title: str | None = None


class PDeliverable(_P):
    id: str
    title: str
    description: str = ""
    acceptance_criteria: tuple[str, ...] = ()
    status: DeliverableStatus = DeliverableStatus.PLANNED


class PResponsibility(_P):
    subject_id: str
    assignee_id: str
    role: Raci


class PGate(_P):
    criteria: tuple[str, ...] = ()
    decision: GateDecision = GateDecision.PENDING
    decided_on: dt.date | None = None
    decided_by: str | None = None
    notes: str = ""


class PPhase(_P):
    id: str
    name: str
    start: dt.date
    end: dt.date
    kind: PhaseKind = PhaseKind.STANDARD
    gate: PGate = pydantic.Field(default_factory=PGate)


class PDueDateChange(_P):
    previous_due: dt.date
    changed_on: dt.date
    reason: str


class PMilestone(_P):
    id: str
    title: str
    due: dt.date
    kind: MilestoneKind = MilestoneKind.DELIVERY
    phase_id: str | None = None
    deliverable_ids: tuple[str, ...] = ()
    payment: PMoney | None = None
    status: MilestoneStatus = MilestoneStatus.SCHEDULED
    date_met: dt.date | None = None
    due_history: tuple[PDueDateChange, ...] = ()


class PWindow(_P):
    kind: WindowKind
    days: int | None = None


class PMeasurement(_P):
    on: dt.date
    value: Decimal


class PKPI(_P):
    id: str
    name: str
    unit: str
    direction: Direction
    target: Decimal
    warning: Decimal | None = None
    window: PWindow = pydantic.Field(
        default_factory=lambda: PWindow(kind=WindowKind.CALENDAR_MONTH)
    )
    cadence: Cadence | None = None
    owner_id: str | None = None
    measurements: tuple[PMeasurement, ...] = ()

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"


class PTerm(_P):
    start: dt.date
    end: dt.date


class PContract(_P):
    schema_version: int
    id: str
    title: str
    parties: tuple[PPartner, ...]
    term: PTerm
    value: PMoney
    people: tuple[PPerson, ...] = ()
    deliverables: tuple[PDeliverable, ...] = ()
    milestones: tuple[PMilestone, ...] = ()
    phases: tuple[PPhase, ...] = ()
    kpis: tuple[PKPI, ...] = ()
    responsibilities: tuple[PResponsibility, ...] = ()
    version: int = 1
    extensions: dict[str, Any] = pydantic.Field(default_factory=dict)

    @cached_property
    def _index(self) -> _Index:
        return _Index(self)  # type: ignore[arg-type] # duck-typed: same fields as Contract

    @property
    def currency(self) -> str:
        return self.value.currency
