"""Open Contracting Data Standard (OCDS) documents in and out.

:func:`from_ocds` builds contracts from release packages, record packages, releases and records
(OCDS 1.0 and 1.1, with the public-private partnerships extension's metrics and risk allocation),
and says, in :class:`Note` objects with their JSONPath in the source, what was lossy, guessed or
left out. :func:`to_ocds` writes contracts as an OCDS 1.1 release package. Merging releases needs
the ``ocds`` extra: ``pip install 'outsourcing[ocds]'``.

>>> from outsourcing import example_contract
>>> from outsourcing.ocds import from_ocds, to_ocds
>>> package = to_ocds([example_contract()])
>>> package["releases"][0]["contracts"][0]["title"]
'Web shop rebuild'
>>> from_ocds(package).contracts[0].contract.title
'Web shop rebuild'
"""

from __future__ import annotations

import json as _json
from decimal import Decimal
from typing import IO, Any

import msgspec as _msgspec

from outsourcing._base.public import publish as _publish
from outsourcing._ocds.notes import ImportedContract, ImportResult, Note, NoteKind
from outsourcing._ocds.read import from_ocds
from outsourcing._ocds.source import release_schema as _release_schema
from outsourcing._ocds.write import to_ocds
from outsourcing.exceptions import LoadError, Problem

__all__ = [
    "ImportResult",
    "ImportedContract",
    "Note",
    "NoteKind",
    "dumps",
    "from_ocds",
    "load",
    "loads",
    "release_schema",
    "to_ocds",
]

_ENCODER = _msgspec.json.Encoder(decimal_format="number")


def loads(text: str | bytes | bytearray) -> ImportResult:
    """Parse an OCDS document (numbers read as exact decimals) and import it (:func:`from_ocds`).

    Raises:
        LoadError: The text is not JSON, or not an OCDS document.
    """
    try:
        data = _json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError) as exc:
        raise LoadError((Problem("$", f"not JSON: {exc}"),), "OCDS document") from None
    return from_ocds(data)


def load(fp: IO[str] | IO[bytes]) -> ImportResult:
    """Read an OCDS document from a file and import it, as :func:`loads` does."""
    return loads(fp.read())


def dumps(
    package: Any,  # noqa: ANN401 - any JSON value
    *,
    indent: int | None = 2,
) -> str:
    """Write an OCDS document (such as :func:`to_ocds` gives) as JSON, decimals written exactly."""
    raw = _ENCODER.encode(package)
    if indent is None:
        return raw.decode()
    return _msgspec.json.format(raw, indent=indent).decode()


def release_schema() -> dict[str, Any]:
    """A copy of the OCDS 1.1 release schema (1.1.4) that ships with the library."""
    copied: dict[str, Any] = _json.loads(_json.dumps(_release_schema()))
    return copied


_publish(__name__, globals(), __all__)
