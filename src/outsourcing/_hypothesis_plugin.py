"""Hypothesis' entry point: register a strategy for every model, for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, which may happen while
``outsourcing.strategies`` itself is being imported (it imports Hypothesis). So this module imports
only the models, and looks the strategies up when Hypothesis first asks for one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from outsourcing._contract import Contract, Term
from outsourcing._kpis import KPI, Measurement, Window
from outsourcing._money import Money
from outsourcing._partners import Partner, Person
from outsourcing._schedule import DueDateChange, Gate, Milestone, Phase
from outsourcing._work import Deliverable, Responsibility

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

STRATEGIES: Final[Mapping[type, str]] = {
    Money: "money",
    Partner: "partners",
    Person: "people",
    Deliverable: "deliverables",
    Responsibility: "responsibilities",
    Term: "terms",
    Gate: "gates",
    Phase: "phases",
    DueDateChange: "due_date_changes",
    Milestone: "milestones",
    Window: "windows",
    Measurement: "measurements",
    KPI: "kpis",
    Contract: "contracts",
}
"""Each public model, and the name of its strategy in ``outsourcing.strategies``."""


def _resolver(name: str) -> Callable[[type], SearchStrategy[Any]]:
    def resolve(_model: type) -> SearchStrategy[Any]:
        make: Callable[[], SearchStrategy[Any]] = getattr(
            importlib.import_module("outsourcing.strategies"), name
        )
        return make()

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register every model's strategy with Hypothesis."""
    from hypothesis import strategies as st  # noqa: PLC0415 - Hypothesis is importing us

    for model, name in STRATEGIES.items():
        st.register_type_strategy(model, _resolver(name))
