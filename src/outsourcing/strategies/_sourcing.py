"""Strategies for choosing a partner, and for whether to outsource at all.

Evaluations and sourcing cases are drawn as data; rankings and decisions by running the library
(:func:`outsourcing.evaluation.rank`, :func:`outsourcing.sourcing.decide`) on them, which always
gives a result.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.contract import Term
from outsourcing._models.functions import OfficeClass
from outsourcing._models.money import Money
from outsourcing._operations.evaluation import (
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
)
from outsourcing._operations.sourcing import SourcingCase, SourcingChoice, SourcingDecision, decide
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies._money import _cents, _currencies_default
from outsourcing.strategies._partners import countries
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _check_dates,
    _check_size,
    _check_strategy,
    _days,
    _ids,
    _or,
    _tenths,
    _text,
)

_CANDIDATES: Final = ("kodehuset", "globex", "lumen", "bytewise")
_EVIDENCE: Final = st.sampled_from(("", "Reference call with a retailer"))
_CRITERION_NOTE: Final = st.sampled_from(("", "Proven in similar projects"))
_SCALES: Final = st.sampled_from((5, 10, 100))


@st.composite
def _criteria(
    draw: Draw, names: st.SearchStrategy[str], weights: st.SearchStrategy[int]
) -> Criterion:
    return Criterion(
        name=draw(names), weight=Decimal(draw(weights)), description=draw(_CRITERION_NOTE)
    )


def criteria(*, names: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Criterion]:
    """Weighted criteria of an evaluation; a weight of 0 leaves a criterion out.

    Args:
        names: The names to draw from; :data:`~outsourcing.evaluation.STANDARD_CRITERIA` or any
            text by default.
    """
    _check_strategy("criteria(names=...)", names)
    return _criteria(_or(names, _text(*STANDARD_CRITERIA)), st.integers(0, 100))


@st.composite
def _scores(
    draw: Draw, candidates: st.SearchStrategy[str], names: st.SearchStrategy[str], scale: int
) -> Score:
    return Score(
        candidate=draw(candidates),
        criterion=draw(names),
        value=_tenths(draw, 0, scale * 10),
        evidence=draw(_EVIDENCE),
    )


def scores(
    *,
    candidates: st.SearchStrategy[str] | None = None,
    criteria: st.SearchStrategy[str] | None = None,
    max_value: int = 5,
) -> st.SearchStrategy[Score]:
    """Scores in tenths from 0 to ``max_value``, some with evidence.

    Args:
        candidates: The candidates to draw from; a few partner names or any text by default.
        criteria: The criteria's names; :data:`~outsourcing.evaluation.STANDARD_CRITERIA` or any
            text by default.
        max_value: The highest score: the evaluation's scale.
    """
    _check_strategy("scores(candidates=...)", candidates)
    _check_strategy("scores(criteria=...)", criteria)
    _check_size("scores", "value", 0, max_value)
    return _scores(
        _or(candidates, _text(*_CANDIDATES)), _or(criteria, _text(*STANDARD_CRITERIA)), max_value
    )


@st.composite
def _evaluations(  # noqa: PLR0913, PLR0917 - the arguments of evaluations(), checked
    draw: Draw,
    ids: st.SearchStrategy[str],
    candidates: tuple[int, int],
    criteria_: tuple[int, int],
    span: Term,
    complete: bool,  # noqa: FBT001
) -> Evaluation:
    who = draw(
        st.lists(_text(*_CANDIDATES), unique=True, min_size=candidates[0], max_size=candidates[1])
    )
    names = draw(
        st.lists(
            _text(*STANDARD_CRITERIA), unique=True, min_size=criteria_[0], max_size=criteria_[1]
        )
    )
    # The first criterion counts, so that there is something to rank by.
    weighted = [
        draw(_criteria(st.just(name), st.integers(int(i == 0), 100)))
        for i, name in enumerate(names)
    ]
    scale = draw(_SCALES)
    given = [
        Score(
            candidate=candidate,
            criterion=name,
            value=_tenths(draw, 0, scale * 10),
            evidence=draw(_EVIDENCE),
        )
        for candidate in who
        for name in names
        if complete or draw(st.booleans())
    ]
    return Evaluation(
        id=draw(ids),
        evaluated_on=_days(draw, span.start, span.last_day),
        candidates=tuple(who),
        criteria=tuple(weighted),
        scores=tuple(given),
        scale=scale,
    )


def evaluations(  # noqa: PLR0913 - keyword arguments, as Hypothesis' own strategies take
    *,
    ids: st.SearchStrategy[str] | None = None,
    min_candidates: int = 1,
    max_candidates: int = 4,
    min_criteria: int = 1,
    max_criteria: int = len(STANDARD_CRITERIA),
    complete: bool = False,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Evaluation]:
    """Scorecards: candidates scored in tenths on weighted criteria, on a scale of 5, 10 or 100.

    The first criterion always has weight; others may have none.

    Args:
        ids: The ids to draw from; ``EV-<n>`` by default.
        min_candidates: The fewest candidates (at least 1).
        max_candidates: The most candidates.
        min_criteria: The fewest criteria (at least 1).
        max_criteria: The most criteria.
        complete: Whether every candidate has a score on every criterion; by default some scores
            may be missing.
        min_date: The earliest day of evaluation.
        max_date: The latest day of evaluation.
    """
    _check_strategy("evaluations(ids=...)", ids)
    _check_size("evaluations", "candidates", min_candidates, max_candidates, floor=1)
    _check_size("evaluations", "criteria", min_criteria, max_criteria, floor=1)
    if type(complete) is not bool:
        raise InvalidValueError("evaluations(complete=...)", complete, "True or False")
    _check_dates("evaluations", min_date, max_date)
    return _evaluations(
        _or(ids, _ids("EV")),
        (min_candidates, max_candidates),
        (min_criteria, max_criteria),
        Term(start=min_date, end=max_date),
        complete,
    )


_SUBJECT: Final = _text("Payroll", "Launch campaign for the new candy bar", "Help desk")
_CHOICE: Final = st.none() | st.sampled_from(SourcingChoice)
_OFFICE: Final = st.none() | st.sampled_from(OfficeClass)
_MAYBE_COUNTRY: Final = st.none() | countries()


@st.composite
def _sourcing_cases(draw: Draw, currencies: st.SearchStrategy[str], span: Term) -> SourcingCase:
    currency = draw(currencies)

    def amount(most: int) -> Money:
        return Money(_cents(draw, 0, most * 100), currency)

    def extra() -> Money | None:
        return amount(200_000) if draw(st.booleans()) else None

    return SourcingCase(
        subject=draw(_SUBJECT),
        considered_on=_days(draw, span.start, span.last_day),
        internal_cost=amount(1_000_000),
        external_quote=amount(1_000_000),
        management_overhead=extra(),
        transition_cost=extra(),
        risk_allowance=extra(),
        current=draw(_CHOICE),
        in_house_capacity=draw(st.booleans()),
        in_house_skills=draw(st.booleans()),
        office=draw(_OFFICE),
        client_country=draw(_MAYBE_COUNTRY),
        partner_country=draw(_MAYBE_COUNTRY),
    )


def sourcing_cases(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[SourcingCase]:
    """Insource-or-outsource cases: costs up to 1,000,000 and extras up to 200,000, in one currency.

    Args:
        currencies: The currency of each case; all of ISO 4217 by default.
        min_date: The earliest day the case is weighed.
        max_date: The latest day.
    """
    _check_strategy("sourcing_cases(currencies=...)", currencies)
    _check_dates("sourcing_cases", min_date, max_date)
    return _sourcing_cases(
        _or(currencies, _currencies_default()), Term(start=min_date, end=max_date)
    )


def rankings(
    *, evaluations: st.SearchStrategy[Evaluation] | None = None
) -> st.SearchStrategy[Ranking]:
    """Rankings of evaluations, candidates with missing scores left out or counted as 0.

    Args:
        evaluations: The evaluations to rank; :func:`evaluations` by default.
    """
    _check_strategy("rankings(evaluations=...)", evaluations)
    return st.builds(
        rank, _or(evaluations, _evaluations_default()), missing=st.sampled_from(MissingScores)
    )


def _evaluations_default(*, complete: bool = False) -> st.SearchStrategy[Evaluation]:
    """:func:`evaluations`, for functions whose ``evaluations`` argument hides it."""
    return evaluations(complete=complete)


def standings() -> st.SearchStrategy[Standing]:
    """Places of candidates in the rankings of complete evaluations."""
    ranked = rankings(evaluations=_evaluations_default(complete=True))
    return ranked.flatmap(lambda r: st.sampled_from(r.standings))


@st.composite
def _unranked(draw: Draw) -> Unranked:
    missing = draw(st.lists(_text(*STANDARD_CRITERIA), unique=True, min_size=1, max_size=3))
    return Unranked(candidate=draw(_text(*_CANDIDATES)), missing=tuple(missing))


def unranked() -> st.SearchStrategy[Unranked]:
    """Candidates left out of a ranking, with the one to three criteria they lack scores on."""
    return _unranked()


_MAYBE_SCORE: Final = st.none() | st.integers(0, 50).map(lambda n: Decimal(n).scaleb(-1))


@st.composite
def _movements(draw: Draw) -> Movement:
    before, after = draw(_MAYBE_SCORE), draw(_MAYBE_SCORE)
    if before == after:  # what_moved leaves out scores that did not move
        after = None if before is not None else Decimal(0)
    return Movement(criterion=draw(_text(*STANDARD_CRITERIA)), before=before, after=after)


def movements() -> st.SearchStrategy[Movement]:
    """Scores that moved between two reviews, or were given in only one of them."""
    return _movements()


def sourcing_decisions(
    *, cases: st.SearchStrategy[SourcingCase] | None = None
) -> st.SearchStrategy[SourcingDecision]:
    """Decisions on sourcing cases, with their reasons (see :func:`outsourcing.sourcing.decide`).

    Args:
        cases: The cases to decide; :func:`sourcing_cases` by default.
    """
    _check_strategy("sourcing_decisions(cases=...)", cases)
    return st.builds(decide, _or(cases, _sourcing_cases_default()))


def _sourcing_cases_default() -> st.SearchStrategy[SourcingCase]:
    return sourcing_cases()
