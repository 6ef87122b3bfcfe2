"""Contracts as Arrow tables: one table per entity, keyed by contract id and version.

Each table is a :class:`TableSpec`: where its rows come from in a contract and its columns, each a
name, a kind and a getter. Adding a table (or a column) is one small spec in :data:`SPECS`; the
kinds fix the Arrow types, so every batch of every table has the same schema:

- text: ``string``; several texts: ``list<string>``; whole numbers: ``int64``;
- dates: ``date32``;
- enumerations: ``dictionary<int8, string>`` over all the enum's values, in definition order;
- decimals: ``decimal128(38, 6)``; money: ``decimal128(38, 4)`` and a ``<name>_currency``
  column beside it (a value with more decimal places than that is refused, never rounded).

pyarrow is imported when a table is made, not before: it is the ``tables`` extra.
"""

from __future__ import annotations

import enum
import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from outsourcing._base.violations import Severity, Violation
from outsourcing._models.access import AccessLevel
from outsourcing._models.billing import ChargePeriod, Proration, TransactionKind
from outsourcing._models.changes import ChangeStatus
from outsourcing._models.contract import Contract
from outsourcing._models.functions import OfficeClass
from outsourcing._models.kpis import Aggregation, Cadence, Direction, WindowKind
from outsourcing._models.partners import PartnerRole
from outsourcing._models.risks import RiskAllocation, RiskCategory, RiskStatus
from outsourcing._models.schedule import GateDecision, MilestoneKind, MilestoneStatus, PhaseKind
from outsourcing._models.work import DeliverableStatus, Raci
from outsourcing.exceptions import InvalidValueError, MissingDependencyError

MONEY_SCALE: Final = 4
"""Decimal places of money columns: enough for every ISO 4217 currency's minor unit."""
DECIMAL_SCALE: Final = 6
"""Decimal places of other decimal columns (KPI targets, measurements, percentages)."""
PRECISION: Final = 38


def arrow() -> Any:
    """Import pyarrow, or say which extra to install."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - optional
    except ImportError:
        msg = "tables need pyarrow: pip install 'outsourcing[tables]'"
        raise MissingDependencyError(msg) from None
    return pa


class Kind(enum.Enum):
    """What a column holds, which fixes its Arrow type."""

    TEXT = "text"
    TEXTS = "texts"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    DECIMAL = "decimal"
    MONEY = "money"
    ENUM = "enum"


@attrs.frozen
class Column:
    """One column of a table (two for money: the amount and ``<name>_currency``).

    Args:
        name: The column's name.
        kind: What it holds.
        get: Reads the value from one row object (``None`` for a null).
        members: For an enumeration, its class.
    """

    name: str
    kind: Kind
    get: Callable[[Any], Any]
    members: type[enum.Enum] | None = None


@attrs.frozen
class TableSpec:
    """One table: where its rows come from in a contract, and its columns.

    Args:
        name: The table's name (also its Parquet file's name).
        rows: The row objects of one contract, such as its deliverables.
        columns: The columns after the two keys ``contract_id`` and ``contract_version``.
    """

    name: str
    rows: Callable[[Contract], Sequence[Any]]
    columns: tuple[Column, ...]


def _getter(name: str, attr: str | None) -> Callable[[Any], Any]:
    return operator.attrgetter(attr or name)


def text(name: str, attr: str | None = None) -> Column:
    """A column of text read from ``attr`` (default: ``name``; dotted paths work)."""
    return Column(name, Kind.TEXT, _getter(name, attr))


def texts(name: str, attr: str | None = None) -> Column:
    """A column of lists of text."""
    return Column(name, Kind.TEXTS, _getter(name, attr))


def integer(name: str, attr: str | None = None) -> Column:
    """A column of whole numbers."""
    return Column(name, Kind.INT, _getter(name, attr))


def date(name: str, attr: str | None = None) -> Column:
    """A column of days."""
    return Column(name, Kind.DATE, _getter(name, attr))


def decimal(name: str, attr: str | None = None) -> Column:
    """A column of decimals (not money)."""
    return Column(name, Kind.DECIMAL, _getter(name, attr))


def money(name: str, attr: str | None = None) -> Column:
    """Two columns: the amount of a :class:`~outsourcing.Money` and ``<name>_currency``."""
    return Column(name, Kind.MONEY, _getter(name, attr))


def member(name: str, members: type[enum.Enum], attr: str | None = None) -> Column:
    """A column of an enumeration's values, dictionary-encoded."""
    return Column(name, Kind.ENUM, _getter(name, attr), members)


def _first(values: Iterable[Any]) -> Any:
    return next(iter(values), None)


SPECS: Final = (
    TableSpec(
        "contracts",
        lambda c: (c,),
        (
            text("title"),
            date("term_start", "term.start"),
            date("term_end", "term.end"),
            money("value"),
            Column(
                "client_id",
                Kind.TEXT,
                lambda c: _first(p.id for p in c.parties if p.role is PartnerRole.CLIENT),
            ),
            Column("amendments", Kind.INT, lambda c: len(c.amendments)),
        ),
    ),
    TableSpec(
        "parties",
        operator.attrgetter("parties"),
        (
            text("partner_id", "id"),
            text("name"),
            member("role", PartnerRole),
            text("country"),
            text("timezone"),
            texts("capabilities"),
        ),
    ),
    TableSpec(
        "people",
        operator.attrgetter("people"),
        (
            text("person_id", "id"),
            text("partner_id"),
            text("name"),
            text("email"),
            text("title"),
        ),
    ),
    TableSpec(
        "deliverables",
        operator.attrgetter("deliverables"),
        (
            text("deliverable_id", "id"),
            text("title"),
            text("description"),
            texts("acceptance_criteria"),
            member("status", DeliverableStatus),
        ),
    ),
    TableSpec(
        "responsibilities",
        operator.attrgetter("responsibilities"),
        (text("subject_id"), text("assignee_id"), member("role", Raci)),
    ),
    TableSpec(
        "milestones",
        operator.attrgetter("milestones"),
        (
            text("milestone_id", "id"),
            text("title"),
            date("due"),
            member("kind", MilestoneKind),
            text("phase_id"),
            texts("deliverable_ids"),
            money("payment"),
            member("status", MilestoneStatus),
            date("date_met"),
            date("status_on"),
            date("paid_on"),
            text("description"),
            text("code"),
        ),
    ),
    TableSpec(
        "phases",
        operator.attrgetter("phases"),
        (
            text("phase_id", "id"),
            text("name"),
            date("start"),
            date("end"),
            member("kind", PhaseKind),
            member("gate_decision", GateDecision, "gate.decision"),
            date("gate_decided_on", "gate.decided_on"),
            text("gate_decided_by", "gate.decided_by"),
        ),
    ),
    TableSpec(
        "kpis",
        operator.attrgetter("kpis"),
        (
            text("kpi_id", "id"),
            text("name"),
            text("unit"),
            member("direction", Direction),
            decimal("target"),
            decimal("warning"),
            member("window_kind", WindowKind, "window.kind"),
            integer("window_days", "window.days"),
            member("cadence", Cadence),
            text("owner_id"),
            member("aggregation", Aggregation),
            Column(
                "credits_fee",
                Kind.MONEY,
                lambda k: None if k.credits is None else k.credits.fee,
            ),
            Column(
                "credits_cap_percent",
                Kind.DECIMAL,
                lambda k: None if k.credits is None else k.credits.cap_percent,
            ),
        ),
    ),
    TableSpec(
        "kpi_measurements",
        lambda c: [(k, m) for k in c.kpis for m in k.measurements],
        (
            Column("kpi_id", Kind.TEXT, lambda r: r[0].id),
            Column("on", Kind.DATE, lambda r: r[1].on),
            Column("value", Kind.DECIMAL, lambda r: r[1].value),
        ),
    ),
    TableSpec(
        "recurring_charges",
        operator.attrgetter("recurring_charges"),
        (
            text("charge_id", "id"),
            text("title"),
            money("amount"),
            member("period", ChargePeriod),
            date("start"),
            date("end"),
            member("proration", Proration),
            decimal("indexation_percent"),
        ),
    ),
    TableSpec(
        "transactions",
        operator.attrgetter("transactions"),
        (
            text("transaction_id", "id"),
            date("on"),
            money("amount"),
            text("payer_id"),
            text("payee_id"),
            member("kind", TransactionKind),
            text("milestone_id"),
            text("charge_id"),
            date("period"),
            text("reference"),
        ),
    ),
    TableSpec(
        "risks",
        operator.attrgetter("risks"),
        (
            text("risk_id", "id"),
            text("description"),
            member("category", RiskCategory),
            integer("likelihood"),
            integer("impact"),
            text("owner_id"),
            text("mitigation"),
            text("contingency"),
            member("status", RiskStatus),
            member("allocation", RiskAllocation),
            text("allocation_details"),
        ),
    ),
    TableSpec(
        "access_grants",
        operator.attrgetter("access_grants"),
        (
            text("grant_id", "id"),
            text("grantee_id"),
            text("system"),
            member("system_class", OfficeClass),
            member("level", AccessLevel),
            date("granted_on"),
            date("expires_on"),
            text("approved_by"),
            date("revoked_on"),
        ),
    ),
    TableSpec(
        "change_requests",
        operator.attrgetter("change_requests"),
        (
            text("change_request_id", "id"),
            text("title"),
            text("rationale"),
            text("requested_by"),
            date("requested_on"),
            Column("operations", Kind.TEXTS, lambda r: [op.op for op in r.operations]),
            money("cost_impact"),
            integer("schedule_impact_days"),
            member("status", ChangeStatus),
        ),
    ),
)
"""Every entity table, in the order :func:`to_arrow` returns them."""

FINDINGS: Final = TableSpec(
    "findings",
    lambda _: (),  # made from validation results, not from contracts: see findings_table
    (
        text("code"),
        member("severity", Severity),
        text("path"),
        text("message"),
    ),
)
"""The columns of the findings table (after ``contract_id`` and ``contract_version``)."""

BY_NAME: Final[Mapping[str, TableSpec]] = {spec.name: spec for spec in SPECS}


@functools.cache
def _dictionary(members: type[enum.Enum]) -> Any:
    return arrow().array([m.value for m in members], arrow().string())


def _decimal_type(kind: Kind) -> Any:
    pa = arrow()
    scale = MONEY_SCALE if kind is Kind.MONEY else DECIMAL_SCALE
    return pa.decimal128(PRECISION, scale)


def fields(spec: TableSpec) -> list[Any]:
    """The Arrow fields of a table, keys first."""
    pa = arrow()
    out = [pa.field("contract_id", pa.string()), pa.field("contract_version", pa.int64())]
    simple = {
        Kind.TEXT: pa.string(),
        Kind.TEXTS: pa.list_(pa.string()),
        Kind.INT: pa.int64(),
        Kind.BOOL: pa.bool_(),
        Kind.DATE: pa.date32(),
    }
    for column in spec.columns:
        if column.kind is Kind.MONEY:
            out.append(pa.field(column.name, _decimal_type(Kind.MONEY)))
            out.append(pa.field(f"{column.name}_currency", pa.dictionary(pa.int8(), pa.string())))
        elif column.kind is Kind.DECIMAL:
            out.append(pa.field(column.name, _decimal_type(Kind.DECIMAL)))
        elif column.kind is Kind.ENUM:
            out.append(pa.field(column.name, pa.dictionary(pa.int8(), pa.string())))
        else:
            out.append(pa.field(column.name, simple[column.kind]))
    return out


def schema(spec: TableSpec) -> Any:
    """The Arrow schema of a table."""
    return arrow().schema(fields(spec))


def _decimals(table: str, name: str, values: list[Any], kind: Kind) -> Any:
    pa = arrow()
    try:
        return pa.array(values, _decimal_type(kind))
    except (pa.ArrowInvalid, OverflowError):
        scale = MONEY_SCALE if kind is Kind.MONEY else DECIMAL_SCALE
        raise InvalidValueError(
            f"{table}.{name}",
            next(v for v in values if v is not None and _misfits(v, scale)),
            f"at most {scale} decimal places and {PRECISION} digits (an Arrow decimal column)",
        ) from None


def _misfits(value: Any, scale: int) -> bool:
    sign_digits_exponent = value.as_tuple()
    exponent = sign_digits_exponent.exponent
    places = max(0, -exponent)
    whole = max(0, len(sign_digits_exponent.digits) + exponent)
    return bool(places > scale or whole + scale > PRECISION)


def _currencies(values: list[Any]) -> Any:
    pa = arrow()
    codes = [None if m is None else m.currency for m in values]
    return (
        pa.array(codes, pa.string()).dictionary_encode().cast(pa.dictionary(pa.int8(), pa.string()))
    )


def _members(column: Column, values: list[Any]) -> Any:
    pa = arrow()
    import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415 - optional

    members = column.members
    assert members is not None  # noqa: S101 - every ENUM column is made with them
    bad = next((v for v in values if v is not None and type(v) is not members), None)
    if bad is not None:
        raise InvalidValueError(column.name, bad, f"a {members.__name__}")
    # Indices into the enum's values, found at C speed: no Python hash of each member.
    texts = pa.array([None if v is None else v._value_ for v in values], pa.string())
    dictionary = _dictionary(members)
    indices = pc.index_in(texts, value_set=dictionary).cast(pa.int8())
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def columns(spec: TableSpec, rows: list[Any]) -> list[Any]:
    """The Arrow arrays of the table's own columns (not the keys), one per field."""
    pa = arrow()
    simple = {
        Kind.TEXT: pa.string(),
        Kind.INT: pa.int64(),
        Kind.BOOL: pa.bool_(),
        Kind.DATE: pa.date32(),
    }
    out: list[Any] = []
    for column in spec.columns:
        values = list(map(column.get, rows))
        kind = column.kind
        if kind is Kind.MONEY:
            amounts = [None if m is None else m.amount for m in values]
            out.append(_decimals(spec.name, column.name, amounts, kind))
            out.append(_currencies(values))
        elif kind is Kind.DECIMAL:
            out.append(_decimals(spec.name, column.name, values, kind))
        elif kind is Kind.ENUM:
            out.append(_members(column, values))
        elif kind is Kind.TEXTS:
            lists = [None if v is None else list(v) for v in values]
            out.append(pa.array(lists, pa.list_(pa.string())))
        else:
            out.append(pa.array(values, simple[kind]))
    return out


def table(spec: TableSpec, contracts: Sequence[Contract]) -> Any:
    """One entity's table over all ``contracts``."""
    pa = arrow()
    rows: list[Any] = []
    ids: list[str] = []
    versions: list[int] = []
    for contract in contracts:
        found = spec.rows(contract)
        rows.extend(found)
        ids.extend([contract.id] * len(found))
        versions.extend([contract.version] * len(found))
    arrays = [pa.array(ids, pa.string()), pa.array(versions, pa.int64()), *columns(spec, rows)]
    return pa.Table.from_arrays(arrays, schema=schema(spec))


def findings_table(results: Iterable[tuple[str, int, Iterable[Violation]]]) -> Any:
    """The findings table: one row per violation, keyed by contract id and version."""
    pa = arrow()
    rows: list[Violation] = []
    ids: list[str] = []
    versions: list[int] = []
    for contract_id, version, violations in results:
        found = list(violations)
        rows.extend(found)
        ids.extend([contract_id] * len(found))
        versions.extend([version] * len(found))
    arrays = [pa.array(ids, pa.string()), pa.array(versions, pa.int64()), *columns(FINDINGS, rows)]
    return pa.Table.from_arrays(arrays, schema=schema(FINDINGS))
