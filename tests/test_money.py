import decimal
import operator
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import Contract, Money, example_contract, validate
from outsourcing.exceptions import CurrencyMismatchError, InvalidValueError, OutsourcingError

EX = example_contract()
amounts = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, max_value=10**12, min_value=-(10**12)
)


def test_amount_accepts_decimal_int_and_string() -> None:
    """Decimals, ints and decimal strings are all exact; they compare equal when equal."""
    assert Money(Decimal("12.50"), "EUR") == Money("12.50", "EUR")
    assert Money(12, "EUR").amount == Decimal(12)
    assert Money(" 7.25 ", "NOK").amount == Decimal("7.25")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (12.5, "floats lose cents"),
        ("twelve", "a decimal number"),
        ("NaN", "a finite amount"),
        (Decimal("Infinity"), "a finite amount"),
        (True, "a Decimal, an int or a decimal string"),
        (None, "a Decimal, an int or a decimal string"),
    ],
)
def test_bad_amounts_are_refused_with_the_field_named(amount: object, expected: str) -> None:
    """A float, a word, NaN, infinity, a bool or None is refused, naming Money.amount."""
    with pytest.raises(InvalidValueError, match=expected) as info:
        Money(amount, "EUR")  # type: ignore[arg-type]
    assert "Money.amount" == info.value.field


@pytest.mark.parametrize("currency", ["eur", "EURO", "XYZ", "", 978])
def test_currency_must_be_an_iso_4217_code(currency: object) -> None:
    """Lower case, unknown codes and numbers are not currencies."""
    with pytest.raises(InvalidValueError, match="ISO 4217") as info:
        Money(1, currency)  # type: ignore[arg-type]
    assert currency == info.value.value


def test_arithmetic_within_one_currency() -> None:
    """Sums, differences, products with whole numbers and negation stay in the currency."""
    a, b = Money("100.10", "EUR"), Money("0.90", "EUR")
    assert Money("101.00", "EUR") == a + b
    assert Money("99.20", "EUR") == a - b
    assert Money("300.30", "EUR") == a * 3 == 3 * a
    assert Money("-0.90", "EUR") == -b
    assert Money.zero("EUR") + a == a
    assert b < a
    assert a >= b
    assert "1,234.50 EUR" == str(Money("1234.50", "EUR"))


@pytest.mark.parametrize(
    "operation",
    [operator.add, operator.sub, operator.lt, operator.le, operator.gt, operator.ge],
    ids=["add", "sub", "lt", "le", "gt", "ge"],
)
def test_currencies_never_mix(operation: object) -> None:
    """Adding, subtracting or comparing EUR with USD raises, and says to convert first."""
    with pytest.raises(CurrencyMismatchError, match="convert one of them first"):
        operation(Money(1, "EUR"), Money(1, "USD"))  # type: ignore[operator]


def test_money_does_not_multiply_by_floats_or_add_numbers() -> None:
    """A float factor or a bare number is a type error, not a silent conversion."""
    with pytest.raises(TypeError):
        Money(1, "EUR") * 1.5
    with pytest.raises(TypeError):
        Money(1, "EUR") + 1


def test_errors_share_one_base_class() -> None:
    """Every error is an OutsourcingError and a ValueError, so both kinds of handler catch it."""
    assert issubclass(CurrencyMismatchError, OutsourcingError)
    assert issubclass(InvalidValueError, ValueError)


@given(amounts, amounts)
def test_addition_is_exact(a: Decimal, b: Decimal) -> None:
    """Decimal arithmetic never rounds: the sum of two amounts is their exact sum."""
    assert a + b == (Money(a, "NOK") + Money(b, "NOK")).amount
    assert Money(a, "NOK") == Money(a, "NOK") + Money(b, "NOK") - Money(b, "NOK")


def _paying(*amounts: str, value: str) -> Contract:
    milestones = tuple(
        attrs.evolve(m, payment=Money(a, "NOK"))
        for m, a in zip((m for m in EX.milestones if m.payment is not None), amounts, strict=False)
    )
    rest = tuple(m for m in EX.milestones if m.payment is None)
    return attrs.evolve(EX, value=Money(value, "NOK"), milestones=(*milestones, *rest))


def test_payments_beyond_the_value_are_found_whatever_the_default_precision() -> None:
    """28 digits would round 9999999999999999999999999999.6 + 0.5 down to the value itself."""
    contract = _paying("9999999999999999999999999999.6", "0.5", value=str(10**28))
    assert "PAYMENTS_WITHIN_VALUE" in {v.code for v in validate(contract)}


def test_the_callers_decimal_context_changes_no_verdict_and_no_sum() -> None:
    """A program that set six digits gets the same verdicts and exact sums as any other."""
    contract = _paying("1000000.4", "1000000.4", value="2000000")
    expected = validate(contract)
    with decimal.localcontext(prec=6):
        assert expected == validate(contract)
        assert Money("2000000.8", "NOK") == Money("1000000.4", "NOK") + Money("1000000.4", "NOK")
        assert Money("3000001.2", "NOK") == Money("1000000.4", "NOK") * 3
    assert "PAYMENTS_WITHIN_VALUE" in {v.code for v in expected}
