"""Typed, immutable domain models for outsourced engagements, and the rules they must keep.

Build a :class:`Contract` from partners, deliverables, milestones, phases, KPIs and RACI
responsibilities; :func:`validate` checks it against the rule catalogue and reports every violation
with its code, its place in the document and what to do about it.
"""

from typing import TYPE_CHECKING

from outsourcing._base.collector import collector_untouched
from outsourcing._base.public import publish as _publish
from outsourcing._base.violations import Severity, Violation
from outsourcing._example import EXAMPLE_AS_OF, example_contract
from outsourcing._models.access import AccessGrant, AccessLevel, Revocation, RevokeReason
from outsourcing._models.billing import (
    ChargeLine,
    ChargePeriod,
    Proration,
    RecurringCharge,
    Transaction,
    TransactionKind,
)
from outsourcing._models.changes import (
    AddCharge,
    AddDeliverable,
    AddMilestone,
    AddPhase,
    Amendment,
    ApprovalLevel,
    Approver,
    CancelMilestone,
    ChangeEvent,
    ChangePayment,
    ChangePolicy,
    ChangeRequest,
    ChangeStatus,
    ChangeValue,
    Difference,
    DifferenceKind,
    EndCharge,
    ExtendPhase,
    ExtendTerm,
    ModifyDeliverable,
    MoveMilestone,
    Operation,
    Reassign,
    RemoveDeliverable,
    Tolerance,
)
from outsourcing._models.comms import Meeting, MeetingKind, Priority, ResponseTime, SupportTerms
from outsourcing._models.contract import Contract, ContractStatus, Term
from outsourcing._models.documents import Document
from outsourcing._models.functions import BUSINESS_FUNCTIONS, OfficeClass, classify_function
from outsourcing._models.jsondata import JSONArray, JSONObject
from outsourcing._models.kpis import (
    KPI,
    PERCENT,
    Aggregation,
    Cadence,
    CreditScheme,
    CreditTier,
    Direction,
    Measurement,
    TargetChange,
    Window,
    WindowKind,
)
from outsourcing._models.money import Money, Rounding
from outsourcing._models.partners import (
    Address,
    Identifier,
    Partner,
    PartnerRole,
    PartyRole,
    Person,
)
from outsourcing._models.risks import (
    HIGH_RISK,
    Risk,
    RiskAllocation,
    RiskCategory,
    RiskLevel,
    RiskStatus,
    heat_map,
)
from outsourcing._models.schedule import (
    DueDateChange,
    Gate,
    GateDecision,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._models.work import (
    CriterionResult,
    Deliverable,
    DeliverableEvent,
    DeliverableStatus,
    Raci,
    Responsibility,
)
from outsourcing._rules.catalogue import CATALOGUE, validate
from outsourcing._rules.machinery import Finding, Report, Rule, rule
from outsourcing._rules.portfolio import (
    PORTFOLIO_CATALOGUE,
    PortfolioFinding,
    PortfolioPlace,
    PortfolioReport,
    PortfolioRule,
    PortfolioViolation,
    portfolio_rule,
    validate_portfolio,
)
from outsourcing._rules.rule_sets import AUTHORED, PUBLISHED, RULE_SETS, RuleSet

if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> str:
        # The version, read when first asked: importlib.metadata is a sixth of the library's
        # import time, paid by every process that imports it (a portfolio's workers included).
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415

            found = globals()["__version__"] = version("outsourcing")
            return found
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*globals(), "__version__"})


__all__ = [
    "AUTHORED",
    "BUSINESS_FUNCTIONS",
    "CATALOGUE",
    "EXAMPLE_AS_OF",
    "HIGH_RISK",
    "KPI",
    "PERCENT",
    "PORTFOLIO_CATALOGUE",
    "PUBLISHED",
    "RULE_SETS",
    "AccessGrant",
    "AccessLevel",
    "AddCharge",
    "AddDeliverable",
    "AddMilestone",
    "AddPhase",
    "Address",
    "Aggregation",
    "Amendment",
    "ApprovalLevel",
    "Approver",
    "Cadence",
    "CancelMilestone",
    "ChangeEvent",
    "ChangePayment",
    "ChangePolicy",
    "ChangeRequest",
    "ChangeStatus",
    "ChangeValue",
    "ChargeLine",
    "ChargePeriod",
    "Contract",
    "ContractStatus",
    "CreditScheme",
    "CreditTier",
    "CriterionResult",
    "Deliverable",
    "DeliverableEvent",
    "DeliverableStatus",
    "Difference",
    "DifferenceKind",
    "Direction",
    "Document",
    "DueDateChange",
    "EndCharge",
    "ExtendPhase",
    "ExtendTerm",
    "Finding",
    "Gate",
    "GateDecision",
    "Identifier",
    "JSONArray",
    "JSONObject",
    "Measurement",
    "Meeting",
    "MeetingKind",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "ModifyDeliverable",
    "Money",
    "MoveMilestone",
    "OfficeClass",
    "Operation",
    "Partner",
    "PartnerRole",
    "PartyRole",
    "Person",
    "Phase",
    "PhaseKind",
    "PortfolioFinding",
    "PortfolioPlace",
    "PortfolioReport",
    "PortfolioRule",
    "PortfolioViolation",
    "Priority",
    "Proration",
    "Raci",
    "Reassign",
    "RecurringCharge",
    "RemoveDeliverable",
    "Report",
    "ResponseTime",
    "Responsibility",
    "Revocation",
    "RevokeReason",
    "Risk",
    "RiskAllocation",
    "RiskCategory",
    "RiskLevel",
    "RiskStatus",
    "Rounding",
    "Rule",
    "RuleSet",
    "Severity",
    "SupportTerms",
    "TargetChange",
    "Term",
    "Tolerance",
    "Transaction",
    "TransactionKind",
    "Violation",
    "Window",
    "WindowKind",
    "__version__",
    "classify_function",
    "collector_untouched",
    "example_contract",
    "heat_map",
    "portfolio_rule",
    "rule",
    "validate",
    "validate_portfolio",
]

_publish(__name__, globals(), [name for name in __all__ if name != "__version__"])
