"""What an OCDS import says besides the contracts: notes of what was lossy, guessed or left out."""

from __future__ import annotations

import enum

import attrs

from outsourcing._models import checks
from outsourcing._models.contract import Contract


class NoteKind(enum.Enum):
    """Why a note was written.

    ``lossy``: kept, but not all of it (a target that changes over time kept as one value).
    ``guessed``: the source did not say, and the importer chose (a title taken from the tender).
    ``left_out``: the source's data has no place in the model, or the model refused it.
    """

    LOSSY = "lossy"
    GUESSED = "guessed"
    LEFT_OUT = "left_out"


@attrs.frozen(kw_only=True)
class Note:
    """One thing the importer could not carry over as it was.

    Args:
        path: Where in the source document, as a JSONPath (``$.releases[0].contracts[1].value``).
            For a process published in several releases, merged into one compiled release, the
            path starts ``$.releases[?(@.ocid=='...')]`` and the rest is the compiled release's.
        kind: Lossy, guessed or left out.
        message: What happened, in a sentence.
    """

    path: str = attrs.field(validator=checks.text)
    kind: NoteKind = attrs.field(validator=checks.member(NoteKind))
    message: str = attrs.field(validator=checks.text)

    def __str__(self) -> str:
        return f"{self.path}: {self.kind.value}: {self.message}"


@attrs.frozen(kw_only=True)
class ImportedContract:
    """One contract built from an OCDS contract, with the notes that concern it.

    Args:
        contract: The contract.
        ocid: The open contracting process identifier it was published under, if any.
        notes: What was lossy, guessed or left out, in the order the importer met it.
    """

    contract: Contract = attrs.field(validator=checks.instance(Contract))
    ocid: str | None = attrs.field(validator=checks.optional_text)
    notes: tuple[Note, ...] = attrs.field(default=(), validator=checks.tuple_of(Note))


@attrs.frozen(kw_only=True)
class ImportResult:
    """What :func:`outsourcing.ocds.from_ocds` found in a document.

    Args:
        contracts: One entry per OCDS contract, in the document's order.
        notes: Notes about the document as a whole (package metadata, processes without a
            contract, releases the importer could not read).
    """

    contracts: tuple[ImportedContract, ...] = attrs.field(
        default=(), validator=checks.tuple_of(ImportedContract)
    )
    notes: tuple[Note, ...] = attrs.field(default=(), validator=checks.tuple_of(Note))

    @property
    def all_notes(self) -> tuple[Note, ...]:
        """The document's notes, then each contract's, in order."""
        return self.notes + tuple(n for c in self.contracts for n in c.notes)
