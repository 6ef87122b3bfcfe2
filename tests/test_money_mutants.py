"""Exact expectations for Money that the mutation run showed were missing.

Products with a Decimal, every comparison on both sides of equality, and the words of each refusal:
mutants that turned ``is`` into ``>``, ``<=`` into ``<``, or changed a message passed before.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal

import pytest

from outsourcing import Money
from outsourcing.exceptions import CurrencyMismatchError, InvalidValueError


def test_money_times_a_decimal_is_exact_on_either_side() -> None:
    """A Decimal factor multiplies exactly, from the left or the right; so does a negative int."""
    price = Money("1200.50", "EUR")
    assert Money("1440.600", "EUR") == price * Decimal("1.2") == Decimal("1.2") * price
    assert Money("-2401.00", "EUR") == price * -2


@pytest.mark.parametrize("factor", [1.5, "2", Money(2, "EUR"), True])
def test_money_times_anything_else_is_a_type_error(factor: object) -> None:
    """Floats, strings, Money and bools are no factors: Python says the operand types."""
    with pytest.raises(TypeError, match=r"unsupported operand|can't multiply sequence"):
        Money(1, "EUR") * factor
    with pytest.raises(TypeError, match=r"unsupported operand|can't multiply sequence"):
        factor * Money(1, "EUR")


COMPARISONS: list[tuple[Callable[[Money, Money], bool], tuple[bool, bool, bool]]] = [
    # (operator, (less, equal, greater)): how it answers for 1 vs 2, 2 vs 2, 3 vs 2
    (operator.lt, (True, False, False)),
    (operator.le, (True, True, False)),
    (operator.gt, (False, False, True)),
    (operator.ge, (False, True, True)),
]


@pytest.mark.parametrize(("compare", "answers"), COMPARISONS, ids=["<", "<=", ">", ">="])
def test_each_comparison_answers_below_at_and_above_equality(
    compare: Callable[[Money, Money], bool], answers: tuple[bool, bool, bool]
) -> None:
    """Each of <, <=, > and >= answers right for a smaller, an equal and a larger amount."""
    two = Money("2.00", "NOK")
    assert answers == tuple(compare(Money(n, "NOK"), two) for n in (1, 2, 3))


@pytest.mark.parametrize(("compare", "answers"), COMPARISONS, ids=["<", "<=", ">", ">="])
def test_comparing_currencies_is_refused_in_words(
    compare: Callable[[Money, Money], bool], answers: tuple[bool, bool, bool]
) -> None:
    """Comparing NOK with EUR raises, naming both and what to do."""
    with pytest.raises(CurrencyMismatchError) as info:
        compare(Money(1, "NOK"), Money(1, "EUR"))
    assert "cannot compare EUR and NOK; convert one of them first" == str(info.value)


def test_adding_and_subtracting_currencies_are_refused_in_words() -> None:
    """The message names the operation, the other currency first, and what to do."""
    with pytest.raises(CurrencyMismatchError) as added:
        Money(1, "NOK") + Money(1, "EUR")
    with pytest.raises(CurrencyMismatchError) as subtracted:
        Money(1, "NOK") - Money(1, "EUR")
    assert "cannot add EUR and NOK; convert one of them first" == str(added.value)
    assert "cannot subtract EUR and NOK; convert one of them first" == str(subtracted.value)


def test_adding_a_number_is_a_type_error() -> None:
    """Money + 1 and Money - 1 are not defined (which currency would 1 be?)."""
    with pytest.raises(TypeError, match="unsupported operand"):
        Money(1, "EUR") + 1
    with pytest.raises(TypeError, match="unsupported operand"):
        Money(1, "EUR") - 1


def test_negation_and_printing_keep_the_digits() -> None:
    """Negation keeps the amount's digits and the sign of zero; str groups thousands."""
    assert "-0.00" == str((-Money("0.00", "EUR")).amount)
    assert "-1,234,567.80 EUR" == str(-Money("1234567.80", "EUR"))
    assert Money(0, "JPY") == Money.zero("JPY")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (
            1.5,
            (
                "Money.amount: expected a Decimal, an int or a decimal string (floats lose cents: "
                'pass Decimal("...") or a string), got 1.5'
            ),
        ),
        ("twelve", "Money.amount: expected a decimal number, got 'twelve'"),
        ("-Infinity", "Money.amount: expected a finite amount, got '-Infinity'"),
        (None, "Money.amount: expected a Decimal, an int or a decimal string, got None"),
    ],
)
def test_refused_amounts_are_named_with_what_was_expected_word_for_word(
    amount: object, message: str
) -> None:
    """Each refusal says the field, what it expects, and what it got."""
    with pytest.raises(InvalidValueError) as info:
        Money(amount, "EUR")  # type: ignore[arg-type]
    assert message == str(info.value)
