"""Partner evaluation: weighted criteria, scores with evidence, a ranking and what moved over time.

The same :class:`Evaluation` serves the choice of a partner and the periodic partnership review.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from outsourcing._models import checks
from outsourcing.exceptions import InvalidValueError, NotFoundError

STANDARD_CRITERIA: Final[tuple[str, ...]] = (
    "expertise",
    "experience",
    "track_record",
    "references",
    "cultural_fit",
    "communication",
    "price",
)
"""The criteria the sources name for choosing a partner; add your own freely."""


def _non_negative(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not Decimal or not value.is_finite() or value < 0:
        checks.fail(inst, attribute, value, "a finite Decimal of at least 0")


@attrs.frozen(kw_only=True)
class Criterion:
    """One thing candidates are judged on, and how much it counts.

    Weights are relative: only their proportions matter, so ``3, 2, 1`` ranks as ``30, 20, 10``.

    Args:
        name: Such as ``"expertise"`` (see :data:`STANDARD_CRITERIA`) or one of your own.
        weight: How much it counts; 0 leaves it out.
        description: What a high score means, for the people scoring.
    """

    name: str = attrs.field(validator=checks.text)
    weight: Decimal = attrs.field(validator=_non_negative)
    description: str = attrs.field(default="", validator=checks.plain_str)


@attrs.frozen(kw_only=True)
class Score:
    """One candidate's score on one criterion, and what it rests on.

    Higher is better on every criterion, price included (a cheaper offer scores higher).

    Args:
        candidate: The candidate (a partner id, or any name).
        criterion: The criterion's name.
        value: From 0 to the evaluation's scale.
        evidence: What the score rests on (a reference call, a case study, the quote).
    """

    candidate: str = attrs.field(validator=checks.text)
    criterion: str = attrs.field(validator=checks.text)
    value: Decimal = attrs.field(validator=_non_negative)
    evidence: str = attrs.field(default="", validator=checks.plain_str)


@attrs.frozen(kw_only=True)
class Evaluation:
    """A scorecard: candidates scored on weighted criteria, on one day.

    Args:
        id: Names the evaluation (``"selection-2026"``, ``"review-2027-Q1"``).
        evaluated_on: When the scores were given.
        candidates: Who is evaluated: one partner for a periodic review, several for a choice.
        criteria: What counts, and how much; at least one with a weight above 0.
        scores: The scores; a candidate may lack some (see :class:`MissingScores`).
        scale: Scores run from 0 to this.

    Raises:
        InvalidValueError: Names repeat, a score names an unknown candidate or criterion, scores a
            pair twice or exceeds the scale, or no criterion has weight.
    """

    id: str = attrs.field(validator=checks.text)
    evaluated_on: dt.date = attrs.field(validator=checks.date)
    candidates: tuple[str, ...] = attrs.field(validator=checks.tuple_of(str))
    criteria: tuple[Criterion, ...] = attrs.field(validator=checks.tuple_of(Criterion))
    scores: tuple[Score, ...] = attrs.field(default=(), validator=checks.tuple_of(Score))
    scale: int = attrs.field(default=5, validator=checks.positive_int)

    def __attrs_post_init__(self) -> None:
        _unique("Evaluation.candidates", self.candidates)
        _unique("Evaluation.criteria", tuple(c.name for c in self.criteria))
        if not any(c.weight > 0 for c in self.criteria):
            raise InvalidValueError(
                "Evaluation.criteria", self.criteria, "at least one criterion with a weight above 0"
            )
        candidates, criteria = set(self.candidates), {c.name for c in self.criteria}
        seen: set[tuple[str, str]] = set()
        for i, s in enumerate(self.scores):
            where = f"Evaluation.scores[{i}]"
            if s.candidate not in candidates:
                raise InvalidValueError(where, s.candidate, "one of the evaluation's candidates")
            if s.criterion not in criteria:
                raise InvalidValueError(where, s.criterion, "one of the evaluation's criteria")
            if (s.candidate, s.criterion) in seen:
                raise InvalidValueError(where, s, "one score per candidate and criterion")
            seen.add((s.candidate, s.criterion))
            if s.value > self.scale:
                raise InvalidValueError(where, s.value, f"a score from 0 to {self.scale}")

    def score(self, candidate: str, criterion: str) -> Score | None:
        """Return a candidate's score on a criterion, or ``None`` if it was not scored."""
        for s in self.scores:
            if s.candidate == candidate and s.criterion == criterion:
                return s
        return None


def _unique(where: str, names: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidValueError(where, name, "names that appear once")
        seen.add(name)


class MissingScores(enum.Enum):
    """What a ranking does with a candidate that lacks a score on a weighted criterion.

    ``unranked``: leave the candidate out of the ranking and say which scores are missing (the
    default: nobody wins by not being asked). ``zero``: count each missing score as 0.
    """

    UNRANKED = "unranked"
    ZERO = "zero"


@attrs.frozen(kw_only=True)
class Standing:
    """A candidate's place in a :class:`Ranking`.

    Args:
        candidate: Who.
        position: 1 for the best; tied candidates share a position (1, 1, 3).
        total: The weighted mean score, on the evaluation's scale, to four decimal places.
        tied_with: The other candidates with exactly the same total.
        missing: Weighted criteria without a score, counted as 0 (``MissingScores.ZERO`` only).
        reasons: What decides the place: the criteria that put the candidate ahead of the next
            one down, or behind the next one up.
    """

    candidate: str
    position: int
    total: Decimal
    tied_with: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Unranked:
    """A candidate left out of a ranking for lack of scores.

    Args:
        candidate: Who.
        missing: The weighted criteria it has no score on.
    """

    candidate: str
    missing: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Ranking:
    """The candidates of an evaluation, best first, and those that could not be ranked.

    Args:
        evaluation_id: The evaluation ranked.
        standings: Best first; tied candidates in the order of their names.
        unranked: Candidates without all their scores (``MissingScores.UNRANKED``).
    """

    evaluation_id: str
    standings: tuple[Standing, ...]
    unranked: tuple[Unranked, ...] = ()

    @property
    def winner(self) -> str | None:
        """The one candidate ranked first, or ``None`` if first place is tied or nobody ranked."""
        first = [s for s in self.standings if s.position == 1]
        return first[0].candidate if len(first) == 1 else None

    @property
    def order(self) -> tuple[str, ...]:
        """The ranked candidates, best first."""
        return tuple(s.candidate for s in self.standings)

    def of(self, candidate: str) -> Standing:
        """Return a candidate's standing.

        Raises:
            NotFoundError: The candidate is not ranked.
        """
        for s in self.standings:
            if s.candidate == candidate:
                return s
        raise NotFoundError("ranked candidate", candidate)


_PLACES = Decimal("0.0001")


def _decimal(value: Fraction, places: Decimal = _PLACES) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(places)


def _shown(value: Fraction) -> str:
    return f"{_decimal(value, Decimal('0.01'))}"


def _why(parts: dict[str, dict[str, Fraction]], who: str, other: str) -> str:
    """Name the criteria that make up the gap between ``who`` and ``other``, from ``who``'s side.

    The criteria that open the gap come first, biggest first; those that work against it follow.
    """
    gaps = sorted(
        ((parts[who][c] - parts[other][c], c) for c in parts[who]),
        key=lambda gc: (-abs(gc[0]), gc[1]),
    )
    ahead = [f"{c} +{_shown(g)}" for g, c in gaps if g > 0]
    behind = [f"{c} -{_shown(-g)}" for g, c in gaps if g < 0]
    total = sum((g for g, _ in gaps), Fraction(0))
    decide, against, joint = (
        (ahead, behind, "offset by") if total > 0 else (behind, ahead, "despite")
    )
    text = ", ".join(decide)
    if against:
        text += f"; {joint} " + ", ".join(against)
    return text


def rank(evaluation: Evaluation, *, missing: MissingScores = MissingScores.UNRANKED) -> Ranking:
    """Rank the candidates of an evaluation by weighted mean score, with the reasons.

    Totals are compared exactly (as fractions), so a ranking does not depend on the order
    candidates are listed in, nor on the scale of the weights. Equal totals tie and share a place.

    >>> import datetime as dt
    >>> from decimal import Decimal as D
    >>> ev = Evaluation(
    ...     id="selection",
    ...     evaluated_on=dt.date(2026, 6, 1),
    ...     candidates=("kodehuset", "bytewise"),
    ...     criteria=(
    ...         Criterion(name="expertise", weight=D(3)),
    ...         Criterion(name="price", weight=D(1)),
    ...     ),
    ...     scores=(
    ...         Score(candidate="kodehuset", criterion="expertise", value=D(5)),
    ...         Score(candidate="kodehuset", criterion="price", value=D(3)),
    ...         Score(candidate="bytewise", criterion="expertise", value=D(3)),
    ...         Score(candidate="bytewise", criterion="price", value=D(5)),
    ...     ),
    ... )
    >>> ranking = rank(ev)
    >>> ranking.order, ranking.of("kodehuset").total
    (('kodehuset', 'bytewise'), Decimal('4.5000'))
    >>> ranking.of("kodehuset").reasons
    ("ahead of 'bytewise' by 1.00: expertise +1.50; offset by price -0.50",)

    Args:
        evaluation: The scorecard.
        missing: What to do with candidates lacking a score on a weighted criterion.
    """
    weighted = [c for c in evaluation.criteria if c.weight > 0]
    weight_sum = sum((Fraction(c.weight) for c in weighted), Fraction(0))
    found = {(s.candidate, s.criterion): s.value for s in evaluation.scores}

    parts: dict[str, dict[str, Fraction]] = {}
    totals: dict[str, Fraction] = {}
    lacking: dict[str, tuple[str, ...]] = {}
    unranked: list[Unranked] = []
    for candidate in evaluation.candidates:
        gaps = tuple(c.name for c in weighted if (candidate, c.name) not in found)
        if gaps and missing is MissingScores.UNRANKED:
            unranked.append(Unranked(candidate=candidate, missing=gaps))
            continue
        lacking[candidate] = gaps
        parts[candidate] = {
            c.name: Fraction(c.weight) * Fraction(found.get((candidate, c.name), 0)) / weight_sum
            for c in weighted
        }
        totals[candidate] = sum(parts[candidate].values(), Fraction(0))

    order = sorted(totals, key=lambda who: (-totals[who], who))
    standings: list[Standing] = []
    for i, who in enumerate(order):
        tied = tuple(other for other in order if other != who and totals[other] == totals[who])
        position = 1 + sum(1 for other in order if totals[other] > totals[who])
        reasons: list[str] = []
        if tied:
            names = ", ".join(repr(t) for t in tied)
            reasons.append(f"tied with {names} on {_shown(totals[who])}")
        below = next((o for o in order[i + 1 :] if totals[o] < totals[who]), None)
        above = next((o for o in reversed(order[:i]) if totals[o] > totals[who]), None)
        if below is not None:
            gap = totals[who] - totals[below]
            why = _why(parts, who, below)
            reasons.append(f"ahead of {below!r} by {_shown(gap)}: {why}")
        elif above is not None:
            gap = totals[above] - totals[who]
            why = _why(parts, who, above)
            reasons.append(f"behind {above!r} by {_shown(gap)}: {why}")
        if lacking[who]:
            reasons.append(f"no score on {', '.join(lacking[who])}, counted as 0")
        standings.append(
            Standing(
                candidate=who,
                position=position,
                total=_decimal(totals[who]),
                tied_with=tied,
                missing=lacking[who],
                reasons=tuple(reasons),
            )
        )
    return Ranking(
        evaluation_id=evaluation.id, standings=tuple(standings), unranked=tuple(unranked)
    )


@attrs.frozen(kw_only=True)
class Movement:
    """How one criterion's score for a candidate changed between two evaluations.

    Args:
        criterion: The criterion.
        before: The earlier score, or ``None`` if it was not scored.
        after: The later score, or ``None`` if it was not scored.
    """

    criterion: str
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """``after - before``, or ``None`` when either is missing."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def what_moved(before: Evaluation, after: Evaluation, candidate: str) -> tuple[Movement, ...]:
    """Return the criteria whose score for a candidate changed between two reviews.

    Biggest change first; criteria scored in only one of the two come last. Criteria in both with
    the same score are left out.

    Args:
        before: The earlier evaluation.
        after: The later evaluation.
        candidate: The partner reviewed.
    """
    names = list(
        dict.fromkeys([c.name for c in before.criteria] + [c.name for c in after.criteria])
    )
    moved: list[Movement] = []
    for name in names:
        old, new = before.score(candidate, name), after.score(candidate, name)
        m = Movement(
            criterion=name,
            before=None if old is None else old.value,
            after=None if new is None else new.value,
        )
        if m.before != m.after:
            moved.append(m)
    return tuple(
        sorted(
            moved,
            key=lambda m: (m.change is None, -abs(m.change or Decimal(0)), m.criterion),
        )
    )


def score_history(
    evaluations: Iterable[Evaluation], candidate: str
) -> tuple[tuple[dt.date, Decimal | None], ...]:
    """Return a candidate's weighted total in each evaluation, earliest first.

    The total is ``None`` where the candidate was not evaluated or lacks scores.

    Args:
        evaluations: Reviews of the partnership, in any order.
        candidate: The partner reviewed.
    """
    history: list[tuple[dt.date, Decimal | None]] = []
    for ev in sorted(evaluations, key=lambda e: (e.evaluated_on, e.id)):
        standing = next((s for s in rank(ev).standings if s.candidate == candidate), None)
        history.append((ev.evaluated_on, None if standing is None else standing.total))
    return tuple(history)
