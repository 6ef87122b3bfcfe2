"""What every strategy module uses: argument checks, words and free text, ids, days, bounds."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Final, TypeVar

import attrs
from hypothesis import strategies as st

from outsourcing._models.contract import Contract, Term
from outsourcing.exceptions import InvalidValueError

T = TypeVar("T")
Draw = st.DrawFn

MIN_DATE: Final = dt.date(2000, 1, 1)
MAX_DATE: Final = dt.date(2099, 12, 31)
_DAY: Final = dt.timedelta(days=1)


def _check_strategy(where: str, value: object) -> None:
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidValueError(where, value, "a Hypothesis strategy, or None for the default")


def _check_size(where: str, what: str, low: object, high: object, floor: int = 0) -> None:
    for bound, value in (("min", low), ("max", high)):
        if type(value) is not int or value < floor:
            raise InvalidValueError(
                f"{where}({bound}_{what}=...)", value, f"a whole number of at least {floor}"
            )
    if high < low:  # type: ignore[operator] # both checked to be int above
        raise InvalidValueError(
            f"{where}(max_{what}=...)", high, f"at least min_{what}, which is {low}"
        )


def _check_dates(where: str, low: object, high: object) -> None:
    for name, value in (("min_date", low), ("max_date", high)):
        if type(value) is not dt.date:
            raise InvalidValueError(f"{where}({name}=...)", value, "a datetime.date")
    if high < low:  # type: ignore[operator] # both checked to be dates above
        raise InvalidValueError(f"{where}(max_date=...)", high, f"a date on or after {low}")


def _or(
    strategy: st.SearchStrategy[T] | None, default: st.SearchStrategy[T]
) -> st.SearchStrategy[T]:
    return default if strategy is None else strategy


def _ordered(first: Sequence[str], everything: frozenset[str]) -> tuple[str, ...]:
    return (*first, *sorted(everything - set(first)))


# Vocabularies come first so that examples shrink to readable words; free text (any Unicode, but
# never blank) keeps serialisers and user rules honest.
#
# Any text that is not blank: the first character is neither white space nor a control character.
_FREE_TEXT: Final = st.builds(
    str.__add__,
    st.characters(exclude_categories=("Zs", "Zl", "Zp", "Cc", "Cs")),
    st.text(max_size=11),
)


@st.composite
def _spoken(draw: Draw, choice: st.SearchStrategy[str | None]) -> str:
    word = draw(choice)
    return draw(_FREE_TEXT) if word is None else word


def _text(*words: str) -> st.SearchStrategy[str]:
    """One of ``words`` or, as the last choice, free text: one draw for the common case."""
    return _spoken(st.sampled_from((*words, None)))


def _words(*words: str, max_size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(words), unique=True, max_size=max_size).map(tuple)


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(1, 999).map(f"{prefix}-{{}}".format)


@functools.lru_cache(maxsize=4096)
def _up_to(most: int) -> st.SearchStrategy[int]:
    """``st.integers(0, most)``, made once: contracts draw thousands of days from many ranges."""
    return st.integers(0, most)


def _days(draw: Draw, low: dt.date, high: dt.date) -> dt.date:
    """A date in ``[low, high]`` (``low`` if the range is empty), shrinking towards ``low``."""
    if high <= low:
        return low
    return low + dt.timedelta(days=draw(_up_to((high - low).days)))


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, kept inside the calendar Python can represent."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _tenths(draw: Draw, low: int, high: int) -> Decimal:
    """A number with one decimal place in ``[low / 10, high / 10]``."""
    return Decimal(draw(st.integers(low, high))).scaleb(-1)


@attrs.frozen(kw_only=True)
class _Bounds:
    partners: tuple[int, int]
    people: tuple[int, int]
    deliverables: tuple[int, int]
    milestones: tuple[int, int]
    phases: tuple[int, int]
    kpis: tuple[int, int]
    risks: tuple[int, int]
    access_grants: tuple[int, int]
    change_requests: tuple[int, int]
    currencies: st.SearchStrategy[str]
    dates: tuple[dt.date, dt.date]
    open_ended: bool = False


def _around(draw: Draw, span: Term) -> dt.date:
    """A day from a month before ``span`` to a month after it."""
    return _days(draw, _shift(span.start, -31), _shift(span.last_day, 31))


def _assignees(contract: Contract) -> list[str]:
    return [p.id for p in contract.parties] + [p.id for p in contract.people]
