"""Hypothesis' entry point: register a strategy for every model, for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, which may happen while
``outsourcing.strategies`` itself is being imported (it imports Hypothesis). So this module imports
only the models, and looks the strategies up when Hypothesis first asks for one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from outsourcing._models.access import AccessGrant, Revocation
from outsourcing._models.billing import ChargeLine, RecurringCharge, Transaction
from outsourcing._models.changes import (
    OPERATIONS,
    Amendment,
    Approver,
    ChangeEvent,
    ChangePolicy,
    ChangeRequest,
    Difference,
    Tolerance,
)
from outsourcing._models.comms import Meeting, ResponseTime, SupportTerms
from outsourcing._models.contract import Contract, Term
from outsourcing._models.documents import Document
from outsourcing._models.kpis import (
    KPI,
    CreditScheme,
    CreditTier,
    Measurement,
    TargetChange,
    Window,
)
from outsourcing._models.money import Money
from outsourcing._models.partners import Address, Identifier, Partner, Person
from outsourcing._models.risks import Risk
from outsourcing._models.schedule import DueDateChange, Gate, Milestone, Phase
from outsourcing._models.work import CriterionResult, Deliverable, DeliverableEvent, Responsibility
from outsourcing._operations.evaluation import (
    Criterion,
    Evaluation,
    Movement,
    Ranking,
    Score,
    Standing,
    Unranked,
)
from outsourcing._operations.kpi_results import (
    EvaluationWindow,
    KPIEvaluation,
    PeriodCredit,
    WindowResult,
)
from outsourcing._operations.payments import (
    InvoiceLine,
    InvoicePeriod,
    InvoiceSchedule,
    PaymentLine,
    PaymentSchedule,
)
from outsourcing._operations.sourcing import SourcingCase, SourcingDecision
from outsourcing._operations.status import (
    MilestoneProgress,
    NextMeeting,
    OpenGate,
    PendingAcceptance,
    PhaseProgress,
    StatusReport,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

STRATEGIES: Final[Mapping[type, str]] = {
    # What a contract is made of.
    Money: "money",
    Partner: "partners",
    Person: "people",
    Deliverable: "deliverables",
    DeliverableEvent: "deliverable_events",
    CriterionResult: "criterion_results",
    Responsibility: "responsibilities",
    Term: "terms",
    Gate: "gates",
    Phase: "phases",
    DueDateChange: "due_date_changes",
    Milestone: "milestones",
    Window: "windows",
    Measurement: "measurements",
    CreditTier: "credit_tiers",
    CreditScheme: "credit_schemes",
    KPI: "kpis",
    Risk: "risks",
    AccessGrant: "access_grants",
    Meeting: "meetings",
    ResponseTime: "response_times",
    SupportTerms: "support_terms",
    Contract: "contracts",
    # What published procurement data adds.
    Identifier: "identifiers",
    Address: "addresses",
    Document: "documents",
    TargetChange: "target_changes",
    # Changing scope; each kind of operation is drawn by operations(kinds=[that kind]).
    Tolerance: "tolerances",
    ChangePolicy: "change_policies",
    ChangeEvent: "change_events",
    ChangeRequest: "change_requests",
    **dict.fromkeys(OPERATIONS, "operations"),
    # Choosing a partner, and whether to outsource.
    Criterion: "criteria",
    Score: "scores",
    Evaluation: "evaluations",
    SourcingCase: "sourcing_cases",
    # What the library computes.
    Ranking: "rankings",
    Standing: "standings",
    Unranked: "unranked",
    Movement: "movements",
    SourcingDecision: "sourcing_decisions",
    Revocation: "revocations",
    PaymentLine: "payment_lines",
    InvoiceLine: "invoice_lines",
    InvoicePeriod: "invoice_periods",
    InvoiceSchedule: "invoice_schedules",
    PeriodCredit: "period_credits",
    RecurringCharge: "recurring_charges",
    ChargeLine: "charge_lines",
    Transaction: "transactions",
    Approver: "approvers",
    PaymentSchedule: "payment_schedules",
    EvaluationWindow: "evaluation_windows",
    WindowResult: "window_results",
    KPIEvaluation: "kpi_evaluations",
    PhaseProgress: "phase_progress",
    MilestoneProgress: "milestone_progress",
    PendingAcceptance: "pending_acceptances",
    OpenGate: "open_gates",
    NextMeeting: "next_meetings",
    StatusReport: "status_reports",
    Amendment: "amendments",
    Difference: "differences",
}
"""Each public model, and the name of its strategy in ``outsourcing.strategies``."""


def _resolver(name: str) -> Callable[[type], SearchStrategy[Any]]:
    def resolve(model: type) -> SearchStrategy[Any]:
        make: Callable[..., SearchStrategy[Any]] = getattr(
            importlib.import_module("outsourcing.strategies"), name
        )
        return make(kinds=[model]) if name == "operations" else make()

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register every model's strategy with Hypothesis."""
    from hypothesis import strategies as st  # noqa: PLC0415 - Hypothesis is importing us

    for model, name in STRATEGIES.items():
        st.register_type_strategy(model, _resolver(name))
