r"""The fast typed path of loading: msgspec reads a document into shadow Structs, builders finish.

Each model class has a shadow :class:`msgspec.Struct` (:mod:`outsourcing._io.shadows`), and each
document a Struct of its own, the shadow with ``schema_version`` in front. msgspec parses JSON text
straight into it (:func:`loads`), or converts a document already parsed into Python data
(:func:`from_python`), checking in C, as it goes, the keys (unknown ones are refused, the defaulted
ones may be left out), the exact types of strings, integers, booleans, floats, enumeration values
and literals, and the tagged unions; a generated builder per Struct (:mod:`outsourcing._io.codegen`)
does the rest. Whatever either cannot vouch for raises :class:`~outsourcing._io.codegen.Doubt`,
and :mod:`outsourcing.json` takes the careful path, which decides and explains.

Two things msgspec does not check as the careful path does are checked here. In text, a key that
occurs twice (msgspec keeps the last value): see :func:`parse`. In Python data, types that are not
exactly JSON's (a tuple for an array, a ``str`` subclass or an enumeration member for a string, a
``dict`` subclass for an object), which msgspec converts and the careful path refuses: see
:func:`plain`.

A class whose shadow cannot be made, or with a field of its own named ``schema_version``, has no
typed path: its documents take the careful one.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, Final

import attrs
import msgspec

from outsourcing._io import codegen as _codegen
from outsourcing._io import convert as _convert
from outsourcing._io.codegen import Doubt
from outsourcing._io.convert import MAX_DEPTH
from outsourcing._io.shadows import LOCK, SHADOWS, Unsupported

_documents: dict[type, Any] = {}
_decoders: dict[type, msgspec.json.Decoder[Any] | None] = {}
_encode: Final = msgspec.json.Encoder().encode


def document(cls: type) -> Any | None:
    """The Struct of whole documents of ``cls`` (``schema_version`` and its fields), if any."""
    if cls in _documents:  # every load asks: no lock once the answer is published
        return _documents[cls]
    with LOCK:
        if cls not in _documents:
            found = None
            if "schema_version" not in attrs.fields_dict(cls):
                try:
                    found = SHADOWS.struct(cls, document=True)
                except Unsupported:
                    found = None
            _documents[cls] = found
        return _documents[cls]


def decoder(cls: type) -> msgspec.json.Decoder[Any] | None:
    """The decoder of whole documents of ``cls``, if it has a typed path."""
    if cls in _decoders:
        return _decoders[cls]
    with LOCK:
        if cls not in _decoders:
            struct = document(cls)
            _decoders[cls] = None if struct is None else msgspec.json.Decoder(struct)
        return _decoders[cls]


def parse(text: str, decode: Callable[[str], Any]) -> Any | None:
    r"""Parse JSON text with ``decode``, or return ``None`` to leave it to the careful parse.

    msgspec parses about twice as fast as :mod:`json` with a hook for the pairs of each object,
    and refuses everything :mod:`json` refuses (and more: ``NaN``, numbers too large for a float,
    lone surrogates escaped or not). Where it refuses, the careful parse decides and explains.
    How deep a nesting either parser reads depends on the Python (3.13 reads deeper than 3.12);
    depth is bounded after parsing, where JSON data is made (64 levels at most), so either
    route refuses the same text. What it accepts, it parses to the same values (plain JSON), or
    to shadows holding the same values.

    But it keeps the last value of a repeated key, where a document must be refused. Colons tell:
    outside strings, JSON text has one colon per key, so the text has as many colons as the
    parsed objects have keys plus the colons inside strings. Writing the parsed data back out
    (which never repeats a key, never escapes a colon, and leaves out a field left out, UNSET)
    gives the count without repeats. The two agree exactly when no key repeats, unless a colon
    inside a string is written as the escape ``\u003a``, which counts on one side only: such
    text goes the careful way.
    """
    if "\\u003a" in text or "\\u003A" in text:
        return None
    try:
        data = decode(text)
        written = _encode(data)
    except (msgspec.DecodeError, msgspec.EncodeError, RecursionError, UnicodeEncodeError):
        return None  # refused; or text with a lone surrogate, which msgspec cannot read
    if text.count(":") != written.count(b":"):
        return None  # a key repeats somewhere
    return data


_JSON: Final = frozenset({dict, list, str, int, float, bool, type(None)})


def plain(data: object) -> bool:
    """Whether ``data`` is made of JSON's own Python types only, exactly (no subclass, no tuple).

    The careful path refuses the rest at a typed place; msgspec would convert it. Each level of
    nesting is one pass at C speed: :func:`gc.get_referents` gives the values of every dict and
    list of a level (strings and numbers have none), whose types are checked at once. A cycle,
    or nesting deeper than any document, is left to the careful path.
    """
    level: Any = [data]
    for _ in range(2 * MAX_DEPTH):
        if not level:
            return True
        if not _JSON.issuperset(map(type, level)):
            return False
        level = gc.get_referents(*level)
    return False


class ReadDoubt(Doubt):
    """The text is JSON without a repeated key (msgspec read it); what it holds is in doubt."""


_decode_plain: Final = msgspec.json.Decoder().decode


def plain_parse(text: str, *, read: bool = False) -> Any | None:
    """Parse JSON text into plain dicts and lists for the careful path, or ``None``.

    The careful parse reads objects as pairs, so that a repeated key shows; msgspec reads the
    same data (:func:`parse` says when it can vouch) in a third of the time, into dicts the
    converters read twice as fast as pairs. ``None``: the text needs the careful parse. With
    ``read`` (the typed path raised :class:`ReadDoubt`), the text is known to have no repeated
    key, and is not counted again.
    """
    if read:
        return _decode_plain(text)
    if "\\u003a" in text or "\\u003A" in text:
        return None  # as in parse(): the count below cannot vouch for such text
    try:
        data = _decode_plain(text)
        colons = _colons(data)
    except (msgspec.DecodeError, msgspec.EncodeError, RecursionError, UnicodeEncodeError):
        return None  # refused; or text with a lone surrogate, which msgspec cannot read
    return data if text.count(":") == colons else None


def _colons(data: object) -> int:
    """The colons :func:`parse` counts in the data written back out, one top-level value at a time.

    The same count as writing it all at once, without a copy of the whole text beside the parsed
    data (which would raise a refusal's peak memory): at most the largest field's.
    """
    if type(data) is not dict:
        whole: bytes = _encode(data)
        return whole.count(b":")
    fields: dict[str, object] = data
    keys = sum(key.count(":") for key in fields)
    return len(fields) + keys + sum(bytes(_encode(v)).count(b":") for v in fields.values())


_shadowed: dict[Any, tuple[Any, Callable[[Any], Any], Callable[[Any], Any]] | None] = {}
_top: Final = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode
_items: Final = msgspec.json.Decoder(list[msgspec.Raw]).decode
_READ_ERRORS: Final = (msgspec.DecodeError, msgspec.EncodeError, RecursionError, UnicodeEncodeError)


def _typed(t: Any) -> tuple[Any, Callable[[Any], Any], Callable[[Any], Any]] | None:
    """The shadow of model class ``t``, its decoder and its builder; ``None`` where it has none."""
    if t in _shadowed:
        return _shadowed[t]
    with LOCK:
        if t not in _shadowed:
            found = None
            if isinstance(t, type) and attrs.has(t):
                try:
                    struct = SHADOWS.struct(t)
                    found = (struct, msgspec.json.Decoder(struct).decode, _codegen.builder(struct))
                except Exception:  # noqa: BLE001 - Unsupported, or no builder: the converter builds
                    found = None
            _shadowed[t] = found
        return _shadowed[t]


class Items:
    """The careful path's reading of JSON text: its arrays of model objects read item by item.

    :meth:`parse` reads the text's top-level object with msgspec, but leaves each array of model
    objects (a contract's deliverables...) as the text of its items (:class:`msgspec.Raw`, a few
    dozen bytes each beside the text), and the converters
    (:func:`outsourcing._io.convert.build_or_explain`) ask for one item at a time: the typed path
    builds it, if :meth:`builder` can vouch for it, else :meth:`plain` reads it into plain JSON
    for the converter to build or explain. So the whole document is never held as parsed data
    beside the objects: a refusal's peak is the text and what the objects take. Nested arrays of
    a doubted item are plain JSON, which :meth:`builder` reads too.

    Repeated keys (msgspec keeps the last value) are found as :func:`parse` finds them, by the
    colons of the data written back out, counted piece by piece as each is read: the top-level
    keys, the other values, and each item. Where a key repeats (the pieces have fewer colons
    than the text), or the text cannot be read so, :meth:`sound` says so after the build, and
    the text takes the pairs' parse. ``read``: the typed path read the text already, and no key
    repeats.
    """

    def __init__(self, *, read: bool) -> None:
        self.read = read
        self.unchecked = 0  # items whose colons are not counted yet
        self.colons = 0  # the colons of the data read so far, written back out
        self.expected = 0  # the text's
        self.failed = False

    def sound(self) -> bool:
        """Whether every item was read and no key repeats: the converters' verdict holds."""
        if self.failed:
            return False
        return self.read or (self.unchecked == 0 and self.colons == self.expected)

    def parse(self, text: str, cls: type) -> dict[str, Any] | None:
        """The top-level object of ``text``, arrays of model objects as their items' text.

        ``None``: the text is not an object that msgspec reads, or not one it can vouch for.
        """
        if not self.read and ("\\u003a" in text or "\\u003A" in text):
            return None  # as in parse(): the count cannot vouch for such text
        hints = _convert.field_types(cls)
        try:
            top = _top(text)
            data: dict[str, Any] = {}
            colons = len(top) + sum(key.count(":") for key in top)
            self.expected = text.count(":")
            for key, raw in top.items():
                item = _convert.tuple_item(hints[key]) if key in hints else None
                if item is not None and _typed(item) is not None:
                    try:
                        data[key] = items = _items(raw)
                    except msgspec.ValidationError:
                        pass  # not an array: read as it is, below
                    else:
                        self.unchecked += len(items)
                        continue
                data[key] = value = _decode_plain(raw)
                if not self.read:
                    colons += _encode(value).count(b":")
        except (*_READ_ERRORS, msgspec.ValidationError):
            return None
        self.colons = colons
        return data

    def _check(self, data: Any) -> None:
        if not self.read:
            self.colons += _encode(data).count(b":")
        self.unchecked -= 1  # (after what may raise: an item is counted once)

    def plain(self, value: Any) -> Any:
        """An item as plain JSON data (an item's text read; anything else as it is)."""
        if type(value) is not msgspec.Raw:
            return value
        try:
            data = _decode_plain(value)
            self._check(data)
        except _READ_ERRORS:
            self.failed = True
            return None
        return data

    def prefix(self, value: list[Any], t: Any, *, consume: bool) -> list[Any]:
        """The items of ``value`` that :meth:`builder` builds, up to the first it doubts.

        The same objects, one tight loop: most items of a refused document are right. With
        ``consume``, each built item's place in ``value`` is emptied.
        """
        made: list[Any] = []
        typed = _typed(t)
        if typed is None:
            return made
        struct, decode, build = typed
        append, convert, raw, read = made.append, msgspec.convert, msgspec.Raw, self.read
        colons = checked = 0
        try:
            for index, item in enumerate(value):
                if type(item) is raw:
                    shadow = decode(item)
                    built = build(shadow)
                    if not read:
                        colons += _encode(shadow).count(b":")
                    checked += 1
                elif type(item) is dict:  # an item of a doubted item: counted with it
                    built = build(convert(item, struct))
                else:
                    break
                append(built)
                if consume:
                    value[index] = None
        except Exception:  # noqa: BLE001, S110 - in doubt: item by item from here
            pass
        finally:
            self.colons += colons
            self.unchecked -= checked
        return made

    def builder(self, t: Any) -> Callable[[Any], Any] | None:
        """A function that builds an item of model class ``t`` the typed way, or raises.

        Given an item's text or its plain JSON data (exactly JSON's types), msgspec makes the
        shadow and the generated builder finishes, as for a whole document; whatever it cannot
        vouch for raises, for the converter to decide. ``None`` where ``t`` has no shadow.
        """
        typed = _typed(t)
        if typed is None:
            return None
        struct, decode, build = typed
        convert, check = msgspec.convert, self._check

        def built(value: Any) -> Any:  # raises whatever msgspec or the builder raises: in doubt
            if type(value) is msgspec.Raw:
                shadow = decode(value)
                made = build(shadow)
                check(shadow)  # once: an item in doubt is counted when plain() reads it
                return made
            if type(value) is not dict:
                raise Doubt
            return build(convert(value, struct))

        return built


def _version(shadow: Any, newest: int) -> None:
    version = shadow.schema_version
    if type(version) is not int or not 1 <= version <= newest:
        raise Doubt  # the careful path says what is wrong with it


def loads(text: str, cls: type, newest: int) -> Any:
    """Build ``cls`` from the JSON text of a document in format version ``newest`` or older.

    Raises:
        ReadDoubt: The text is JSON without a repeated key, but the typed path cannot vouch for
            what it holds; the careful path decides.
        Doubt: The typed path cannot vouch for the text; the careful path decides.
    """
    found = decoder(cls)
    if found is None:
        raise Doubt
    shadow = parse(text, found.decode)
    if shadow is None:
        raise Doubt
    try:
        _version(shadow, newest)
        return _codegen.build(shadow)
    except Doubt:
        raise ReadDoubt from None


def from_python(data: object, cls: type, newest: int) -> Any:
    """Build ``cls`` from a document parsed into Python data (dicts, lists, strings, numbers).

    Raises:
        Doubt: The typed path cannot vouch for the data; the careful path decides.
    """
    struct = document(cls)
    if struct is None or not plain(data):
        raise Doubt
    try:
        shadow = msgspec.convert(data, struct)
    except (msgspec.ValidationError, RecursionError):
        raise Doubt from None
    _version(shadow, newest)
    return _codegen.build(shadow)
