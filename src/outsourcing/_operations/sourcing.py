"""Sourcing decisions: where the partner is, and whether to outsource the work at all."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import zoneinfo
from importlib import resources
from typing import Any

import attrs

from outsourcing._models import checks as _checks
from outsourcing._models.codes import COUNTRIES
from outsourcing._models.contract import Contract
from outsourcing._models.functions import OfficeClass
from outsourcing._models.money import Money
from outsourcing.exceptions import InvalidValueError, NotFoundError


class LocationClass(enum.Enum):
    """Where a partner works from, seen from the client.

    ``onshore``: the same country, even if another city or state. ``nearshore``: a neighbouring
    country (one sharing a land border). ``offshore``: any other country.
    """

    ONSHORE = "onshore"
    NEARSHORE = "nearshore"
    OFFSHORE = "offshore"


@functools.cache
def _neighbours() -> dict[str, frozenset[str]]:
    text = resources.files("outsourcing").joinpath("data/neighbours.json").read_text("utf-8")
    data: dict[str, list[str]] = json.loads(text)["neighbours"]
    return {code: frozenset(others) for code, others in data.items()}


def _known_country(where: str, code: object) -> str:
    if type(code) is not str or code not in COUNTRIES:
        raise InvalidValueError(where, code, "an ISO 3166-1 alpha-2 country code such as 'NO'")
    return code


def neighbours(country: str) -> frozenset[str]:
    """Return the countries that share a land border with ``country``.

    The data is GeoNames' (CC BY 4.0), bundled with the package; see ``outsourcing/data/README.md``.

    >>> sorted(neighbours("NO"))
    ['FI', 'RU', 'SE']
    >>> neighbours("SG")
    frozenset()

    Raises:
        InvalidValueError: ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    return _neighbours().get(_known_country("country", country), frozenset())


def location_class(client_country: str, partner_country: str) -> LocationClass:
    """Class a partner's country relative to the client's: onshore, nearshore or offshore.

    >>> location_class("US", "SG"), location_class("US", "CA"), location_class("US", "US")
    (<LocationClass.OFFSHORE: 'offshore'>, <LocationClass.NEARSHORE: 'nearshore'>, <LocationClass.ONSHORE: 'onshore'>)

    Args:
        client_country: The client's ISO 3166-1 alpha-2 code.
        partner_country: The partner's code.

    Raises:
        InvalidValueError: Either is not an ISO 3166-1 alpha-2 code.
    """  # noqa: E501 - a doctest's output is one line
    client = _known_country("client_country", client_country)
    partner = _known_country("partner_country", partner_country)
    if client == partner:
        return LocationClass.ONSHORE
    if partner in _neighbours().get(client, ()):
        return LocationClass.NEARSHORE
    return LocationClass.OFFSHORE


def location_of(contract: Contract, partner_id: str) -> LocationClass:
    """Return where a partner works from, seen from the client: onshore, nearshore or offshore.

    >>> from outsourcing import example_contract
    >>> from outsourcing.sourcing import location_of
    >>> location_of(example_contract(), "kodehuset").value  # Poland, seen from Norway
    'offshore'
    >>> location_of(example_contract(), "lumen").value  # Sweden borders Norway
    'nearshore'

    Raises:
        NotFoundError: There is no such partner, or no client, or the country of either is not
            known.
    """
    client, partner = contract.client, contract.partner(partner_id)
    if client.country is None or partner.country is None:
        unknown = client if client.country is None else partner
        raise NotFoundError("country of the partner", unknown.id)
    return location_class(client.country, partner.country)


_NINE_TO_FIVE = (dt.time(9), dt.time(17))


def _zone(where: str, name: object) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)  # type: ignore[arg-type] # checked by ZoneInfo itself
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidValueError(where, name, "an IANA time zone such as 'Europe/Oslo'") from None


def _hours(where: str, hours: object) -> tuple[dt.time, dt.time]:
    if (
        type(hours) is not tuple
        or len(hours) != 2
        or not all(type(t) is dt.time and t.tzinfo is None for t in hours)
        or not hours[0] < hours[1]
    ):
        raise InvalidValueError(where, hours, "a (start, end) pair of naive times, start first")
    return hours


def _utc_span(
    zone: zoneinfo.ZoneInfo, day: dt.date, hours: tuple[dt.time, dt.time]
) -> tuple[dt.datetime, dt.datetime]:
    start, end = (dt.datetime.combine(day, t, tzinfo=zone).astimezone(dt.UTC) for t in hours)
    return start, end


def working_hours_overlap(
    client_zone: str,
    partner_zone: str,
    on: dt.date,
    *,
    hours: tuple[dt.time, dt.time] = _NINE_TO_FIVE,
    partner_hours: tuple[dt.time, dt.time] | None = None,
) -> dt.timedelta:
    """Return how long the client's working day on ``on`` overlaps the partner's working hours.

    Each side works its hours in its own local time, with daylight saving as it is on that date, so
    the answer changes when one side has moved its clocks and the other has not. The partner's
    working days before and after ``on`` count too (a partner far to the east may already be in
    tomorrow).

    >>> import datetime as dt
    >>> working_hours_overlap("America/New_York", "Europe/Oslo", dt.date(2026, 3, 20))
    datetime.timedelta(seconds=10800)

    Args:
        client_zone: The client's IANA time zone.
        partner_zone: The partner's IANA time zone.
        on: The client's working day.
        hours: The client's working hours, local time; 09:00 to 17:00 unless given.
        partner_hours: The partner's working hours, local time; the client's unless given.

    Raises:
        InvalidValueError: A zone is unknown, or hours are not a (start, end) pair with start first.
    """
    client = _zone("client_zone", client_zone)
    partner = _zone("partner_zone", partner_zone)
    hours = _hours("hours", hours)
    partner_hours = hours if partner_hours is None else _hours("partner_hours", partner_hours)
    if type(on) is not dt.date:
        raise InvalidValueError("on", on, "a datetime.date")
    start, end = _utc_span(client, on, hours)
    total = dt.timedelta(0)
    for shift in (-1, 0, 1):
        other_start, other_end = _utc_span(partner, on + dt.timedelta(days=shift), partner_hours)
        overlap = min(end, other_end) - max(start, other_start)
        if overlap > dt.timedelta(0):
            total += overlap
    return total


class SourcingChoice(enum.Enum):
    """Who does the work: the organisation's own people (insource) or a third party (outsource)."""

    INSOURCE = "insource"
    OUTSOURCE = "outsource"


def _money_or_none(inst: SourcingCase, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Money):
        _checks.fail(inst, attribute, value, "a Money or None")


def _country_or_none(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not str or value not in COUNTRIES):
        _checks.fail(inst, attribute, value, "an ISO 3166-1 alpha-2 country code, or None")


def _flag(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        _checks.fail(inst, attribute, value, "True or False")


@attrs.frozen(kw_only=True)
class SourcingCase:
    """What is weighed when deciding whether to keep a piece of work in-house or outsource it.

    All amounts cover the same period and are in one currency.

    Args:
        subject: The work in question (``"Launch campaign for the new candy bar"``).
        considered_on: When the case is weighed.
        internal_cost: What doing the work in-house costs.
        external_quote: What the partner quotes for it.
        management_overhead: What managing the partner costs the client (meetings, reviews,
            contract management).
        transition_cost: The one-off cost of moving the work from where it is now (handover,
            onboarding, knowledge transfer). It counts against whichever choice moves the work;
            for new work (``current=None``), against outsourcing.
        risk_allowance: Money set aside for what can go wrong with a third party (security,
            delivery, legal differences between countries).
        current: Where the work is done now, or ``None`` for new work.
        in_house_capacity: Whether the in-house team has time for the work.
        in_house_skills: Whether the in-house team can do it.
        office: Whether the work is back office or front office, if known.
        client_country: The client's country, if the partner's location matters.
        partner_country: The partner's country.
    """

    subject: str = attrs.field(validator=_checks.text)
    considered_on: dt.date = attrs.field(validator=_checks.date)
    internal_cost: Money = attrs.field(validator=_checks.instance(Money))
    external_quote: Money = attrs.field(validator=_checks.instance(Money))
    management_overhead: Money | None = attrs.field(default=None, validator=_money_or_none)
    transition_cost: Money | None = attrs.field(default=None, validator=_money_or_none)
    risk_allowance: Money | None = attrs.field(default=None, validator=_money_or_none)
    current: SourcingChoice | None = attrs.field(default=None)
    in_house_capacity: bool = attrs.field(default=True, validator=_flag)
    in_house_skills: bool = attrs.field(default=True, validator=_flag)
    office: OfficeClass | None = attrs.field(default=None)
    client_country: str | None = attrs.field(default=None, validator=_country_or_none)
    partner_country: str | None = attrs.field(default=None, validator=_country_or_none)

    @current.validator
    def _check_current(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and type(value) is not SourcingChoice:
            _checks.fail(self, attribute, value, "a SourcingChoice or None")

    @office.validator
    def _check_office(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and type(value) is not OfficeClass:
            _checks.fail(self, attribute, value, "an OfficeClass or None")

    def __attrs_post_init__(self) -> None:
        currency = self.internal_cost.currency
        for field in attrs.fields(SourcingCase):
            value = getattr(self, field.name)
            if isinstance(value, Money) and value.currency != currency:
                _checks.fail(
                    self, field, value, f"an amount in {currency}, the internal cost's currency"
                )


@attrs.frozen(kw_only=True)
class SourcingDecision:
    """The recommendation for a :class:`SourcingCase`, with the costs compared and the reasons.

    Make one with :func:`decide`; revisit it later with :func:`revisit`.

    Args:
        case: What was weighed.
        choice: The recommendation.
        insource_cost: The in-house cost, with the transition cost if insourcing moves the work.
        outsource_cost: The quote plus overhead, risk allowance and, if outsourcing moves the work,
            the transition cost.
        reasons: Why, in order of weight.
    """

    case: SourcingCase
    choice: SourcingChoice
    insource_cost: Money
    outsource_cost: Money
    reasons: tuple[str, ...]

    @property
    def decided_on(self) -> dt.date:
        """The day the case was weighed."""
        return self.case.considered_on

    @property
    def reverses(self) -> bool:
        """Whether the recommendation moves work that is done the other way now."""
        return self.case.current is not None and self.case.current is not self.choice

    @property
    def location(self) -> LocationClass | None:
        """The partner's location class, if both countries are given."""
        client, partner = self.case.client_country, self.case.partner_country
        if client is None or partner is None:
            return None
        return location_class(client, partner)


def _plus(total: Money, extra: Money | None) -> Money:
    return total if extra is None else total + extra


def decide(case: SourcingCase) -> SourcingDecision:
    """Recommend insourcing or outsourcing, with the reasons.

    Outsourcing is chosen when the in-house team has no capacity or lacks the skills, or when it
    costs less in full: the quote plus management overhead, risk allowance and, if it moves the
    work, the transition cost. On equal cost the work stays (or comes) in-house, which keeps
    control.

    >>> import datetime as dt
    >>> from outsourcing import Money
    >>> case = SourcingCase(
    ...     subject="Payroll",
    ...     considered_on=dt.date(2027, 1, 4),
    ...     internal_cost=Money(90_000, "EUR"),
    ...     external_quote=Money(60_000, "EUR"),
    ...     management_overhead=Money(12_000, "EUR"),
    ...     risk_allowance=Money(8_000, "EUR"),
    ... )
    >>> decide(case).choice, str(decide(case).outsource_cost)
    (<SourcingChoice.OUTSOURCE: 'outsource'>, '80,000 EUR')
    """
    insource = case.internal_cost
    outsource = _plus(_plus(case.external_quote, case.management_overhead), case.risk_allowance)
    if case.current is SourcingChoice.OUTSOURCE:
        insource = _plus(insource, case.transition_cost)
    else:
        outsource = _plus(outsource, case.transition_cost)

    reasons: list[str] = []
    if not case.in_house_capacity:
        reasons.append("the in-house team is fully booked, so outsourcing is the way to do it now")
    if not case.in_house_skills:
        reasons.append("the in-house team lacks the skills, so outsourcing is the way to do it")
    cheaper = outsource < insource
    if outsource == insource:
        cost = (
            f"both ways cost {insource}; keeping the work in-house keeps control of decisions "
            "and knowledge"
        )
    elif cheaper:
        cost = f"outsourcing costs {outsource} in full, {insource - outsource} less than "
        cost += f"{insource} in-house"
    else:
        cost = f"keeping it in-house costs {insource}, {outsource - insource} less than "
        cost += f"{outsource} outsourced in full (quote, overhead, risk and transition)"
    reasons.append(cost)

    outsourced = bool(reasons[:-1]) or cheaper
    choice = SourcingChoice.OUTSOURCE if outsourced else SourcingChoice.INSOURCE
    if case.current is not None and case.current is not choice:
        reasons.append(
            "this brings the work back in-house"
            if choice is SourcingChoice.INSOURCE
            else "this hands work done in-house to a partner"
        )
    if outsourced and case.office is OfficeClass.BACK_OFFICE:
        reasons.append(
            "back-office work: the partner's people will need access to back-office systems, a "
            "security risk; record each access grant with an expiry date and a client approver"
        )
    if outsourced and case.client_country and case.partner_country:
        where = location_class(case.client_country, case.partner_country)
        reasons.append(f"the partner is {where.value} ({case.partner_country})")
    return SourcingDecision(
        case=case,
        choice=choice,
        insource_cost=insource,
        outsource_cost=outsource,
        reasons=tuple(reasons),
    )


def revisit(decision: SourcingDecision, **changes: Any) -> SourcingDecision:  # noqa: ANN401 - evolve checks each
    """Weigh a decided case again later, with the work where the decision put it.

    Pass what has changed (``considered_on`` at least, and ``in_house_capacity``, costs, ...).

    Args:
        decision: The earlier decision.
        changes: Fields of :class:`SourcingCase` that are different now.
    """
    return decide(attrs.evolve(decision.case, current=decision.choice, **changes))
