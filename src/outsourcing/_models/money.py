"""Money: a Decimal amount in an ISO 4217 currency."""

from __future__ import annotations

import contextlib
import decimal
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs

from outsourcing._models.codes import CURRENCIES
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
