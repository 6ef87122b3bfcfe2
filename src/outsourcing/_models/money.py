"""Money: a Decimal amount in an ISO 4217 currency; rounding to minor units, and allocation.

Amounts that are paid or invoiced (payments, fees, service credits, invoice lines and their
totals, transactions, cost impacts, the contract value) are in whole minor units of their currency
(ISO 4217: 2 decimals for USD, 0 for JPY, 3 for KWD); rule ``MINOR_UNITS`` reports any that is
not. Rates and percentages (credit tiers, indexation, the change policy's tolerances) may carry
more, and so may an amount in the middle of a computation.

The rounding point: every amount the library computes (a prorated or indexed charge, a service
credit, a cap) is computed exactly, as a fraction, from whole-unit inputs and rates, and rounded
*once*, when it becomes a line of the invoice schedule, with the contract's :class:`Rounding`
(half-up unless the contract says otherwise). Sums of lines are then exact. Nothing here reads or
changes the caller's :mod:`decimal` context: rounding is done in integers.
"""

from __future__ import annotations

import contextlib
import decimal
import enum
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final, ParamSpec, TypeVar

import attrs

from outsourcing._models.codes import CURRENCIES, exponent
from outsourcing.exceptions import CurrencyMismatchError, InvalidValueError

MONEY_CONTEXT: Final = decimal.Context(
    prec=1000,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=decimal.MIN_EMIN,
    Emax=decimal.MAX_EMAX,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The library's own decimal context for money: exact for any amount a contract holds.

Money arithmetic never follows the caller's context (``decimal.getcontext()``, 28 digits by
default, or whatever the program set): with it, 9999999999999999999999999999.6 + 0.5 rounds to
10^28, and a program that set six digits would change rules' verdicts on ordinary amounts.
"""


def exact() -> contextlib.AbstractContextManager[decimal.Context]:
    """Run the ``with`` block's decimal arithmetic in :data:`MONEY_CONTEXT`, in this thread only."""
    return decimal.localcontext(MONEY_CONTEXT)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def exactly(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Make ``func`` run in :data:`MONEY_CONTEXT` whatever the caller's decimal context.

    Every public operation that adds, multiplies or compares amounts wears it, so a program that
    set ``decimal.getcontext().prec = 6`` gets the same sums and verdicts as any other, and finds
    its own context as it left it.
    """

    @functools.wraps(func)
    def in_money_context(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(MONEY_CONTEXT):
            return func(*args, **kwargs)

    return in_money_context


class Rounding(enum.Enum):
    """How a computed amount is rounded to whole minor units; a contract may state its own.

    ``half_up`` rounds halves away from zero (1.005 USD → 1.01), the commercial default;
    ``half_even`` rounds halves to the even unit (banker's rounding); ``down`` truncates towards
    zero; ``up`` rounds away from zero.
    """

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"
    UP = "up"


def _round_units(value: Fraction, rounding: Rounding) -> int:
    """Round an exact number of minor units to a whole number, in integers (no decimal context)."""
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if rest:
        twice = 2 * rest
        den = magnitude.denominator
        if rounding is Rounding.UP:
            whole += 1
        elif rounding is Rounding.HALF_UP:
            whole += twice >= den
        elif rounding is Rounding.HALF_EVEN:
            whole += twice > den or (twice == den and whole % 2 == 1)
    return sign * whole


def as_fraction(amount: Decimal) -> Fraction:
    """Return a finite Decimal as an exact fraction."""
    return Fraction(amount)


def rounded(value: Fraction, currency: str, rounding: Rounding = Rounding.HALF_UP) -> Money:
    """Round an exact amount once, to whole minor units of ``currency``: the library's one
    rounding point (see the module's docstring)."""  # noqa: D205, D209 - one sentence
    places = exponent(currency)
    units = _round_units(value * 10**places, rounding)
    return Money(_from_units(units, places), currency)


def _from_units(units: int, places: int) -> Decimal:
    """``units`` minor units as an exact Decimal with ``places`` decimals (no context involved)."""
    return Decimal(f"{units}E-{places}") if places else Decimal(units)


def _amount(value: Decimal | int | str) -> Decimal:
    """Turn a Decimal, an int or a decimal string into a finite Decimal; refuse floats."""
    if type(value) is Decimal:
        result = value
    elif type(value) is int:
        result = Decimal(value)
    elif type(value) is str:
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValueError("Money.amount", value, "a decimal number") from None
    else:
        hint = (
            ' (floats lose cents: pass Decimal("...") or a string)' if type(value) is float else ""
        )
        raise InvalidValueError(
            "Money.amount", value, "a Decimal, an int or a decimal string" + hint
        )
    if not result.is_finite():
        raise InvalidValueError("Money.amount", value, "a finite amount")
    return result


def currency_code(_inst: Money, _attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or value not in CURRENCIES:
        raise InvalidValueError(
            "Money.currency", value, "an ISO 4217 currency code in capitals, such as 'EUR'"
        )


@attrs.frozen
class Money:
    """An amount of money in one currency.

    Amounts are :class:`~decimal.Decimal`, never floats. Arithmetic and comparison work only between
    amounts of the same currency; anything else raises
    :class:`~outsourcing.exceptions.CurrencyMismatchError` rather than adding euros to dollars.

    >>> Money("1200.50", "EUR") + Money(300, "EUR")
    Money(amount=Decimal('1500.50'), currency='EUR')
    >>> Money("10", "EUR") * 3
    Money(amount=Decimal('30'), currency='EUR')

    Args:
        amount: A Decimal, an int or a decimal string such as ``"1200.50"``.
        currency: An ISO 4217 code in capitals, such as ``"EUR"`` or ``"NOK"``.
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(validator=currency_code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return nothing, in ``currency``: the start of a sum."""
        return cls(Decimal(0), currency)

    @property
    def exponent(self) -> int:
        """The currency's ISO 4217 minor-unit exponent (2 for USD, 0 for JPY, 3 for KWD)."""
        return exponent(self.currency)

    @property
    def in_minor_units(self) -> bool:
        """Whether the amount is a whole number of minor units, so that it can be paid.

        >>> Money("1.50", "USD").in_minor_units, Money("1.005", "USD").in_minor_units
        (True, False)
        >>> Money("100.5", "JPY").in_minor_units, Money("1.500", "KWD").in_minor_units
        (False, True)
        """
        whole: bool = (as_fraction(self.amount) * 10**self.exponent).denominator == 1
        return whole

    def round(self, rounding: Rounding = Rounding.HALF_UP) -> Money:
        """Return the amount rounded to whole minor units of its currency.

        >>> str(Money("1.005", "USD").round()), str(Money("1.005", "USD").round(Rounding.DOWN))
        ('1.01 USD', '1.00 USD')
        >>> str(Money("100.5", "JPY").round(Rounding.HALF_EVEN))
        '100 JPY'
        """
        return rounded(as_fraction(self.amount), self.currency, rounding)

    def allocate(self, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
        """Split the amount into parts in proportion to ``weights``, in whole minor units.

        The parts add up to the amount exactly: each part gets the whole minor units of its
        exact share, and the units left over go one each to the parts whose shares lost the most
        (the largest remainders; the earlier part on a tie). So parts of equal weights differ by
        at most one minor unit, and a part of weight 0 gets nothing.

        >>> [str(m) for m in Money("100.00", "USD").allocate([1, 1, 1])]
        ['33.34 USD', '33.33 USD', '33.33 USD']
        >>> [str(m) for m in Money(1000, "JPY").allocate([Decimal("0.7"), Decimal("0.3")])]
        ['700 JPY', '300 JPY']

        Raises:
            InvalidValueError: The amount is not in whole minor units, a weight is negative or
                not an int or a Decimal, or the weights add up to nothing.
        """
        if not self.in_minor_units:
            raise InvalidValueError(
                "Money.allocate", self, "an amount in whole minor units (round it first)"
            )
        shares: list[Fraction] = []
        for weight in weights:
            ok = type(weight) is int or (type(weight) is Decimal and weight.is_finite())
            if not ok or weight < 0:
                raise InvalidValueError(
                    "Money.allocate.weights", weight, "ints or finite Decimals, none negative"
                )
            shares.append(Fraction(weight))
        total = sum(shares, Fraction(0))
        if not total:
            raise InvalidValueError("Money.allocate.weights", weights, "weights adding up to > 0")
        places = self.exponent
        units = int(as_fraction(self.amount) * 10**places)
        sign, units = (-1 if units < 0 else 1), abs(units)
        exacts = [units * share / total for share in shares]
        parts = [int(x) for x in exacts]  # floors: every share is at least 0
        left = units - sum(parts)
        by_loss = sorted(range(len(parts)), key=lambda i: (parts[i] - exacts[i], i))
        for i in by_loss[:left]:
            parts[i] += 1
        return tuple(Money(_from_units(sign * p, places), self.currency) for p in parts)

    def _same(self, other: Money, verb: str) -> None:
        if other.currency != self.currency:
            msg = f"cannot {verb} {other.currency} and {self.currency}; convert one of them first"
            raise CurrencyMismatchError(msg)

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "add")
        with exact():
            return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "subtract")
        with exact():
            return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: object) -> Money:
        if type(factor) is int or type(factor) is Decimal:
            with exact():
                return Money(self.amount * factor, self.currency)
        return NotImplemented

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(self.amount.copy_negate(), self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount >= other.amount

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency}"
