import io
import pickle
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import Contract, Milestone, example_contract, json
from outsourcing.exceptions import InvalidValueError, LineError, LoadError, Problem
from outsourcing.strategies import contracts


@settings(max_examples=25)
@given(st.lists(contracts(), max_size=4))
def test_lines_round_trip(portfolio: list[Contract]) -> None:
    """What dump_lines writes, iter_lines reads back: the same contracts, one per line."""
    out = io.StringIO()
    assert len(portfolio) == json.dump_lines(portfolio, out)
    text = out.getvalue()
    assert len(portfolio) == text.count("\n")
    loaded = list(json.iter_lines(io.StringIO(text)))
    assert portfolio == [line.value for line in loaded]
    assert list(range(1, len(portfolio) + 1)) == [line.number for line in loaded]


def test_a_bad_line_names_its_line_and_path_and_the_rest_load() -> None:
    """A bad line carries an error with its number and JSON paths; the lines after it load."""
    good = json.dumps(example_contract())
    bad = good.replace('"id":"NS-2026-014"', '"id":5', 1)
    found = list(json.iter_lines([good, "   ", bad, "not json", good]))
    assert [1, 3, 4, 5] == [line.number for line in found]
    assert [True, False, False, True] == [line.ok for line in found]
    error = found[1].error
    assert isinstance(error, LineError)
    assert 3 == error.line
    assert (Problem("$.id", "expected a string, got 5"),) == error.problems
    assert str(error).startswith("1 problem in the Contract document on line 3:")
    assert found[1].value is None


def test_stop_raises_the_first_bad_line() -> None:
    """With stop=True the first bad line raises its LineError (a LoadError) and loading ends."""
    good = json.dumps(example_contract())
    lines = iter([good, "{}", good])
    results = json.iter_lines(lines, stop=True)
    assert next(results).ok
    with pytest.raises(LoadError) as caught:
        next(results)
    assert isinstance(caught.value, LineError)
    assert 2 == caught.value.line
    assert [good] == list(lines)  # nothing beyond the bad line was read


def test_bytes_and_other_types() -> None:
    """Lines may be bytes; bad UTF-8 is one bad line; other model types load too."""
    milestone = example_contract().milestones[0]
    text = json.dumps(milestone).encode()
    found = list(json.iter_lines([text, b"\xff\n"], Milestone))
    assert milestone == found[0].value
    assert found[1].error is not None
    assert str(found[1].error).startswith("1 problem in the Milestone document on line 2:")
    assert "not UTF-8" in str(found[1].error)
    with pytest.raises(InvalidValueError):
        json.iter_lines([], dict)


def test_load_lines_reads_a_path_and_closes_it(tmp_path: Path) -> None:
    """load_lines opens a path, reads it line by line, and closes it when the iteration ends."""
    path = tmp_path / "portfolio.jsonl"
    contract = example_contract()
    with path.open("w", encoding="utf-8") as file:
        json.dump_lines([contract, attrs.evolve(contract, id="B")], file)
    assert ["NS-2026-014", "B"] == [line.value.id for line in json.load_lines(path) if line.value]
    with path.open("rb") as file:
        assert 2 == len(list(json.load_lines(file)))


def test_line_error_pickles() -> None:
    """A LineError crosses process boundaries with its line and problems."""
    error = LineError(7, (Problem("$.id", "missing"),), "Contract document")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own data
    assert (7, error.problems, str(error)) == (copy.line, copy.problems, str(copy))


def test_memory_is_bounded_by_one_line() -> None:
    """Streaming many lines keeps memory near one contract's, not the stream's."""
    text = json.dumps(example_contract())

    def lines(count: int) -> Iterator[str]:
        for _ in range(count):
            yield text

    def peak(count: int) -> int:
        tracemalloc.start()
        for line in json.iter_lines(lines(count)):
            assert line.ok
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return top

    peak(5)  # warm the loaders' caches
    assert peak(200) < 2 * peak(10)
