"""Typed, immutable domain models for outsourced engagements, and the rules they must keep.

Build a :class:`Contract` from partners, deliverables, milestones, phases, KPIs and RACI
responsibilities; :func:`validate` checks it against the rule catalogue and reports every violation
with its code, its place in the document and what to do about it.
"""

from importlib.metadata import version as _version

from outsourcing._access import AccessGrant, AccessLevel, Revocation, RevokeReason
from outsourcing._catalogue import CATALOGUE, validate
from outsourcing._contract import Contract, Term
from outsourcing._evaluation import (
    STANDARD_CRITERIA,
    Criterion,
    Evaluation,
    MissingScores,
    Movement,
    Ranking,
    Score,
    Standing,
    Unranked,
    rank,
    score_history,
    what_moved,
)
from outsourcing._example import example_contract
from outsourcing._functions import BUSINESS_FUNCTIONS, OfficeClass, classify_function
from outsourcing._kpis import KPI, PERCENT, Cadence, Direction, Measurement, Window, WindowKind
from outsourcing._money import Money
from outsourcing._partners import Partner, PartnerRole, Person
from outsourcing._risks import HIGH_RISK, Risk, RiskCategory, RiskLevel, RiskStatus, heat_map
from outsourcing._rules import Finding, Report, Rule, Severity, Violation, rule
from outsourcing._schedule import (
    DueDateChange,
    Gate,
    GateDecision,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Phase,
    PhaseKind,
)
from outsourcing._sourcing import (
    LocationClass,
    SourcingCase,
    SourcingChoice,
    SourcingDecision,
    decide,
    location_class,
    neighbours,
    revisit,
    working_hours_overlap,
)
from outsourcing._work import Deliverable, DeliverableStatus, Raci, Responsibility

__version__ = _version("outsourcing")

__all__ = [
    "BUSINESS_FUNCTIONS",
    "CATALOGUE",
    "HIGH_RISK",
    "KPI",
    "PERCENT",
    "STANDARD_CRITERIA",
    "AccessGrant",
    "AccessLevel",
    "Cadence",
    "Contract",
    "Criterion",
    "Deliverable",
    "DeliverableStatus",
    "Direction",
    "DueDateChange",
    "Evaluation",
    "Finding",
    "Gate",
    "GateDecision",
    "LocationClass",
    "Measurement",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "MissingScores",
    "Money",
    "Movement",
    "OfficeClass",
    "Partner",
    "PartnerRole",
    "Person",
    "Phase",
    "PhaseKind",
    "Raci",
    "Ranking",
    "Report",
    "Responsibility",
    "Revocation",
    "RevokeReason",
    "Risk",
    "RiskCategory",
    "RiskLevel",
    "RiskStatus",
    "Rule",
    "Score",
    "Severity",
    "SourcingCase",
    "SourcingChoice",
    "SourcingDecision",
    "Standing",
    "Term",
    "Unranked",
    "Violation",
    "Window",
    "WindowKind",
    "__version__",
    "classify_function",
    "decide",
    "example_contract",
    "heat_map",
    "location_class",
    "neighbours",
    "rank",
    "revisit",
    "rule",
    "score_history",
    "validate",
    "what_moved",
    "working_hours_overlap",
]
