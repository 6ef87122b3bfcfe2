"""``outsourcing import-ocds`` and ``outsourcing export-ocds``: OCDS documents in and out."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any, Protocol

from outsourcing import json as ojson
from outsourcing import ocds
from outsourcing._models.contract import Contract
from outsourcing.exceptions import LoadError, MissingDependencyError, Problem

VALID, UNREADABLE = 0, 2


class _Writes(Protocol):
    def write(self, text: str, /) -> int: ...


def add_commands(
    commands: Any,  # noqa: ANN401 - argparse's private sub-parsers action
    raw: type[argparse.HelpFormatter],
) -> None:
    """Add the two commands to the command line's sub-parsers."""
    imports = commands.add_parser(
        "import-ocds",
        help="build contract documents from Open Contracting (OCDS) data",
        description="Read an OCDS release package, record package, release or record (OCDS\n"
        "1.0 or 1.1) and write one contract document per OCDS contract: the document\n"
        "itself for one contract, JSON Lines (one per line) for several. Print on\n"
        "stderr what was lossy, guessed or left out, with its JSON path in FILE.\n"
        "Merging releases needs the ocds extra: pip install 'outsourcing[ocds]'.\n\n"
        "exit status: 0 imported, 2 FILE unreadable or not OCDS.",
        epilog="example:\n  outsourcing import-ocds release-package.json > contract.json\n"
        "  outsourcing validate contract.json",
        formatter_class=raw,
    )
    imports.add_argument("file", metavar="FILE", help="an OCDS document ('-': stdin)")
    imports.add_argument(
        "--quiet", action="store_true", help="do not print the notes, only how many there are"
    )
    imports.set_defaults(run=_import)

    exports = commands.add_parser(
        "export-ocds",
        help="write contract documents as an OCDS 1.1 release package",
        description="Read contract documents and print them as one OCDS 1.1 release package,\n"
        "one release per contract, valid against the OCDS release package schema.\n\n"
        "exit status: 0 written, 2 a file unreadable or not a contract document.",
        epilog="example:\n  outsourcing export-ocds --ocid-prefix ocds-abc123 contract.json",
        formatter_class=raw,
    )
    exports.add_argument("files", nargs="+", metavar="FILE", help="a contract document")
    exports.add_argument(
        "--ocid-prefix", default="ocds-0000", help="your ocid prefix (default: ocds-0000)"
    )
    exports.add_argument(
        "--publisher", default="outsourcing", help="the publisher's name in the package"
    )
    exports.set_defaults(run=_export)


def _read_bytes(name: str) -> bytes:
    try:
        if name == "-":
            if sys.stdin is None:
                raise LoadError((Problem("$", "cannot read standard input: it is closed"),))
            return sys.stdin.buffer.read()
        with open(name, "rb") as file:  # noqa: PTH123 - plain open reads best here
            return file.read()
    except OSError as exc:
        raise LoadError((Problem("$", f"cannot read the file: {exc.strerror or exc}"),)) from None


def _import(args: argparse.Namespace, out: _Writes, err: _Writes) -> int:
    name = args.file
    try:
        result = ocds.loads(_read_bytes(name))
    except LoadError as exc:
        err.write("".join(f"{name}: {p.path}: {p.message}\n" for p in exc.problems))
        return UNREADABLE
    except MissingDependencyError as exc:
        err.write(f"outsourcing import-ocds: {exc}\n")
        return UNREADABLE
    contracts = [c.contract for c in result.contracts]
    if len(contracts) == 1:
        out.write(ojson.dumps(contracts[0], indent=2) + "\n")
    else:
        buffer = io.StringIO()
        ojson.dump_lines(contracts, buffer)
        out.write(buffer.getvalue())
    notes = result.all_notes
    if not args.quiet:
        err.write("".join(f"{name}: {note}\n" for note in notes))
    err.write(f"{name}: {len(contracts)} contract(s) imported, {len(notes)} note(s)\n")
    return VALID


def _export(args: argparse.Namespace, out: _Writes, err: _Writes) -> int:
    contracts: list[Contract] = []
    for name in args.files:
        try:
            contracts.append(ojson.loads(_read_bytes(name)))
        except LoadError as exc:
            err.write("".join(f"{name}: {p.path}: {p.message}\n" for p in exc.problems))
            return UNREADABLE
    package = ocds.to_ocds(contracts, ocid_prefix=args.ocid_prefix, publisher=args.publisher)
    out.write(ocds.dumps(package) + "\n")
    return VALID
