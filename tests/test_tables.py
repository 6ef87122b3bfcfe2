import datetime as dt
import enum
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pandas as pd  # type: ignore[import-untyped]
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import Contract, Money, Severity, Violation, example_contract, tables, validate
from outsourcing._io.convert import field_types, optional_of
from outsourcing.exceptions import InvalidValueError
from outsourcing.strategies import contracts

# Each entity table whose rows are a contract's objects: (table, attribute, id column).
ENTITIES = [
    ("parties", "parties", "partner_id"),
    ("people", "people", "person_id"),
    ("deliverables", "deliverables", "deliverable_id"),
    ("responsibilities", "responsibilities", None),
    ("milestones", "milestones", "milestone_id"),
    ("phases", "phases", "phase_id"),
    ("kpis", "kpis", "kpi_id"),
    ("recurring_charges", "recurring_charges", "charge_id"),
    ("transactions", "transactions", "transaction_id"),
    ("risks", "risks", "risk_id"),
    ("access_grants", "access_grants", "grant_id"),
    ("change_requests", "change_requests", "change_request_id"),
]


def _scalar(declared: Any) -> bool:
    """Whether a field's declared type is one value per row (optional or not)."""
    inner = optional_of(declared) or declared
    if tuple[str, ...] == inner:
        return True
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return True
    return inner in {str, int, bool, dt.date, Decimal, Money}


def _expected_cells(obj: object, id_column: str | None) -> dict[str, Any]:
    """Every scalar field of a model object as the table should hold it, by column name."""
    cells: dict[str, Any] = {}
    for name, declared in field_types(type(obj)).items():
        value = getattr(obj, name)
        if not _scalar(declared):
            continue  # nested objects (a gate, a window, a history) have columns of their own
        column = id_column if name == "id" and id_column else name
        if isinstance(value, Money):
            cells[column] = value.amount
            cells[f"{column}_currency"] = value.currency
        elif isinstance(value, enum.Enum):
            cells[column] = value.value
        elif isinstance(value, tuple):
            cells[column] = list(value)
        else:
            cells[column] = value
    return cells


def _check_portfolio(portfolio: list[Contract]) -> None:
    found = tables.to_arrow(portfolio)
    assert list(tables.TABLES) == list(found)
    for name, attribute, id_column in ENTITIES:
        rows = found[name].to_pylist()
        objects = [(c, o) for c in portfolio for o in getattr(c, attribute)]
        assert len(objects) == len(rows)
        for (contract, obj), row in zip(objects, rows, strict=True):
            assert (contract.id, contract.version) == (row["contract_id"], row["contract_version"])
            for column, value in _expected_cells(obj, id_column).items():
                assert value == row[column], (name, column)
    contract_rows = found["contracts"].to_pylist()
    for contract, row in zip(portfolio, contract_rows, strict=True):
        assert contract.title == row["title"]
        assert (contract.term.start, contract.term.end) == (row["term_start"], row["term_end"])
        assert (contract.value.amount, contract.currency) == (row["value"], row["value_currency"])
    measured = [(c, k, m) for c in portfolio for k in c.kpis for m in k.measurements]
    measurements = found["kpi_measurements"].to_pylist()
    assert [(c.id, k.id, m.on, m.value) for c, k, m in measured] == [
        (r["contract_id"], r["kpi_id"], r["on"], r["value"]) for r in measurements
    ]
    phases = [p for c in portfolio for p in c.phases]
    assert [(p.gate.decision.value, p.gate.decided_on, p.gate.decided_by) for p in phases] == [
        (r["gate_decision"], r["gate_decided_on"], r["gate_decided_by"])
        for r in found["phases"].to_pylist()
    ]


@pytest.mark.slow
@settings(max_examples=40)
@given(st.lists(contracts(), min_size=1, max_size=3))
def test_to_arrow_keeps_every_value(portfolio: list[Contract]) -> None:
    """Column by column, every scalar field of every entity is in its table, unchanged."""
    _check_portfolio(portfolio)


def test_to_arrow_keeps_the_example() -> None:
    """The bundled example, with money, enums, dates and lists, survives the tables."""
    _check_portfolio([example_contract()])


def test_schemas_do_not_depend_on_the_data() -> None:
    """An empty table and a full one have the same schema: batches always concatenate."""
    full = tables.to_arrow(example_contract())
    empty = tables.to_arrow([])
    for name in tables.TABLES:
        assert tables.schema(name) == full[name].schema == empty[name].schema
        assert 0 == empty[name].num_rows
    value = full["contracts"].schema.field("value").type
    assert pa.decimal128(38, 4) == value
    assert pa.date32() == full["milestones"].schema.field("due").type
    assert pa.types.is_dictionary(full["milestones"].schema.field("status").type)
    paid = full["transactions"].schema
    assert pa.decimal128(38, 4) == paid.field("amount").type
    assert pa.types.is_dictionary(paid.field("amount_currency").type)
    assert pa.types.is_dictionary(paid.field("kind").type)
    assert pa.date32() == paid.field("period").type
    assert pa.decimal128(38, 6) == full["recurring_charges"].schema.field("indexation_percent").type


def test_money_too_fine_for_its_column_is_refused_not_rounded() -> None:
    """An amount with more decimal places than the column keeps raises, naming the column."""
    contract = attrs.evolve(example_contract(), value=Money("1.00001", "NOK"))
    with pytest.raises(InvalidValueError, match=r"contracts\.value") as caught:
        tables.to_arrow(contract, tables=["contracts"])
    assert Decimal("1.00001") == caught.value.value


def test_unknown_table_is_refused() -> None:
    """Asking for a table that does not exist names the tables that do."""
    with pytest.raises(InvalidValueError, match="deliverables"):
        tables.to_arrow(example_contract(), tables=["deliverable"])


def test_zero_copy_to_pandas_and_polars_keeps_decimals() -> None:
    """Pandas (Arrow dtypes) and Polars take the columns over: money stays decimal, not object."""
    table = tables.to_arrow(example_contract())["milestones"]
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    assert "decimal128(38, 4)[pyarrow]" == str(frame["payment"].dtype)
    assert Decimal(600000) == frame["payment"].iloc[0]
    polars = pl.from_arrow(table)
    assert isinstance(polars, pl.DataFrame)
    assert pl.Decimal(38, 4) == polars.schema["payment"]
    assert table.column("payment").to_pylist() == polars["payment"].to_list()


def test_findings_table_is_keyed_by_contract() -> None:
    """One row per violation, with the contract's id and version and the violation's fields."""
    contract = example_contract()
    violation = Violation(code="X_Y", severity=Severity.WARNING, path="$.title", message="m")
    table = tables.findings_to_arrow([(contract.id, contract.version, [violation]), ("B", 3, [])])
    assert [
        {
            "contract_id": contract.id,
            "contract_version": contract.version,
            "code": "X_Y",
            "severity": "warning",
            "path": "$.title",
            "message": "m",
        }
    ] == table.to_pylist()
    report = validate(contract, as_of=dt.date(2027, 6, 1))
    found = tables.findings_to_arrow([(contract.id, contract.version, report)])
    assert [v.code for v in report] == found.column("code").to_pylist()
    assert tables.schema("findings") == found.schema


def test_write_parquet_round_trips(tmp_path: Path) -> None:
    """Each table is written as <name>.parquet and reads back equal."""
    found = tables.to_arrow(example_contract())
    written = tables.write_parquet(found, tmp_path / "out")
    assert [tmp_path / "out" / f"{n}.parquet" for n in found] == written
    for name, table in found.items():
        assert table.equals(pq.read_table(tmp_path / "out" / f"{name}.parquet"))
