"""Small OCDS objects to model objects: documents, amendments and the contract's status."""

from __future__ import annotations

from outsourcing._models.changes import Amendment
from outsourcing._models.contract import ContractStatus
from outsourcing._models.documents import Document
from outsourcing._ocds.cursor import Cursor
from outsourcing._ocds.notes import NoteKind

STATUSES = {s.value: s for s in ContractStatus}


def contract_status(c: Cursor) -> ContractStatus | None:
    """The contract's status (the closed contractStatus codelist)."""
    code = c.text("status")
    if code is None:
        return None
    if code not in STATUSES:
        c.notes.add(c.where("status"), NoteKind.LEFT_OUT, f"{code!r} is no contract status")
        return None
    return STATUSES[code]


def documents_of(owner: Cursor) -> tuple[Document, ...]:
    """The documents of a contract or milestone."""
    found = []
    for d in owner.objs("documents"):
        built = d.notes.build(
            d.path,
            Document,
            id=d.text("id"),
            document_type=d.text("documentType"),
            title=d.text("title"),
            description=d.text("description"),
            url=d.text("url"),
            date_published=d.date("datePublished"),
            date_modified=d.date("dateModified"),
            format=d.text("format"),
            language=d.text("language"),
        )
        if built is not None:
            found.append(built)
        d.done()
    return tuple(found)


def amendments_of(c: Cursor) -> tuple[Amendment, ...]:
    """Amendments as published (1.1 ``amendments``, 1.0 ``amendment``): observed, with only a
    date, a rationale and a description."""  # noqa: D205, D209 - one sentence
    items = c.objs("amendments")
    if not items:
        single = c.obj("amendment")  # OCDS 1.0
        items = [single] if single is not None else []
    found: list[Amendment] = []
    for a in items:
        rationale = a.text("rationale")
        description = a.text("description")
        if rationale is None and description is not None:
            rationale = description
            a.notes.add(a.where("rationale"), NoteKind.GUESSED, "no rationale: the description")
        built = a.notes.build(
            a.path,
            Amendment,
            version=len(found) + 2,
            date=a.date("date"),
            change_request_id=None,
            rationale=rationale,
            value_before=None,
            description=description,
        )
        if built is not None:
            found.append(built)
        a.done()
    return tuple(found)
