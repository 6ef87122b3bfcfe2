"""The command line over many documents: ``validate`` with ``--jobs`` or JSON Lines, and ``tables``.

``outsourcing validate`` comes here when it is given ``--jobs`` or a JSON Lines file: documents are
checked as a stream (on several processes with ``--jobs N``), a progress line is shown on a
terminal, and the outcome is summed up per rule; only the documents with something to say are
listed. ``outsourcing tables`` writes the Arrow tables of the contracts as Parquet files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from outsourcing import json as ojson
from outsourcing._bulk.checking import Checked, check_files, is_lines
from outsourcing._rules.catalogue import CATALOGUE
from outsourcing._rules.machinery import Rule
from outsourcing._rules.rule_sets import AUTHORED, RULE_SETS
from outsourcing.exceptions import LoadError, MissingDependencyError

VALID, INVALID, UNREADABLE = 0, 1, 2

BATCH = 256
"""Contracts per batch written to the Parquet files: memory holds one batch."""


def wants_portfolio(args: argparse.Namespace) -> bool:
    """Whether ``validate`` runs here: with ``--jobs``, or when a file holds JSON Lines."""
    return args.jobs is not None or any(is_lines(name) for name in args.files)


def add_arguments(check: argparse.ArgumentParser) -> None:
    """The options of ``validate`` for many documents."""
    check.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check on N processes, summing up per rule (also the way for .jsonl files)",
    )


def _jobs(text: str) -> int:
    if text.isdigit() and int(text) >= 1:
        return int(text)
    msg = f"expected a number of processes (1 or more), got {text!r}"
    raise argparse.ArgumentTypeError(msg)


class _Progress:
    """A one-line count of documents on a terminal's stderr; nothing when it is not a terminal."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.shown = err.isatty()
        self.last = 0.0

    def update(self, done: int, invalid: int, unreadable: int) -> None:
        now = time.monotonic()
        if self.shown and now - self.last >= 0.1:
            self.last = now
            self.err.write(
                f"\r{done:,} documents checked, {invalid:,} invalid, {unreadable:,} unreadable"
            )
            self.err.flush()

    def close(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def validate_many(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``outsourcing validate`` over many documents; returns the exit status."""
    progress = _Progress(err)
    documents: Counter[str] = Counter()
    rules: dict[str, Counter[str]] = {}
    listed: list[dict[str, Any]] = []
    worst = VALID
    try:
        for checked in check_files(
            args.files, as_of=args.as_of, jobs=args.jobs or 1, rules=_rules(args)
        ):
            documents[checked.status] += 1
            worst = max(worst, {"valid": VALID, "invalid": INVALID}.get(checked.status, 2))
            _count(rules, checked)
            if checked.violations or checked.problems:
                listed.append(_result(checked))
                if args.format == "text":
                    progress.close()
                    out.write(_text(checked))
            progress.update(sum(documents.values()), documents["invalid"], documents["unreadable"])
    finally:
        progress.close()
    summary = _summary(documents, rules)
    if args.format == "json":
        out.write(json.dumps({**summary, "results": listed}, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(_render(summary))
    return worst


def _rules(args: argparse.Namespace) -> tuple[Rule, ...] | None:
    """The rules of the ``--rule-set`` asked for; None for the whole catalogue, as by default."""
    chosen = RULE_SETS[args.rule_set]
    return None if chosen is AUTHORED else tuple(chosen)


def _count(rules: dict[str, Counter[str]], checked: Checked) -> None:
    seen = set()
    for v in checked.violations:
        counts = rules.setdefault(v.code, Counter())
        counts[v.severity.value] += 1
        if v.code not in seen:
            counts["documents"] += 1
            seen.add(v.code)


def _result(checked: Checked) -> dict[str, Any]:
    return {
        "source": checked.source,
        "line": checked.line,
        "contract_id": checked.contract_id,
        "contract_version": checked.contract_version,
        "status": checked.status,
        "violations": [
            {"code": v.code, "severity": v.severity.value, "path": v.path, "message": v.message}
            for v in checked.violations
        ],
        "problems": [{"path": p.path, "message": p.message} for p in checked.problems],
    }


def _text(checked: Checked) -> str:
    if checked.problems:
        lines = [f"{checked.where}: unreadable"]
        lines += [f"  {p.path}: {p.message}" for p in checked.problems]
    else:
        errors = sum(1 for v in checked.violations if v.severity.value == "error")
        warnings = len(checked.violations) - errors
        head = "valid" if checked.ok else "INVALID"
        lines = [
            f"{checked.where} ({checked.contract_id}): {head}: {errors} errors, {warnings} warnings"
        ]
        lines += [f"  {v}" for v in checked.violations]
    return "\n".join(lines) + "\n"


def _summary(documents: Counter[str], rules: dict[str, Counter[str]]) -> dict[str, Any]:
    order = {code: i for i, code in enumerate(CATALOGUE)}
    return {
        "documents": sum(documents.values()),
        "valid": documents["valid"],
        "invalid": documents["invalid"],
        "unreadable": documents["unreadable"],
        "rules": {
            code: {
                "errors": counts["error"],
                "warnings": counts["warning"],
                "documents": counts["documents"],
            }
            for code, counts in sorted(rules.items(), key=lambda kv: order.get(kv[0], len(order)))
        },
    }


def _render(summary: dict[str, Any]) -> str:
    head = (
        f"{summary['documents']:,} documents: {summary['valid']:,} valid, "
        f"{summary['invalid']:,} invalid, {summary['unreadable']:,} unreadable"
    )
    lines = [head]
    if summary["rules"]:
        lines.append(f"  {'rule':<26}{'errors':>8}{'warnings':>10}{'documents':>11}")
        lines += [
            f"  {code:<26}{c['errors']:>8,}{c['warnings']:>10,}{c['documents']:>11,}"
            for code, c in summary["rules"].items()
        ]
    return "\n".join(lines) + "\n"


# -- outsourcing tables ---------------------------------------------------------------------


def add_tables_command(
    commands: Any,  # noqa: ANN401 - argparse's sub-parsers action has a private type
    formatter: type[argparse.HelpFormatter],
) -> argparse.ArgumentParser:
    """The ``tables`` sub-command (its caller adds ``--rule-set``, as to ``validate``)."""
    tables = commands.add_parser(
        "tables",
        help="write the contracts' tables (and the findings) as Parquet files",
        description="Load the contract documents (JSON, or JSON Lines for .jsonl files) and\n"
        "write one Parquet file per table into DIR: contracts, parties, people,\n"
        "deliverables, responsibilities, milestones, phases, kpis, kpi_measurements,\n"
        "recurring_charges, transactions, risks, access_grants, change_requests, and\n"
        "findings (what validate reports, with the rules of --rule-set).\n"
        "Documents that do not load are reported and left out.\n\n"
        "exit status: 0 written, 2 a document unreadable (the rest are written).",
        epilog="example:\n  outsourcing tables portfolio.jsonl --out tables/\n"
        "  (needs pyarrow: pip install 'outsourcing[tables]')",
        formatter_class=formatter,
    )
    tables.add_argument("files", nargs="+", metavar="FILE", help="contract documents")
    tables.add_argument("--out", required=True, metavar="DIR", help="where to write the files")
    tables.add_argument(
        "--as-of", type=_date, metavar="DATE", help="judge time-dependent rules on this day"
    )
    tables.set_defaults(run=write_tables)
    parser: argparse.ArgumentParser = tables
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"expected a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _contracts(names: Iterable[str], err: TextIO, failed: list[str]) -> Iterator[Any]:
    for name in names:
        if is_lines(name):
            for line in ojson.load_lines(name):
                if line.error is not None:
                    failed.append(name)
                    err.write(f"{name}: {line.error}\n")
                else:
                    yield line.value
            continue
        try:
            with open(name, "rb") as file:  # noqa: PTH123
                yield ojson.load(file)
        except (OSError, LoadError) as exc:
            failed.append(name)
            err.write(f"{name}: {exc}\n")


def write_tables(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``outsourcing tables``: write each table as ``DIR/<table>.parquet``, batch by batch."""
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415 - optional

        from outsourcing import tables  # noqa: PLC0415
        from outsourcing._rules.catalogue import validate  # noqa: PLC0415
    except ImportError:
        err.write("outsourcing tables: needs pyarrow: pip install 'outsourcing[tables]'\n")
        return UNREADABLE
    where = Path(args.out)
    where.mkdir(parents=True, exist_ok=True)
    names = [*tables.TABLES, "findings"]
    writers = {n: pq.ParquetWriter(where / f"{n}.parquet", tables.schema(n)) for n in names}
    failed: list[str] = []
    count = 0
    rules = _rules(args)
    try:
        contracts = _contracts(args.files, err, failed)
        while batch := list(itertools.islice(contracts, BATCH)):
            count += len(batch)
            for name, table in tables.to_arrow(batch).items():
                writers[name].write_table(table)
            results = [(c.id, c.version, validate(c, as_of=args.as_of, rules=rules)) for c in batch]
            writers["findings"].write_table(tables.findings_to_arrow(results))
    except MissingDependencyError as exc:
        err.write(f"outsourcing tables: {exc}\n")
        return UNREADABLE
    finally:
        for writer in writers.values():
            writer.close()
    out.write(f"{count:,} contracts: {len(names)} tables written to {where}\n")
    return UNREADABLE if failed else VALID
