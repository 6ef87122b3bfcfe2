"""Exact expectations for Money that the mutation run showed were missing.

Products with a Decimal, every comparison on both sides of equality, and the words of each refusal:
mutants that turned ``is`` into ``>``, ``<=`` into ``<``, or changed a message passed before.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal

import pytest

from outsourcing import Money, Rounding
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


# -- rounding to minor units, and allocation (issue 14) -------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        # amount, currency: half_up, half_even, down, up
        ("1.005", "USD", ("1.01", "1.00", "1.00", "1.01")),
        ("1.015", "USD", ("1.02", "1.02", "1.01", "1.02")),
        ("-1.005", "USD", ("-1.01", "-1.00", "-1.00", "-1.01")),
        ("1.0049", "USD", ("1.00", "1.00", "1.00", "1.01")),
        ("1.0051", "USD", ("1.01", "1.01", "1.00", "1.01")),
        # an odd unit below and above the half: half_even moves only on the half itself
        ("1.012", "USD", ("1.01", "1.01", "1.01", "1.02")),
        ("1.018", "USD", ("1.02", "1.02", "1.01", "1.02")),
        ("1.00", "USD", ("1.00", "1.00", "1.00", "1.00")),
        ("100.5", "JPY", ("101", "100", "100", "101")),
        ("101.5", "JPY", ("102", "102", "101", "102")),
        ("1.0005", "KWD", ("1.001", "1.000", "1.000", "1.001")),
    ],
)
def test_each_rounding_rounds_halves_and_the_rest_to_minor_units(
    amount: str, currency: str, expected: tuple[str, str, str, str]
) -> None:
    """Half up, half even, down and up, on halves, just below and above, negative and whole."""
    modes = (Rounding.HALF_UP, Rounding.HALF_EVEN, Rounding.DOWN, Rounding.UP)
    assert expected == tuple(str(Money(amount, currency).round(m).amount) for m in modes)


def test_whole_minor_units_are_told_apart_per_currency() -> None:
    """Two decimals for USD, none for JPY, three for KWD; a negative amount too."""
    cases = [("1.50", "USD"), ("-1.50", "USD"), ("1.005", "USD"), ("100", "JPY"), ("100.5", "JPY")]
    cases += [("1.500", "KWD"), ("1.5005", "KWD")]
    assert [True, True, False, True, False, True, False] == [
        Money(a, c).in_minor_units for a, c in cases
    ]
    assert (2, 0, 3) == (
        Money(1, "USD").exponent,
        Money(1, "JPY").exponent,
        Money(1, "KWD").exponent,
    )


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        ("100.00", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        ("100.00", [1, 1, 1, 0], ["33.34", "33.33", "33.33", "0.00"]),
        ("0.05", [1, 1, 1], ["0.02", "0.02", "0.01"]),
        ("0.05", [1, 3], ["0.01", "0.04"]),
        ("0.10", [1, 1, 1], ["0.04", "0.03", "0.03"]),
        ("0.02", [1, 1, 1], ["0.01", "0.01", "0.00"]),
        ("-100.00", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        ("-0.01", [1, 1], ["-0.01", "0.00"]),  # a single negative unit keeps its sign
        ("100.00", [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")], ["50.00", "25.00", "25.00"]),
        ("1000", [7, 3], ["700", "300"]),
        ("0.00", [1, 2], ["0.00", "0.00"]),
    ],
)
def test_allocation_gives_the_left_over_units_to_the_largest_remainders_first(
    amount: str, weights: list[int | Decimal], expected: list[str]
) -> None:
    """The parts add up exactly; leftover units go to the largest remainders, the earlier first."""
    currency = "JPY" if "." not in amount else "USD"
    parts = Money(amount, currency).allocate(weights)
    assert expected == [str(p.amount) for p in parts]
    assert Money(amount, currency) == sum(parts, Money.zero(currency))


@pytest.mark.parametrize(
    ("amount", "weights", "message"),
    [
        (
            "1.005",
            [1],
            "Money.allocate: expected an amount in whole minor units (round it first), got Money Money(amount=Decimal('1.005'), currency='USD')",
        ),
        (
            "1.00",
            [1, -1],
            "Money.allocate.weights: expected ints or finite Decimals, none negative, got -1",
        ),
        (
            "1.00",
            [1, 0.5],
            "Money.allocate.weights: expected ints or finite Decimals, none negative, got 0.5",
        ),
        (
            "1.00",
            [Decimal("NaN")],
            "Money.allocate.weights: expected ints or finite Decimals, none negative, got Decimal Decimal('NaN')",
        ),
        (
            "1.00",
            [0, 0],
            "Money.allocate.weights: expected weights adding up to > 0, got list [0, 0]",
        ),
        ("1.00", [], "Money.allocate.weights: expected weights adding up to > 0, got list []"),
    ],
)
def test_allocation_refuses_in_words(amount: str, weights: list[object], message: str) -> None:
    """An amount not in minor units, a negative or non-number weight, or no weight at all."""
    with pytest.raises(InvalidValueError) as info:
        Money(amount, "USD").allocate(weights)  # type: ignore[arg-type]
    assert message == str(info.value)


def test_currencies_are_compared_by_value_not_by_identity() -> None:
    """A currency code built at run time is the same currency as the literal one."""
    built = "EU" + "R".strip()  # not the interned literal
    assert Money(2, "EUR") == Money(1, built) + Money(1, "EUR")
    assert Money(1, built) < Money(2, "EUR")
