"""Hypothesis strategies for every model: valid contracts, and contracts that break one rule.

>>> from hypothesis import given
>>> from outsourcing import validate
>>> from outsourcing.strategies import contracts
>>> @given(contracts())
... def test_every_contract_is_valid(contract):
...     assert validate(contract).ok
>>> test_every_contract_is_valid()

* One strategy per public model, named as Hypothesis names its own (plural nouns, keyword-only
  arguments that are strategies or bounds, checked when the strategy is made):

  - what a contract is made of: :func:`money`, :func:`partners`, :func:`people`,
    :func:`deliverables` (with :func:`deliverable_events` and :func:`criterion_results`),
    :func:`responsibilities`, :func:`terms`, :func:`gates`, :func:`phases`, :func:`milestones`,
    :func:`due_date_changes`, :func:`windows`, :func:`measurements`, :func:`kpis` (with
    :func:`credit_schemes` and :func:`credit_tiers`), :func:`risks`, :func:`access_grants`,
    :func:`meetings` (with :func:`meeting_cadences`), :func:`support_terms` and
    :func:`response_times`;
  - what published procurement data adds: :func:`identifiers`, :func:`addresses`,
    :func:`documents` and :func:`target_changes`;
  - billing: :func:`recurring_charges` (with :func:`charge_lines`) and :func:`transactions`;
  - changing scope: :func:`change_requests` (changes that fit a given contract),
    :func:`change_policies` (with :func:`approvers`), :func:`tolerances`,
    :func:`change_events`, :func:`operations`, :func:`amendments` and :func:`differences`;
  - choosing a partner, and whether to outsource: :func:`criteria`, :func:`scores`,
    :func:`evaluations`, :func:`sourcing_cases`;
  - what the library computes, drawn by running it where that always gives a result:
    :func:`rankings`, :func:`standings`, :func:`unranked`, :func:`movements`,
    :func:`sourcing_decisions`, :func:`revocations`, :func:`payment_schedules`,
    :func:`payment_lines`, :func:`invoice_schedules`, :func:`invoice_periods`,
    :func:`invoice_lines`, :func:`period_credits`, :func:`kpi_evaluations`,
    :func:`evaluation_windows`, :func:`window_results`, :func:`status_reports`,
    :func:`phase_progress`,
    :func:`milestone_progress`, :func:`pending_acceptances`, :func:`open_gates`,
    :func:`next_meetings`.

  Each object is valid on its own; ids they refer to are arbitrary unless you pass a strategy for
  them.
* :func:`contracts` builds whole contracts that pass every error rule of the catalogue, as of any
  date, by construction (ids are indices, dates are laid out in order, payments are summed before
  the value is chosen), so nothing is filtered away and examples shrink to one client, one supplier
  and one deliverable. Their histories, gate results, payments, change requests and amendments are
  what the lifecycle functions (:func:`outsourcing.lifecycle.submit`,
  :func:`outsourcing.lifecycle.record_payment`,
  :func:`outsourcing.changes.apply_change`...) would have recorded.
* :func:`violating` builds contracts that break exactly one error rule of the catalogue.
* Installing the library registers these strategies with Hypothesis, so ``st.from_type(Contract)``
  (or any other public model) works in your tests.

Needs Hypothesis: install the extra with ``pip install 'outsourcing[hypothesis]'``.

For contributors: the package is laid out by model, one private module per area, each made of
small pieces that draw one object; each area's results (a ranking, a KPI's evaluation) sit beside
it. From the bottom up:

- ``_shared``: argument checks, words and free text, ids, days, and the bounds of a contract;
- ``_published`` (identifiers, addresses, documents, KPI target changes, and the small draws
  that put them on the objects below, sometimes);
- ``_money`` (:func:`money`, :func:`currencies`), ``_partners`` (partners and people),
  ``_billing`` (recurring charges, transactions, approvers),
  ``_work`` (deliverables, their histories, RACI), ``_schedule`` (terms, gates, phases,
  milestones), ``_kpis`` (KPIs and their evaluation), ``_risks``, ``_access`` (grants and
  revocations), ``_comms`` (meetings and support), ``_sourcing`` (evaluations, rankings, sourcing
  cases and decisions);
- ``_changes``: scope-change records, and change requests drawn to fit a given contract;
- ``_contracts``: :func:`contracts`, and the strategies that draw a contract to change;
- ``_reports``: status reports and payment schedules of drawn contracts, and their lines;
- ``_violating``: :func:`violating` and its registry of recipes, one per error rule
  (``_violating_money``: the recipes of the rules of money and change authority).

A module imports only from modules above it in this list. Contracts may have hundreds of
deliverables: what is drawn per deliverable is kept to few, small draws (see ``_work._PLANS``) so
that ``contracts(max_deliverables=300)`` fits Hypothesis' buffer. A new model adds a public
strategy in its area's module, exports it here (in ``__all__``), names it in
``outsourcing._hypothesis_plugin.STRATEGIES`` (for ``st.from_type``) and, if it brings error rules,
a recipe per rule with ``_violating._recipe``; ``tests/test_strategies.py`` fails until every public
model has a strategy, every error rule of the catalogue a recipe, and ``__all__`` lists exactly the
public strategies.
"""

# Every import here has a private name: the package's public names are exactly its __all__.

from outsourcing.exceptions import MissingDependencyError as _MissingDependencyError

try:
    import hypothesis as _hypothesis  # noqa: F401 - to say which extra to install if it is missing
except ImportError as error:  # pragma: no cover - tested with Hypothesis hidden
    raise _MissingDependencyError(
        "outsourcing.strategies needs Hypothesis; install it with "
        "pip install 'outsourcing[hypothesis]'"
    ) from error

from outsourcing._base.public import publish as _publish
from outsourcing.strategies import _violating_money  # noqa: F401 - registers its recipes
from outsourcing.strategies._access import access_grants, revocations
from outsourcing.strategies._billing import (
    approvers,
    charge_lines,
    recurring_charges,
    transactions,
)
from outsourcing.strategies._changes import (
    change_events,
    change_policies,
    differences,
    operations,
    tolerances,
)
from outsourcing.strategies._comms import meeting_cadences, meetings, response_times, support_terms
from outsourcing.strategies._contracts import ContractBounds, amendments, change_requests, contracts
from outsourcing.strategies._kpis import (
    credit_schemes,
    credit_tiers,
    evaluation_windows,
    kpi_evaluations,
    kpis,
    measurements,
    window_results,
    windows,
)
from outsourcing.strategies._money import currencies, money
from outsourcing.strategies._partners import countries, partners, people
from outsourcing.strategies._published import addresses, documents, identifiers, target_changes
from outsourcing.strategies._reports import (
    invoice_lines,
    invoice_periods,
    invoice_schedules,
    milestone_progress,
    next_meetings,
    open_gates,
    payment_lines,
    payment_schedules,
    pending_acceptances,
    period_credits,
    phase_progress,
    status_reports,
)
from outsourcing.strategies._risks import risks
from outsourcing.strategies._schedule import due_date_changes, gates, milestones, phases, terms
from outsourcing.strategies._sourcing import (
    criteria,
    evaluations,
    movements,
    rankings,
    scores,
    sourcing_cases,
    sourcing_decisions,
    standings,
    unranked,
)
from outsourcing.strategies._violating import violating
from outsourcing.strategies._work import (
    criterion_results,
    deliverable_events,
    deliverables,
    responsibilities,
)

__all__ = [
    "ContractBounds",
    "access_grants",
    "addresses",
    "amendments",
    "approvers",
    "change_events",
    "change_policies",
    "change_requests",
    "charge_lines",
    "contracts",
    "countries",
    "credit_schemes",
    "credit_tiers",
    "criteria",
    "criterion_results",
    "currencies",
    "deliverable_events",
    "deliverables",
    "differences",
    "documents",
    "due_date_changes",
    "evaluation_windows",
    "evaluations",
    "gates",
    "identifiers",
    "invoice_lines",
    "invoice_periods",
    "invoice_schedules",
    "kpi_evaluations",
    "kpis",
    "measurements",
    "meeting_cadences",
    "meetings",
    "milestone_progress",
    "milestones",
    "money",
    "movements",
    "next_meetings",
    "open_gates",
    "operations",
    "partners",
    "payment_lines",
    "payment_schedules",
    "pending_acceptances",
    "people",
    "period_credits",
    "phase_progress",
    "phases",
    "rankings",
    "recurring_charges",
    "response_times",
    "responsibilities",
    "revocations",
    "risks",
    "scores",
    "sourcing_cases",
    "sourcing_decisions",
    "standings",
    "status_reports",
    "support_terms",
    "target_changes",
    "terms",
    "tolerances",
    "transactions",
    "unranked",
    "violating",
    "window_results",
    "windows",
]


# Reprs, pickles and the API reference name the module users import these from.
_publish(__name__, globals(), __all__)
