"""Strategies for what published procurement data adds: identifiers, addresses, documents, and the
small draws that put them (sometimes) on partners, milestones, KPIs, risks and contracts."""  # noqa: D205, D209

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final, TypeVar

from hypothesis import strategies as st

from outsourcing._models.codes import COUNTRIES
from outsourcing._models.documents import Document
from outsourcing._models.kpis import TargetChange
from outsourcing._models.partners import Address, Identifier, PartyRole
from outsourcing.strategies._shared import (
    MAX_DATE,
    MIN_DATE,
    Draw,
    _check_dates,
    _days,
    _ordered,
    _text,
)

T = TypeVar("T")

_SCHEMES: Final = _text("GB-COH", "MX-RFC", "NO-BRC", "PY-RUC", "XI-LEI")
_ORG_IDS: Final = _text("01234567", "912345678", "80012345-6")
_LEGAL_NAMES: Final = _text("Nordlys Sport AS", "Globex Services Ltd", "Ministerio de Obras")
_URIS: Final = _text("https://example.org/org/1", "https://register.example/912345678")


@st.composite
def _identifiers(draw: Draw) -> Identifier:
    named = draw(st.booleans())
    return Identifier(
        scheme=draw(st.none() | _SCHEMES),
        id=draw(_ORG_IDS) if not named or draw(st.booleans()) else None,
        legal_name=draw(_LEGAL_NAMES) if named else None,
        uri=draw(st.none() | _URIS),
    )


def identifiers() -> st.SearchStrategy[Identifier]:
    """Organisation identifiers, with an id, a legal name or both, and a scheme or not."""
    return _identifiers()


_STREETS: Final = _text("Karl Johans gate 1", "Av. Mariscal López 1234")
_LOCALITIES: Final = _text("Oslo", "Asunción", "Kraków")
_REGIONS: Final = _text("Central", "Małopolska")
_POSTAL_CODES: Final = _text("0154", "1209", "30-001")
_COUNTRY_NAMES: Final = _text("Norway", "Paraguay", "Polska", "Republic of Moldova")
_ADDRESS_COUNTRIES: Final = st.none() | st.sampled_from(_ordered(("NO", "PY", "PL"), COUNTRIES))


@st.composite
def _addresses(draw: Draw) -> Address:
    return Address(
        street_address=draw(st.none() | _STREETS),
        locality=draw(st.none() | _LOCALITIES),
        region=draw(st.none() | _REGIONS),
        postal_code=draw(st.none() | _POSTAL_CODES),
        country_name=draw(st.none() | _COUNTRY_NAMES),
        country=draw(_ADDRESS_COUNTRIES),
    )


def addresses() -> st.SearchStrategy[Address]:
    """Postal addresses, any part of which may be unknown."""
    return _addresses()


_DOCUMENT_TYPES: Final = _text(
    "contractSigned", "completionCertificate", "tenderNotice", "physicalProgressReport"
)
_DOCUMENT_TITLES: Final = _text("Signed contract", "Certificate of completion", "Progress report")
_URLS: Final = _text("https://example.org/doc/1.pdf", "https://example.org/doc/2")
_FORMATS: Final = _text("application/pdf", "text/html")
_LANGUAGES: Final = st.sampled_from(("en", "es", "nb", "pt-BR"))


def _document(draw: Draw, id_: str, low: dt.date, high: dt.date) -> Document:
    published = _days(draw, low, high) if draw(st.booleans()) else None
    return Document(
        id=id_,
        document_type=draw(st.none() | _DOCUMENT_TYPES),
        title=draw(st.none() | _DOCUMENT_TITLES),
        description=draw(st.none() | _text("The text as signed, with its annexes.")),
        url=draw(st.none() | _URLS),
        date_published=published,
        date_modified=None if published is None or draw(st.booleans()) else published,
        format=draw(st.none() | _FORMATS),
        language=draw(st.none() | _LANGUAGES),
    )


@st.composite
def _documents(draw: Draw, low: dt.date, high: dt.date) -> Document:
    return _document(draw, f"doc-{draw(st.integers(1, 99))}", low, high)


def documents(
    *, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Document]:
    """Documents (links with what they are), published between ``min_date`` and ``max_date``.

    Args:
        min_date: The earliest day a document was published.
        max_date: The latest day.
    """
    _check_dates("documents", min_date, max_date)
    return _documents(min_date, max_date)


def _some_documents(draw: Draw, low: dt.date, high: dt.date) -> tuple[Document, ...]:
    """None most often (and when shrunk), else one or two documents with distinct ids."""
    if draw(st.integers(0, 3)) < 3:
        return ()
    return tuple(_document(draw, f"doc-{i}", low, high) for i in range(draw(st.integers(1, 2))))


def _sometimes(draw: Draw, strategy: st.SearchStrategy[T]) -> T | None:
    """A value from ``strategy`` one time in four, else ``None`` (as it shrinks)."""
    return draw(strategy) if draw(st.integers(0, 3)) == 3 else None


_ROLES: Final = st.lists(st.sampled_from(PartyRole), unique=True, max_size=3).map(tuple)


def _party_roles(draw: Draw) -> tuple[PartyRole, ...]:
    """No OCDS party role most often (and when shrunk), else up to three."""
    return draw(_ROLES) if draw(st.integers(0, 2)) == 2 else ()


@st.composite
def _target_changes(draw: Draw, low: dt.date, high: dt.date) -> TargetChange:
    target = draw(st.integers(0, 1000))
    return TargetChange(
        effective_on=_days(draw, low, high),
        target=Decimal(target).scaleb(-1),
        warning=draw(st.none() | st.integers(0, 1000).map(lambda w: Decimal(w).scaleb(-1))),
    )


def target_changes(
    *, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[TargetChange]:
    """KPI targets (one decimal place, 0 to 100) taking effect between two days.

    The warning threshold, if any, is drawn on its own: a KPI's rule ``KPI_COHERENT`` asks it to
    lie on the good side of the target, which :func:`kpis` keeps.

    Args:
        min_date: The earliest day a target takes effect.
        max_date: The latest day.
    """
    _check_dates("target_changes", min_date, max_date)
    return _target_changes(min_date, max_date)
