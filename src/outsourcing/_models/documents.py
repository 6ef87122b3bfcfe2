"""Documents: links to the notices, contract texts, reports and other files of an engagement."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final

import attrs

from outsourcing._models import checks

_LANGUAGE: Final = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _language(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not str or not _LANGUAGE.fullmatch(value)):
        checks.fail(
            inst, attribute, value, "a language code such as 'en' or 'es' (ISO 639-1), or None"
        )


@attrs.frozen(kw_only=True)
class Document:
    """A document of the contract or of a milestone, as a link with what it is.

    Args:
        id: Unique among the documents of the contract or milestone that lists it.
        document_type: What the document is, in the words of the OCDS document type list
            (``"contractSigned"``, ``"completionCertificate"``...) or the publisher's own.
        title: The document's title.
        description: What it holds, briefly.
        url: Where it can be read.
        date_published: When it was first published.
        date_modified: When it was last changed.
        format: Its media type, such as ``"application/pdf"``.
        language: The language it is written in, as an ISO 639-1 code such as ``"en"``.
    """

    id: str = attrs.field(validator=checks.text)
    document_type: str | None = attrs.field(default=None, validator=checks.optional_text)
    title: str | None = attrs.field(default=None, validator=checks.optional_text)
    description: str | None = attrs.field(default=None, validator=checks.optional_text)
    url: str | None = attrs.field(default=None, validator=checks.optional_text)
    date_published: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    date_modified: dt.date | None = attrs.field(default=None, validator=checks.optional_date)
    format: str | None = attrs.field(default=None, validator=checks.optional_text)
    language: str | None = attrs.field(default=None, validator=_language)
