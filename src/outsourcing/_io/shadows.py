"""msgspec Structs that mirror the model classes field for field.

The fast typed path of loading (:mod:`outsourcing._io.typedload`) has msgspec parse a document
straight into a *shadow* :class:`msgspec.Struct` per model class, checking in C what it can while
it parses; the benchmark's msgspec peer models (``benchmarks/peers.py``) are Structs of the same
models too. :class:`Mirror` makes both from the attrs classes, one Struct per class, with the same
field names, the tagged unions of the models as msgspec tagged unions, and defaults; a subclass says
how a plain value type (a string, a decimal, an enumeration...) and a default are mirrored, and
which options the Structs take.

A union of model classes told apart by a one-value ``Literal`` field (``op: Literal["add_phase"]``,
see :func:`outsourcing._io.convert.tagged_union`) becomes a union of Structs tagged by that field:
within the union, the Struct of a class has no such field, its tag stands for it, and msgspec
picks the class by the tag. Outside a union the class's Struct keeps the field as any other.

:data:`SHADOWS` makes the shadows of the typed path. A shadow checks exactly what the careful path
would (unknown keys, exact types: a JSON ``true`` is no integer, ``5`` is no string) where msgspec
can; every other value stays plain JSON (``Any``), for the generated builders of
:mod:`outsourcing._io.codegen` to convert and judge. A field with a default may be left out: its
shadow holds :data:`msgspec.UNSET` then, and the builder puts the default in, as attrs' ``__init__``
would. A class that cannot be mirrored exactly has no shadow (:class:`Unsupported`), and its
documents take the careful path: a class with a field it sets itself (``init=False``), or one that
contains itself.

Structs are made once, under :data:`LOCK`, and published only when complete, so another thread never
sees a half-made one.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import operator
import threading
from decimal import Decimal
from typing import Any, Final, NamedTuple

import attrs
import msgspec

from outsourcing._io import convert as _convert

LOCK: Final = threading.RLock()
"""Held while Structs, and the decoders and builders made from them, are made and published."""

TAG: Final = object()
"""What a field holds in :attr:`Plan.fields` when the Struct's tag stands for it."""


class Unsupported(Exception):  # noqa: N818 - a verdict, not a failure
    """A class or type that a Struct cannot mirror exactly."""


class Slot(NamedTuple):
    """One field of a model class, as its Struct holds it."""

    attribute: attrs.Attribute[Any]
    hint: Any
    """The field's resolved type in the model class."""
    held: Any
    """The Struct's annotation (without :data:`msgspec.UNSET`), or :data:`TAG`."""


class Plan(NamedTuple):
    """A Struct and the model class it mirrors, field by field."""

    cls: type
    fields: tuple[Slot, ...]
    tag: tuple[str, Any] | None
    """The tag field and its value, for a Struct in a tagged union."""


class Mirror:
    """Make msgspec Structs that mirror attrs classes; subclasses say how values and defaults look.

    The same class gets one Struct, and one more per tagged union that it is a member of.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[type, str | None, bool], Any] = {}
        self._making: set[tuple[type, str | None, bool]] = set()
        self.plans: dict[type, Plan] = {}
        """Struct -> what it mirrors, for every Struct made."""

    # -- what subclasses say -----------------------------------------------------------------

    def leaf(self, t: Any) -> Any:
        """The annotation for a type that is no model class, union, ``X | None`` or tuple."""
        raise NotImplementedError

    def field(self, attribute: attrs.Attribute[Any], held: Any) -> tuple[Any, ...]:
        """The ``defstruct`` field of ``attribute``: its name, annotation and any default."""
        raise NotImplementedError

    def options(self, cls: type, *, document: bool) -> dict[str, Any]:
        """The name of the Struct of ``cls`` and its other ``defstruct`` keywords."""
        raise NotImplementedError

    def leading(self, cls: type, *, document: bool) -> list[tuple[Any, ...]]:
        """Fields the Struct has before those of the class: none unless a subclass says."""
        del cls, document
        return []

    # -- the Structs --------------------------------------------------------------------------

    def struct(self, cls: type, tag: str | None = None, *, document: bool = False) -> Any:
        """The Struct of ``cls``, tagged by its field ``tag`` for a tagged union.

        With ``document``, the Struct of a whole document holding ``cls`` (see :meth:`leading`).

        Raises:
            Unsupported: ``cls`` cannot be mirrored exactly.
        """
        key = (cls, tag, document)
        found = self._made.get(key)  # published complete: no lock needed to read it
        if found is None:
            with LOCK:
                found = self._made.get(key)
                if found is None:
                    found = self._make_once(key)
        if isinstance(found, Unsupported):
            raise Unsupported(*found.args) from found.__cause__
        return found

    def _make_once(self, key: tuple[type, str | None, bool]) -> Any:
        if key in self._making:  # a class inside itself
            raise Unsupported(key[0])
        self._making.add(key)
        made: Any
        try:
            made, plan = self._make(*key)
            self.plans[made] = plan
        except Exception as exc:  # noqa: BLE001 - Unsupported, or an annotation msgspec refuses
            made = Unsupported(key[0])  # kept, for the next to ask, with what went wrong
            made.__cause__ = exc.__cause__ if isinstance(exc, Unsupported) else exc
        finally:
            self._making.discard(key)
        self._made[key] = made  # published complete, with its plan
        return made

    def _make(self, cls: type, tag: str | None, document: bool) -> tuple[Any, Plan]:  # noqa: FBT001
        hints = _convert.field_types(cls)
        attributes = attrs.fields(cls)
        if not all(f.init for f in attributes):
            raise Unsupported(cls)  # a field the class sets itself: the careful path knows it
        slots, specs = [], self.leading(cls, document=document)
        tagged: tuple[str, Any] | None = None
        for attribute in attributes:
            hint = hints[attribute.name]
            if tag is not None and attribute.name == tag:
                values = _convert.literal_values(hint) or ()
                tagged = (tag, values[0])
                slots.append(Slot(attribute, hint, TAG))
                continue
            held = self.type_of(hint)
            slots.append(Slot(attribute, hint, held))
            specs.append(self.field(attribute, held))
        options = self.options(cls, document=document)
        if tagged is not None:
            options |= {"tag_field": tagged[0], "tag": tagged[1]}
        name = options.pop("name")
        return msgspec.defstruct(name, specs, **options), Plan(cls, tuple(slots), tagged)

    def type_of(self, t: Any) -> Any:
        """The Struct annotation of a field of type ``t``.

        Raises:
            Unsupported: ``t`` holds a model class that cannot be mirrored.
        """
        inner = _convert.optional_of(t)
        if inner is not None:
            found = self.type_of(inner)
            return Any if found is Any else found | None
        if attrs.has(t):
            return self.struct(t)
        if (union := _convert.tagged_union(t)) is not None:
            tag, classes = union
            if not all(type(value) is str for value in classes):
                raise Unsupported(t)  # msgspec tags are strings (or integers, not booleans)
            return functools.reduce(operator.or_, (self.struct(c, tag) for c in classes.values()))
        item = _convert.tuple_item(t)
        if item is not None:
            found = self.type_of(item)
            return Any if found is Any else tuple[found, ...]  # type: ignore[valid-type]
        return self.leaf(t)


def plain_enum(t: type[enum.Enum]) -> bool:
    """Whether msgspec judges values of ``t`` as the careful path does: by exact string value.

    msgspec asks an enumeration's ``_missing_`` about a value it does not know; the careful path
    does not, so a lenient enumeration stays plain JSON.
    """
    custom = any("_missing_" in vars(k) for k in t.__mro__ if k is not enum.Enum)
    return len(t) > 0 and all(type(m.value) is str for m in t) and not custom


class Shadows(Mirror):
    """The shadows of the typed path: as strict as the careful path, defaults left to the builders.

    Decimals are strings in the shadow, for the library's own format to judge (msgspec would take
    a number, or an exponent, for a decimal). Dates msgspec reads in C, in the one form the
    converters accept (``YYYY-MM-DD``, a day of the calendar), from JSON text and from Python data
    alike. Values msgspec cannot judge exactly are ``Any``, plain JSON for the builders.
    """

    def leaf(self, t: Any) -> Any:
        if t in (str, int, bool, float, dt.date):
            return t  # msgspec reads a date as the converters do: "YYYY-MM-DD", a real day
        if t is Decimal:
            return str
        if _convert.is_enum(t):
            return t if plain_enum(t) else Any
        if (values := _convert.literal_values(t)) is not None:
            return t if all(type(v) is str for v in values) else Any
        return Any  # free-form data, odd enumerations, anything else: the builders judge

    def field(self, attribute: attrs.Attribute[Any], held: Any) -> tuple[Any, ...]:
        if attribute.default is attrs.NOTHING:
            return (attribute.name, held)
        # Left out, it is UNSET, for the builder to put the default in: never a value of the
        # shadow, whose types differ (a date is a string here), and never written out again.
        return (attribute.name, held if held is Any else held | msgspec.UnsetType, msgspec.UNSET)

    def options(self, cls: type, *, document: bool) -> dict[str, Any]:
        # A shadow lives for one load and is never in a cycle: the collector need not track it.
        name = f"{cls.__name__}{'Document' if document else 'Shadow'}"
        return {"name": name, "kw_only": True, "forbid_unknown_fields": True, "gc": False}

    def leading(self, cls: type, *, document: bool) -> list[tuple[Any, ...]]:
        del cls
        # Whatever it holds, the careful path judges it if it is not a version this release reads.
        return [("schema_version", Any)] if document else []


SHADOWS: Final = Shadows()
"""The shadows of the typed path of loading."""
