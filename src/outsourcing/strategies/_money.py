"""Strategies for amounts of money and currency codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from hypothesis import strategies as st

from outsourcing._models.codes import CURRENCIES, exponent
from outsourcing._models.money import Money
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies._shared import Draw, _check_strategy, _or, _ordered

_FIRST_CURRENCIES: Final = ("EUR", "USD", "NOK", "GBP", "JPY", "INR")


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 currency codes, shrinking towards ``"EUR"``."""
    return st.sampled_from(_currencies_in_order())


def money(
    *,
    currencies: st.SearchStrategy[str] | None = None,
    min_amount: Decimal | int | str | None = None,
    max_amount: Decimal | int | str | None = None,
    places: int = 2,
) -> st.SearchStrategy[Money]:
    """Amounts of money, with ``places`` decimal places.

    Args:
        currencies: The currency codes to draw from; all of ISO 4217 by default.
        min_amount: The smallest amount, or ``None`` for no bound.
        max_amount: The largest amount, or ``None`` for no bound.
        places: Decimal places of the amounts.

    Raises:
        InvalidValueError: An argument is of the wrong kind or the bounds are crossed.
    """
    _check_strategy("money(currencies=...)", currencies)
    if type(places) is not int or places < 0:
        raise InvalidValueError("money(places=...)", places, "a whole number of at least 0")
    low = None if min_amount is None else Money(min_amount, "EUR").amount
    high = None if max_amount is None else Money(max_amount, "EUR").amount
    if low is not None and high is not None and high < low:
        raise InvalidValueError("money(max_amount=...)", max_amount, f"at least {low}")
    amounts = st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )
    return st.builds(Money, amounts, _or(currencies, _currencies_default()))


def _currencies_default() -> st.SearchStrategy[str]:
    """:func:`currencies`, for functions whose ``currencies`` argument hides it."""
    return currencies()


def _cents(draw: Draw, low: int = 1, high: int = 10**9, currency: str | None = None) -> Decimal:
    """A positive amount in whole minor units of ``currency`` (two decimal places without one),
    shrinking towards ``low`` minor units."""  # noqa: D205, D209 - one sentence
    return Decimal(draw(st.integers(low, high))).scaleb(-_places(currency))


def _places(currency: str | None) -> int:
    """The decimal places of an amount paid in ``currency`` (2 without one)."""
    return 2 if currency is None else exponent(currency)


def _currencies_in_order() -> tuple[str, ...]:
    """Every ISO 4217 code, the common ones first (the order :func:`currencies` shrinks in)."""
    return _ordered(_FIRST_CURRENCIES, CURRENCIES)
