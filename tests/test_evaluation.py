import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.evaluation import (
    STANDARD_CRITERIA,
    Criterion,
    Evaluation,
    MissingScores,
    Movement,
    Score,
    Unranked,
    rank,
    score_history,
    what_moved,
)
from outsourcing.exceptions import InvalidValueError, NotFoundError
from outsourcing.strategies import evaluations

D = Decimal
WEIGHTS = {
    "expertise": 5,
    "experience": 3,
    "track_record": 4,
    "references": 2,
    "cultural_fit": 2,
    "communication": 3,
    "price": 4,
}


def selection(scores: dict[str, dict[str, int]], **changes: object) -> Evaluation:
    """A selection on the seven standard criteria; ``scores`` is candidate -> criterion -> 0-5."""
    fields: dict[str, object] = {
        "id": "selection-2026",
        "evaluated_on": dt.date(2026, 6, 1),
        "candidates": tuple(scores),
        "criteria": tuple(Criterion(name=n, weight=D(w)) for n, w in WEIGHTS.items()),
        "scores": tuple(
            Score(candidate=who, criterion=c, value=D(v), evidence=f"{who} on {c}")
            for who, row in scores.items()
            for c, v in row.items()
        ),
    }
    return Evaluation(**(fields | changes))  # type: ignore[arg-type]


def row(*values: int) -> dict[str, int]:
    return dict(zip(STANDARD_CRITERIA, values, strict=True))


def test_the_sources_criteria_are_standard() -> None:
    """Seed 004: expertise, experience, track record, references, cultural fit; plus the rest."""
    assert (
        "expertise",
        "experience",
        "track_record",
        "references",
        "cultural_fit",
        "communication",
        "price",
    ) == STANDARD_CRITERIA


def test_ranking_explains_what_decides_it() -> None:
    """Best weighted mean first; each place names the criteria that open the gap to the next."""
    ranking = rank(
        selection(
            {
                "kodehuset": row(5, 4, 4, 4, 4, 4, 3),
                "bytewise": row(3, 3, 3, 4, 4, 3, 5),
                "nordsoft": row(4, 5, 5, 3, 2, 3, 2),
            }
        )
    )
    assert ("kodehuset", "nordsoft", "bytewise") == ranking.order
    assert "kodehuset" == ranking.winner
    first = ranking.of("kodehuset")
    # (5x5 + 4x3 + 4x4 + 4x2 + 4x2 + 4x3 + 3x4) / 23 = 93 / 23; nordsoft has 82 / 23.
    assert (1, D("4.0435")) == (first.position, first.total)
    assert (
        (
            "ahead of 'nordsoft' by 0.48: expertise +0.22, cultural_fit +0.17, price +0.17, "
            "communication +0.13, references +0.09; offset by track_record -0.17, experience -0.13"
        ),
    ) == first.reasons
    last = ranking.of("bytewise")
    assert (3, D("3.5217")) == (last.position, last.total)
    assert (
        (
            "behind 'nordsoft' by 0.04: track_record -0.35, experience -0.26, expertise -0.22; "
            "despite price +0.52, cultural_fit +0.17, references +0.09"
        ),
    ) == last.reasons
    with pytest.raises(NotFoundError):
        ranking.of("ghost")


def test_ties_share_a_place_and_say_so() -> None:
    """Equal totals share a position (1, 1, 3), are listed by name, and there is no winner."""
    ranking = rank(
        selection(
            {
                "b": row(4, 4, 4, 4, 4, 4, 4),
                "a": row(4, 4, 4, 4, 4, 4, 4),
                "c": row(3, 3, 3, 3, 3, 3, 3),
            }
        )
    )
    assert [("a", 1), ("b", 1), ("c", 3)] == [(s.candidate, s.position) for s in ranking.standings]
    assert ("b",) == ranking.of("a").tied_with
    assert "tied with 'b' on 4.00" == ranking.of("a").reasons[0]
    assert ranking.winner is None


def test_missing_scores_are_handled_explicitly() -> None:
    """By default a candidate lacking a weighted score is not ranked; ZERO counts it as 0."""
    scores = {"full": row(3, 3, 3, 3, 3, 3, 3), "partial": row(5, 5, 5, 5, 5, 5, 5)}
    del scores["partial"]["references"]
    ev = selection(scores)
    ranking = rank(ev)
    assert ("full",) == ranking.order
    assert (Unranked(candidate="partial", missing=("references",)),) == ranking.unranked
    zero = rank(ev, missing=MissingScores.ZERO)
    assert ("partial", "full") == zero.order
    assert ("references",) == zero.of("partial").missing
    assert "no score on references, counted as 0" in zero.of("partial").reasons
    # A criterion with weight 0 does not count, so a missing score on it is no gap.
    no_refs = attrs.evolve(
        ev,
        criteria=tuple(
            attrs.evolve(c, weight=D(0)) if c.name == "references" else c for c in ev.criteria
        ),
    )
    assert ("partial", "full") == rank(no_refs).order


def test_bad_scorecards_are_refused() -> None:
    """Scores name known candidates and criteria, once each, within the scale; some weight counts."""
    good = selection({"a": row(1, 2, 3, 4, 5, 0, 1)})
    bad_score = Score(candidate="a", criterion="expertise", value=D(6))
    cases = [
        ({"scores": (*good.scores[1:], bad_score)}, r"Evaluation.scores\[6\]: expected a score"),
        ({"scores": (*good.scores, good.scores[0])}, "one score per candidate and criterion"),
        ({"candidates": ("a", "a")}, r"Evaluation.candidates: expected names that appear once"),
        (
            {"criteria": tuple(attrs.evolve(c, weight=D(0)) for c in good.criteria)},
            "at least one criterion with a weight above 0",
        ),
        ({"candidates": ("b",)}, "one of the evaluation's candidates"),
    ]
    for changes, message in cases:
        with pytest.raises(InvalidValueError, match=message):
            attrs.evolve(good, **changes)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"Criterion.weight"):
        Criterion(name="price", weight=D(-1))


def test_periodic_reviews_show_what_moved() -> None:
    """The same scorecard, filled in each quarter, gives the totals over time and what changed."""
    q1 = selection({"kodehuset": row(5, 4, 4, 4, 4, 4, 3)}, id="review-Q1")
    q2 = selection(
        {"kodehuset": row(5, 4, 4, 4, 4, 2, 3)}, id="review-Q2", evaluated_on=dt.date(2026, 9, 1)
    )
    q3 = selection(
        {"kodehuset": row(5, 4, 5, 4, 4, 3, 3)}, id="review-Q3", evaluated_on=dt.date(2026, 12, 1)
    )
    assert (Movement(criterion="communication", before=D(4), after=D(2)),) == what_moved(
        q1, q2, "kodehuset"
    )
    assert [("communication", D(1)), ("track_record", D(1))] == [
        (m.criterion, m.change) for m in what_moved(q2, q3, "kodehuset")
    ]
    history = score_history([q3, q1, q2], "kodehuset")
    assert [dt.date(2026, 6, 1), dt.date(2026, 9, 1), dt.date(2026, 12, 1)] == [
        day for day, _ in history
    ]
    assert [D("4.0435"), D("3.7826"), D("4.0870")] == [total for _, total in history]
    assert ((dt.date(2026, 6, 1), None),) == score_history([q1], "ghost")


def test_a_score_appearing_is_a_movement_without_a_change() -> None:
    """A criterion scored only once moves from or to None, after the numeric changes."""
    q1 = selection({"a": row(3, 3, 3, 3, 3, 3, 3)})
    scores = {"a": row(3, 3, 3, 3, 3, 3, 4)}
    del scores["a"]["references"]
    q2 = selection(scores)
    moved = what_moved(q1, q2, "a")
    assert [("price", D(1)), ("references", None)] == [(m.criterion, m.change) for m in moved]


@given(evaluations(min_candidates=2), st.randoms(use_true_random=False))
def test_ranking_is_stable_under_reordering_candidates(ev: Evaluation, random: object) -> None:
    """Listing candidates (and scores) in another order gives the same ranking, reasons included."""
    candidates, scores = list(ev.candidates), list(ev.scores)
    random.shuffle(candidates)  # type: ignore[attr-defined]
    random.shuffle(scores)  # type: ignore[attr-defined]
    shuffled = attrs.evolve(ev, candidates=tuple(candidates), scores=tuple(scores))
    assert rank(ev).standings == rank(shuffled).standings
    assert set(rank(ev).unranked) == set(rank(shuffled).unranked)


@given(evaluations(min_candidates=2), st.decimals("0.001", 1000, places=3))
def test_ranking_is_stable_under_scaling_all_weights(ev: Evaluation, factor: Decimal) -> None:
    """Only the proportions of the weights matter: scaling them all changes nothing."""
    scaled = attrs.evolve(
        ev, criteria=tuple(attrs.evolve(c, weight=c.weight * factor) for c in ev.criteria)
    )
    assert rank(ev) == attrs.evolve(rank(scaled), evaluation_id=ev.id)


@given(evaluations(min_candidates=1, complete=True))
def test_positions_count_those_strictly_ahead(ev: Evaluation) -> None:
    """Position is one more than the number of candidates with a higher total; best first."""
    standings = rank(ev).standings
    assert len(ev.candidates) == len(standings)
    for s in standings:
        assert s.position == 1 + sum(1 for o in standings if o.total > s.total)
        assert D(0) <= s.total <= D(ev.scale)
    assert [s.total for s in standings] == sorted((s.total for s in standings), reverse=True)
