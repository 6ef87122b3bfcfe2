import concurrent.futures as cf
import datetime as dt
import io
import multiprocessing
import pickle
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    PORTFOLIO_CATALOGUE,
    Contract,
    Measurement,
    Money,
    Partner,
    PartnerRole,
    PortfolioFinding,
    PortfolioPlace,
    Severity,
    example_contract,
    json,
    portfolio_rule,
    validate_portfolio,
)
from outsourcing._bulk.checking import BEHIND, interleave
from outsourcing.exceptions import InvalidValueError, UnknownRuleError
from outsourcing.portfolio import (
    NOT_LOADED,
    Checked,
    check_arrow,
    check_files,
    check_lines,
    check_partition,
)

AS_OF = dt.date(2026, 12, 1)


def _copy(contract: Contract, id_: str, **changes: Any) -> Contract:
    return attrs.evolve(contract, id=id_, **changes)


def _with_supplier(contract: Contract, supplier: str) -> Contract:
    parties = tuple(
        attrs.evolve(p, id=supplier) if p.role is PartnerRole.SUPPLIER else p
        for p in contract.parties
    )
    kpis = tuple(attrs.evolve(k, owner_id=None) for k in contract.kpis)
    return attrs.evolve(contract, parties=parties, kpis=kpis)


def test_catalogue_codes() -> None:
    """The portfolio catalogue holds the three rules the issue names."""
    assert [
        "PORTFOLIO_SUPPLIER_SHARE",
        "PORTFOLIO_BACK_OFFICE_WRITE",
        "PORTFOLIO_REPEATED_BREACHES",
    ] == list(PORTFOLIO_CATALOGUE)


def test_supplier_share_names_the_supplier_and_its_contracts() -> None:
    """A supplier above 40% of the portfolio's value is flagged with every contract it holds."""
    base = example_contract()
    portfolio = [
        _copy(_with_supplier(base, "big"), "A"),
        _copy(_with_supplier(base, "big"), "B"),
        _copy(_with_supplier(base, "small"), "C"),
        _copy(_with_supplier(base, "other"), "D", value=Money(15_000_000, "NOK")),
    ]
    report = validate_portfolio(portfolio, rules=["PORTFOLIO_SUPPLIER_SHARE"])
    (found,) = report.violations
    # Of 33 M: 'other' holds 15 M (45.5%), 'big' 12 M (36.4%), 'small' 6 M.
    assert "supplier 'other' holds 45.5% of the portfolio's NOK value" in found.message
    assert (PortfolioPlace("D", "$.parties[1]"),) == found.places
    assert Severity.WARNING is found.severity
    single = validate_portfolio(portfolio[:1], rules=["PORTFOLIO_SUPPLIER_SHARE"])
    assert () == single.violations  # one contract is no portfolio to be concentrated in


def test_back_office_write_counts_people_across_contracts_by_email() -> None:
    """One person with back-office write access in three contracts is flagged, once each."""
    base = example_contract()
    portfolio = [_copy(base, f"C-{n}") for n in range(3)]
    report = validate_portfolio(portfolio, as_of=AS_OF, rules=["PORTFOLIO_BACK_OFFICE_WRITE"])
    (found,) = report.violations
    assert ("C-0", "C-1", "C-2") == found.contract_ids
    assert PortfolioPlace("C-0", "$.access_grants[0]") == found.places[0]
    assert "tomasz.nowak@kodehuset.example" in found.message
    later = validate_portfolio(
        portfolio, as_of=dt.date(2027, 9, 1), rules=["PORTFOLIO_BACK_OFFICE_WRITE"]
    )
    assert () == later.violations  # the grants have expired
    assert () == validate_portfolio(portfolio[:2], rules=["PORTFOLIO_BACK_OFFICE_WRITE"]).violations


def test_repeated_breaches_follow_the_kpi_owner() -> None:
    """A partner whose KPIs are breached in two contracts is flagged with those KPIs."""
    base = example_contract()
    breached = attrs.evolve(
        base.kpis[0],
        measurements=(Measurement(on=dt.date(2026, 11, 30), value=Decimal("98.0")),),
    )
    worse = _copy(base, "A", kpis=(breached, *base.kpis[1:]))
    portfolio = [worse, _copy(worse, "B"), _copy(base, "C")]
    report = validate_portfolio(portfolio, as_of=AS_OF, rules=["PORTFOLIO_REPEATED_BREACHES"])
    (found,) = report.violations
    assert (PortfolioPlace("A", "$.kpis[0]"), PortfolioPlace("B", "$.kpis[0]")) == found.places
    assert "'kodehuset'" in found.message
    before = validate_portfolio(
        portfolio, as_of=dt.date(2026, 11, 1), rules=["PORTFOLIO_REPEATED_BREACHES"]
    )
    assert () == before.violations  # the breach was measured after that day


def test_own_portfolio_rules_and_unknown_codes() -> None:
    """A @portfolio_rule runs like the built-in ones; unknown codes and non-contracts are refused."""

    @portfolio_rule("PORTFOLIO_TITLES_UNIQUE", description="No two contracts share a title.")
    def titles(contracts: Sequence[Contract], as_of: dt.date | None) -> Iterator[PortfolioFinding]:
        seen: dict[str, str] = {}
        for contract in contracts:
            if contract.title in seen:
                places = (
                    PortfolioPlace(seen[contract.title], "$.title"),
                    PortfolioPlace(contract.id, "$.title"),
                )
                yield PortfolioFinding(places, "retitle one")
            seen.setdefault(contract.title, contract.id)

    base = example_contract()
    report = validate_portfolio([base, _copy(base, "B")], rules=[titles])
    assert {"PORTFOLIO_TITLES_UNIQUE"} == report.codes
    assert report.ok  # warnings only
    assert "PORTFOLIO_TITLES_UNIQUE" in str(report)
    with pytest.raises(UnknownRuleError):
        validate_portfolio([base], rules=["OWNER_REQUIRED"])
    with pytest.raises(InvalidValueError):
        validate_portfolio([base, "B"])  # type: ignore[list-item]


def _lines(count: int) -> list[str]:
    base = example_contract()
    texts = [json.dumps(_copy(base, f"C-{n}")) for n in range(count)]
    second_client = Partner(id="x", name="X", role=PartnerRole.CLIENT, country="NO")
    broken = attrs.evolve(base, parties=(*base.parties, second_client))
    texts[3] = json.dumps(_copy(broken, "C-3"))
    texts[5] = '{"schema_version": 1, "id": 5}'
    return texts


def test_check_lines_reports_each_document_in_order() -> None:
    """Each line gives one Checked, in order: valid, invalid with violations, or unreadable."""
    found = list(check_lines(_lines(8), source="p.jsonl", as_of=AS_OF))
    assert list(range(1, 9)) == [c.line for c in found]
    assert "invalid" == found[3].status
    assert "ONE_CLIENT" in {v.code for v in found[3].violations}
    assert "unreadable" == found[5].status
    assert "p.jsonl:6" == found[5].where
    assert all(c.status == "valid" for n, c in enumerate(found) if n not in {3, 5})


def test_two_processes_give_what_one_gives() -> None:
    """On two worker processes the findings are the same, in the same order, as on one."""
    lines = _lines(150)
    assert list(check_lines(lines, as_of=AS_OF)) == list(check_lines(lines, as_of=AS_OF, jobs=2))


def test_three_processes_give_what_one_gives() -> None:
    """This process and two workers: the same findings, in order, bad lines included."""
    lines = _lines(200)
    lines[5] = lines[140] = "{not json"
    assert list(check_lines(lines, as_of=AS_OF)) == list(check_lines(lines, as_of=AS_OF, jobs=3))


def test_jobs_counts_this_process() -> None:
    """jobs=3 starts two workers: this process is the third."""
    lines = _lines(200)
    found = check_lines(lines, as_of=AS_OF, jobs=3)
    first = next(found)
    workers = len(multiprocessing.active_children())
    rest = list(found)
    assert (2, 200) == (workers, 1 + len(rest))
    assert 1 == first.line


def test_interleaving_raises_a_task_s_error_in_its_turn() -> None:
    """A task run here that raises does so after the results of the tasks before it."""
    hold = threading.Event()
    out: list[int] = []

    def run(number: int) -> list[int]:
        if number == 0:
            assert hold.wait(timeout=30)
        return [number]

    def locally(number: int) -> list[int]:
        if number == 3:
            hold.set()
            raise RuntimeError(number)
        return run(number)

    with cf.ThreadPoolExecutor(max_workers=1) as pool:

        def submit(number: int) -> cf.Future[list[int]]:
            return pool.submit(run, number)

        with pytest.raises(RuntimeError, match="3"):
            out.extend(interleave(((n,) for n in range(6)), submit, locally, ahead=1))
    assert [0, 1, 2] == out


def _interleaved(
    durations: Sequence[float], ahead: int, hold: threading.Event | None = None
) -> tuple[list[int], list[int], int]:
    """Run tasks that sleep through interleave(): what came out, what ran here, the most pulled.

    Task 0 waits for ``hold`` when given. The most pulled is the largest number of tasks taken
    from the iterator and not yet handed on at any time.
    """
    here: list[int] = []
    out: list[int] = []
    most = 0

    def run(number: int, seconds: float) -> list[int]:
        if number == 0 and hold is not None:
            assert hold.wait(timeout=30)
        time.sleep(seconds)
        return [number]

    def locally(number: int, seconds: float) -> list[int]:
        here.append(number)
        return run(number, seconds)

    def tasks() -> Iterator[tuple[int, float]]:
        nonlocal most
        for number, seconds in enumerate(durations):
            most = max(most, number + 1 - len(out))
            yield number, seconds

    with cf.ThreadPoolExecutor(max_workers=ahead) as pool:

        def submit(number: int, seconds: float) -> cf.Future[list[int]]:
            return pool.submit(run, number, seconds)

        out.extend(interleave(tasks(), submit, locally, ahead=ahead))
    return out, here, most


@settings(max_examples=30, deadline=None)
@given(
    durations=st.lists(st.sampled_from([0.0, 0.0005, 0.002]), max_size=40),
    ahead=st.integers(1, 3),
)
def test_interleaving_hands_on_every_result_in_order(durations: list[float], ahead: int) -> None:
    """Whatever runs where and finishes when, the results come out in the tasks' order."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch as often as they can
    try:
        out, _, _ = _interleaved(durations, ahead)
    finally:
        sys.setswitchinterval(old)
    assert list(range(len(durations))) == out


def test_interleaving_runs_tasks_here_while_the_workers_are_busy() -> None:
    """With the worker's task held, the next tasks run in this process, up to a bound."""
    hold = threading.Event()
    timer = threading.Timer(0.5, hold.set)
    timer.start()
    try:
        out, here, most = _interleaved([0.0] * 30, ahead=1, hold=hold)
    finally:
        timer.cancel()
    assert list(range(30)) == out
    # task 0 on the worker, held; 1 to BEHIND + 1 here, then task 0 is waited for
    assert list(range(1, BEHIND + 2)) == here[: BEHIND + 1]
    assert BEHIND + 2 == most


def test_check_files_reads_json_and_json_lines(tmp_path: Path) -> None:
    """Plain files hold one document, .jsonl files one per line; missing files are unreadable."""
    (tmp_path / "one.json").write_text(json.dumps(example_contract()), encoding="utf-8")
    (tmp_path / "many.jsonl").write_text("\n".join(_lines(6)) + "\n", encoding="utf-8")
    names = [tmp_path / "one.json", tmp_path / "many.jsonl", tmp_path / "missing.json"]
    found = list(check_files(names, jobs=2))
    assert [None, 1, 2, 3, 4, 5, 6, None] == [c.line for c in found]
    assert "cannot read the file" in found[-1].problems[0].message
    with pytest.raises(InvalidValueError):
        list(check_files(names, jobs=0))


def test_checked_records_pickle() -> None:
    """What workers send back pickles: violations and problems are plain data."""
    for checked in check_lines(_lines(6)):
        assert checked == pickle.loads(pickle.dumps(checked))  # noqa: S301 - our own data


def test_partition_and_arrow_functions() -> None:
    """The per-partition function gives plain rows; the Arrow one the same rows as a table."""
    lines = _lines(6)
    rows = check_partition(lines, as_of=AS_OF)
    assert {"ONE_CLIENT", NOT_LOADED} <= {r["code"] for r in rows}
    batch = pa.RecordBatch.from_pydict({"value": lines})
    assert rows == check_arrow(batch, as_of=AS_OF).to_pylist()
    assert rows == check_arrow(pa.Table.from_batches([batch]), as_of=AS_OF).to_pylist()


def test_dask_recipe_on_a_local_cluster(tmp_path: Path) -> None:
    """The docs' Dask recipe: dask.bag over JSON Lines files, on a cluster of two processes."""
    db = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    for part in range(2):
        text = "\n".join(_lines(6)) + "\n"
        (tmp_path / f"part-{part}.jsonl").write_text(text, encoding="utf-8")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        bag = db.read_text(str(tmp_path / "*.jsonl"))
        rows = bag.map_partitions(check_partition, as_of=AS_OF).compute(scheduler=client)
    local = check_partition(_lines(6), as_of=AS_OF)
    assert 2 * len(local) == len(rows)
    assert sorted(r["code"] for r in local * 2) == sorted(r["code"] for r in rows)


def test_checked_status_words() -> None:
    """A Checked without problems or errors is valid."""
    assert "valid" == Checked(source="x").status


def test_check_files_on_one_process_reads_stdin_and_reports_missing_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On one process: '-' is standard input; a missing file, plain or JSON Lines, is unreadable."""
    text = json.dumps(example_contract()).encode()
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": io.BytesIO(text)})())
    (tmp_path / "one.json").write_bytes(text)
    names: list[str | Path] = [
        "-",
        tmp_path / "one.json",
        tmp_path / "gone.json",
        tmp_path / "gone.jsonl",
    ]
    found = list(check_files(names, as_of=AS_OF))
    assert ["valid", "valid", "unreadable", "unreadable"] == [c.status for c in found]
    assert ["-", str(tmp_path / "one.json")] == [c.where for c in found[:2]]


def test_many_chunks_in_flight_keep_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """With more chunks than the pool keeps in flight, the records still come in line order."""
    monkeypatch.setattr("outsourcing._bulk.checking.CHUNK", 3)
    lines = _lines(30)
    assert list(range(1, 31)) == [c.line for c in check_lines(lines, jobs=2)]


def test_portfolio_report_reads_like_a_report() -> None:
    """A report iterates, counts, renders, and lists rules skipped for want of a date."""

    @portfolio_rule("PORTFOLIO_DATED", description="Needs a date.", needs_as_of=True)
    def dated(contracts: Sequence[Contract], as_of: dt.date | None) -> Iterator[PortfolioFinding]:
        yield PortfolioFinding((PortfolioPlace(contracts[0].id, "$"),), "seen")

    base = example_contract()
    undated = validate_portfolio([base], rules=dated)
    assert (0, ("PORTFOLIO_DATED",)) == (len(undated), undated.skipped)
    assert "no portfolio findings\n  (not run without an as_of date: PORTFOLIO_DATED)" == str(
        undated
    )
    dated_report = validate_portfolio([base], as_of=AS_OF, rules=[dated])
    assert ["NS-2026-014:$"] == [str(p) for v in dated_report for p in v.places]
    assert "PORTFOLIO_SUPPLIER_SHARE" in validate_portfolio([base, _copy(base, "B")]).codes
    with pytest.raises(InvalidValueError):
        validate_portfolio([base], rules=[object()])  # type: ignore[list-item]


def test_lower_is_better_breaches_and_people_without_email() -> None:
    """Lower-is-better KPIs breach above target; a person's KPIs count for their partner.

    A grantee without an e-mail address is matched by id; a revoked grant counts no more.
    """
    base = example_contract()
    speed = attrs.evolve(
        base.kpis[1], measurements=(Measurement(on=dt.date(2026, 11, 30), value=Decimal(3000)),)
    )
    slow = _copy(base, "A", kpis=(base.kpis[0], speed, base.kpis[2]))
    report = validate_portfolio(
        [slow, _copy(slow, "B")], as_of=AS_OF, rules=["PORTFOLIO_REPEATED_BREACHES"]
    )
    (found,) = report.violations
    assert "'kodehuset'" in found.message  # the KPI's owner is tomasz, who works for kodehuset
    people = tuple(attrs.evolve(p, email=None) for p in base.people)
    no_mail = [_copy(base, f"C-{n}", people=people) for n in range(3)]
    (shared,) = validate_portfolio(no_mail, as_of=AS_OF, rules=["PORTFOLIO_BACK_OFFICE_WRITE"])
    assert shared.message.startswith("tomasz can change data")
    revoked = tuple(attrs.evolve(g, revoked_on=g.granted_on) for g in base.access_grants)
    gone = [_copy(base, f"C-{n}", access_grants=revoked) for n in range(3)]
    assert (
        ()
        == validate_portfolio(gone, as_of=AS_OF, rules=["PORTFOLIO_BACK_OFFICE_WRITE"]).violations
    )
