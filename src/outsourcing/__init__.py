"""Typed, immutable domain models for outsourced engagements, and the rules they must keep.

Build a :class:`Contract` from partners, deliverables, milestones, phases, KPIs and RACI
responsibilities; :func:`validate` checks it against the rule catalogue and reports every violation
with its code, its place in the document and what to do about it.
"""

from importlib.metadata import version as _version

from outsourcing._catalogue import CATALOGUE, validate
from outsourcing._contract import Contract, Term
from outsourcing._example import example_contract
from outsourcing._kpis import KPI, PERCENT, Cadence, Direction, Measurement, Window, WindowKind
from outsourcing._money import Money
from outsourcing._partners import Partner, PartnerRole, Person
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
from outsourcing._work import Deliverable, DeliverableStatus, Raci, Responsibility

__version__ = _version("outsourcing")

__all__ = [
    "CATALOGUE",
    "KPI",
    "PERCENT",
    "Cadence",
    "Contract",
    "Deliverable",
    "DeliverableStatus",
    "Direction",
    "DueDateChange",
    "Finding",
    "Gate",
    "GateDecision",
    "Measurement",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "Money",
    "Partner",
    "PartnerRole",
    "Person",
    "Phase",
    "PhaseKind",
    "Raci",
    "Report",
    "Responsibility",
    "Rule",
    "Severity",
    "Term",
    "Violation",
    "Window",
    "WindowKind",
    "__version__",
    "example_contract",
    "rule",
    "validate",
]
