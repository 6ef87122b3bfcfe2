"""The shapes of OCDS documents, and releases merged into compiled releases with ocdsmerge.

A document is a release package, a record package, a single release or a single record (OCDS 1.0
or 1.1). Each contracting process becomes one compiled release with the JSONPath where it sits in
the source; releases of one process published apart are merged by ocdsmerge, given the release
schema shipped beside this module so that nothing is fetched.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import attrs

from outsourcing._ocds.notes import Note, NoteKind
from outsourcing.exceptions import LoadError, MissingDependencyError, Problem

_PACKAGE_METADATA = ("uri", "publishedDate", "publisher", "license", "publicationPolicy")
_KNOWN_PACKAGE_KEYS = frozenset(("version", "extensions", "releases", "records", "packages"))


@attrs.frozen
class Process:
    """One contracting process, as a compiled release, and where it comes from.

    Args:
        path: JSONPath of the release in the source (or the filter naming its releases).
        release: The (compiled) release.
    """

    path: str
    release: Mapping[str, Any]


@functools.cache
def release_schema() -> dict[str, Any]:
    """The OCDS 1.1 release schema shipped with the library (a fresh copy is not needed: it is
    only read)."""  # noqa: D205, D209 - one sentence
    text = resources.files("outsourcing._ocds").joinpath("release-schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _merger() -> Any:  # noqa: ANN401 - ocdsmerge has no types
    try:
        import ocdsmerge  # type: ignore[import-untyped] # noqa: PLC0415 - the ocds extra
    except ImportError:  # pragma: no cover - the test environment has the extra
        raise MissingDependencyError(
            "merging OCDS releases needs ocdsmerge: pip install 'outsourcing[ocds]'"
        ) from None
    return ocdsmerge.Merger(schema=release_schema())


def processes(data: object) -> tuple[list[Process], list[Note]]:
    """Split a document into its contracting processes; notes about the document as a whole.

    Raises:
        LoadError: The document is not an OCDS release, record or package of them.
    """
    if not isinstance(data, Mapping):
        raise LoadError((Problem("$", f"expected an OCDS object, got {_kind(data)}"),), "OCDS")
    notes: list[Note] = []
    if "releases" in data and "records" not in data and "ocid" not in data:
        _package_notes(data, notes)
        return list(_from_releases(data["releases"], "$.releases", notes)), notes
    if "records" in data:
        _package_notes(data, notes)
        records = data["records"]
        if not isinstance(records, list):
            raise LoadError((Problem("$.records", "expected an array of records"),), "OCDS")
        found: list[Process] = []
        for i, record in enumerate(records):
            found.extend(_from_record(record, f"$.records[{i}]", notes))
        return found, notes
    if "ocid" in data and ("compiledRelease" in data or "releases" in data):
        return list(_from_record(data, "$", notes)), notes
    if "ocid" in data:
        return [Process("$", data)], notes
    raise LoadError(
        (Problem("$", "expected an OCDS release package, record package, release or record"),),
        "OCDS",
    )


def _kind(value: object) -> str:
    return "an array" if isinstance(value, list) else type(value).__name__


def _package_notes(data: Mapping[str, Any], notes: list[Note]) -> None:
    notes.extend(
        Note(path=f"$.{key}", kind=NoteKind.LEFT_OUT, message="package metadata")
        for key in _PACKAGE_METADATA
        if key in data
    )
    notes.extend(
        Note(path=f"$.{key}", kind=NoteKind.LEFT_OUT, message="not read")
        for key in data
        if key not in _KNOWN_PACKAGE_KEYS and key not in _PACKAGE_METADATA
    )


def _from_releases(releases: object, path: str, notes: list[Note]) -> Iterator[Process]:
    if not isinstance(releases, list):
        raise LoadError((Problem(path, "expected an array of releases"),), "OCDS")
    groups: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
    for i, release in enumerate(releases):
        where = f"{path}[{i}]"
        if not isinstance(release, Mapping):
            notes.append(Note(path=where, kind=NoteKind.LEFT_OUT, message="not a release object"))
            continue
        ocid = release.get("ocid")
        if not isinstance(ocid, str) or not ocid:
            notes.append(Note(path=where, kind=NoteKind.LEFT_OUT, message="a release with no ocid"))
            continue
        groups.setdefault(ocid, []).append((i, release))
    for ocid, group in groups.items():
        if len(group) == 1:
            i, release = group[0]
            yield Process(f"{path}[{i}]", release)
            continue
        where = f"{path}[?(@.ocid=={json.dumps(ocid)})]"
        yield Process(where, _compiled(ocid, [r for _, r in group], where, notes))


def _compiled(
    ocid: str, releases: list[Mapping[str, Any]], where: str, notes: list[Note]
) -> Mapping[str, Any]:
    """The compiled release of one process's releases (the newest one alone if they cannot be
    merged, with a note)."""  # noqa: D205, D209 - one sentence
    merger = _merger()  # outside the try: a missing extra is said, not noted
    try:
        compiled: dict[str, Any] = merger.create_compiled_release([dict(r) for r in releases])
    # ocdsmerge raises its own errors on data it cannot merge, and others (AttributeError,
    # TypeError...) on shapes it does not expect: whatever it raises, the newest release is read.
    except Exception as exc:  # noqa: BLE001 - see above
        dated = [r for r in releases if isinstance(r.get("date"), str)]
        newest = max(dated, key=lambda r: r["date"]) if dated else releases[-1]
        notes.append(
            Note(
                path=where,
                kind=NoteKind.LOSSY,
                message=f"the releases of {ocid} could not be merged ({type(exc).__name__}: "
                f"{exc}); only the newest is read",
            )
        )
        return newest
    return compiled


def _from_record(record: object, where: str, notes: list[Note]) -> Iterator[Process]:
    if not isinstance(record, Mapping):
        notes.append(Note(path=where, kind=NoteKind.LEFT_OUT, message="not a record object"))
        return
    compiled = record.get("compiledRelease")
    if isinstance(compiled, Mapping):
        yield Process(f"{where}.compiledRelease", compiled)
        return
    releases = record.get("releases")
    embedded = (
        [r for r in releases if isinstance(r, Mapping) and "ocid" in r]
        if isinstance(releases, list)
        else []
    )
    if not embedded:
        notes.append(
            Note(
                path=where,
                kind=NoteKind.LEFT_OUT,
                message="a record with neither a compiled release nor embedded releases",
            )
        )
        return
    yield from _from_releases(releases, f"{where}.releases", notes)
