"""Sourcing decisions: where a partner works from, and whether to outsource the work at all."""

from outsourcing._base.public import publish
from outsourcing._operations.sourcing import (
    LocationClass,
    SourcingCase,
    SourcingChoice,
    SourcingDecision,
    decide,
    location_class,
    location_of,
    neighbours,
    revisit,
    working_hours_overlap,
)

__all__ = [
    "LocationClass",
    "SourcingCase",
    "SourcingChoice",
    "SourcingDecision",
    "decide",
    "location_class",
    "location_of",
    "neighbours",
    "revisit",
    "working_hours_overlap",
]

publish(__name__, globals(), __all__)
