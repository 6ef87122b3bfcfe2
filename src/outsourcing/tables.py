"""Contracts as Arrow tables, for analytics: one table per entity, and one of findings.

Install the ``tables`` extra (``pip install 'outsourcing[tables]'``, which brings pyarrow).

>>> from outsourcing import example_contract, tables
>>> found = tables.to_arrow([example_contract()])
>>> found["milestones"].column_names[:4]
['contract_id', 'contract_version', 'milestone_id', 'title']
>>> str(found["contracts"].schema.field("value").type)
'decimal128(38, 4)'

Every table starts with the keys ``contract_id`` and ``contract_version``. Money is a
``decimal128(38, 4)`` column with a ``<name>_currency`` column beside it, decimals are
``decimal128(38, 6)``, dates ``date32``, enumerations dictionary-encoded strings; the schema of a
table never depends on the data, so batches and Parquet files of one table always concatenate.
pandas (``table.to_pandas(types_mapper=pandas.ArrowDtype)``) and Polars (``polars.from_arrow``)
take the columns over without copying them, decimals included.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from outsourcing._base.violations import Violation
from outsourcing._io import tables as _tables
from outsourcing._models.contract import Contract
from outsourcing.exceptions import InvalidValueError

__all__ = ["TABLES", "findings_to_arrow", "schema", "to_arrow", "write_parquet"]

TABLES: tuple[str, ...] = tuple(spec.name for spec in _tables.SPECS)
"""The names of the entity tables, in the order :func:`to_arrow` returns them."""


def to_arrow(
    contracts: Contract | Iterable[Contract], *, tables: Iterable[str] | None = None
) -> dict[str, Any]:
    """Return one ``pyarrow.Table`` per entity of ``contracts``, by table name.

    Args:
        contracts: A contract, or several (a portfolio): their rows are in one table per entity.
        tables: The names of the tables to make (default: all of :data:`TABLES`).

    Raises:
        MissingDependencyError: pyarrow is not installed.
        InvalidValueError: A name in ``tables`` is not a table; or an amount has more decimal
            places than its column keeps (4 for money, 6 for other decimals): nothing is rounded.
    """
    chosen = list(_chosen(tables))
    portfolio = [contracts] if isinstance(contracts, Contract) else list(contracts)
    for contract in portfolio:
        if not isinstance(contract, Contract):
            raise InvalidValueError("to_arrow(contracts)", contract, "Contract objects")
    return {name: _tables.table(_tables.BY_NAME[name], portfolio) for name in chosen}


def _chosen(names: Iterable[str] | None) -> Iterable[str]:
    if names is None:
        return TABLES
    names = [names] if isinstance(names, str) else list(names)
    for name in names:
        if name not in _tables.BY_NAME:
            raise InvalidValueError("to_arrow(tables=...)", name, f"one of {', '.join(TABLES)}")
    return names


def findings_to_arrow(
    results: Iterable[tuple[str, int, Iterable[Violation]]],
) -> Any:  # noqa: ANN401 - a pyarrow.Table (pyarrow has no type hints)
    """Return the findings table: one row per violation, keyed by contract id and version.

    >>> from outsourcing import example_contract, validate
    >>> contract = example_contract()
    >>> report = validate(contract)
    >>> findings_to_arrow([(contract.id, contract.version, report)]).num_rows == len(report)
    True

    Args:
        results: ``(contract id, contract version, violations)`` for each contract validated; a
            :class:`~outsourcing.Report` is an iterable of violations.
    """
    return _tables.findings_table(results)


def schema(name: str) -> Any:  # noqa: ANN401 - a pyarrow.Schema (pyarrow has no type hints)
    """Return the ``pyarrow.Schema`` of a table (``"findings"`` or one of :data:`TABLES`)."""
    if name == _tables.FINDINGS.name:
        return _tables.schema(_tables.FINDINGS)
    (found,) = _chosen([name])
    return _tables.schema(_tables.BY_NAME[found])


def write_parquet(tables: Mapping[str, Any], directory: str | os.PathLike[str]) -> list[Path]:
    """Write each table to ``<directory>/<name>.parquet`` (the directory is made if need be).

    Returns:
        The paths written, in the order of ``tables``.
    """
    _tables.arrow()
    import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415 - optional

    where = Path(directory)
    where.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = where / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    return written
