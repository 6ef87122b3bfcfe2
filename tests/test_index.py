"""The index the rules read a contract through: one per contract object, never keeping it alive."""

import datetime as dt
import gc
import sys
import threading
import time
import weakref

import attrs

from outsourcing import Term, example_contract
from outsourcing._rules import index as index_module
from outsourcing._rules.index import charge_lines_to, index_of

D = dt.date


def test_one_index_per_contract_object() -> None:
    """Asking twice gives the same index; an equal but distinct contract gets its own."""
    contract = example_contract()
    twin = attrs.evolve(contract)
    assert index_of(contract) is index_of(contract)
    assert index_of(contract) is not index_of(twin)
    assert index_of(twin).contract is twin


def test_the_index_does_not_keep_its_contract_alive() -> None:
    """The cache holds contracts weakly: dropping the contract drops its index too."""
    contract = example_contract()
    index_of(contract).deliverables  # noqa: B018 - build a lookup that holds contract objects
    gone = weakref.ref(contract)
    gc.collect()  # building the example leaves intermediate contracts (and indexes) to collect
    before = len(index_module._INDEXES)
    del contract
    gc.collect()
    assert gone() is None
    assert before - 1 == len(index_module._INDEXES)


def test_threads_asking_at_once_share_one_index() -> None:
    """Many threads asking for a new contract's index at once all get the same object."""
    contract = example_contract()
    found: list[object] = []
    start = threading.Barrier(16)

    def ask() -> None:
        start.wait()
        found.append(index_of(contract))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=ask) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert 1 == len({id(i) for i in found})


def test_threads_that_waited_for_the_lock_take_the_index_built_meanwhile() -> None:
    """Threads that all found no index and then queued for the lock get the one the first built.

    The test holds the lock until every thread waits on it inside ``index_of``, so the re-check
    under the lock is what each of the later threads meets (a rebuild would give each its own).
    """
    contract = example_contract()
    assert id(contract) not in index_module._INDEXES  # nobody has asked yet
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(index_of(contract))) for _ in range(4)]
    with index_module._LOCK:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while not all(
            (frame := sys._current_frames().get(t.ident or 0)) is not None
            and frame.f_code.co_name == "index_of"
            for t in threads
        ):
            assert time.monotonic() < deadline, "the threads never reached the lock"
            time.sleep(0.001)
    for t in threads:
        t.join()
    assert 4 == len(found)
    assert [id(index_of(contract))] * 4 == [id(i) for i in found]


def test_lookups_agree_with_the_contracts_own() -> None:
    """The index's objects by id are the contract's, first by id as the contract's lookups."""
    contract = example_contract()
    index = index_of(contract)
    for d in contract.deliverables:
        assert contract.deliverable(d.id) is index.deliverables[d.id]
    for p in contract.people:
        assert index.is_client_person(p.id) == (contract.partner(p.partner_id) == contract.client)


def test_a_contract_with_its_lookups_built_is_freed_without_the_collector() -> None:
    """The contract's own lookups hold it weakly: no reference cycle keeps it for the collector."""
    contract = example_contract()
    contract.partner(contract.parties[0].id)  # builds the contract's lookups by id
    index_of(contract).owners_split  # noqa: B018 - and the rules' index
    gone = weakref.ref(contract)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del contract
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()


def test_charge_lines_in_an_open_ended_term_run_to_the_period_holding_the_day_asked_about() -> None:
    """In an open-ended term a charge with no end is charged to the end of the month holding
    ``as_of``, one with an end to its end; in a term with an end, both run to their ends.
    """  # noqa: D205 - one sentence
    ex = example_contract()
    (fee,) = ex.recurring_charges  # monthly, from 2026-09-07, no end
    ended = attrs.evolve(fee, id="F-ended", end=D(2026, 10, 15))
    open_ = attrs.evolve(
        ex, term=Term(start=ex.term.start, end=None), recurring_charges=(fee, ended)
    )
    endless, short = charge_lines_to(open_, D(2026, 11, 2))
    assert [
        (D(2026, 9, 1), D(2026, 9, 7), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 10, 1), D(2026, 10, 31)),
        (D(2026, 11, 1), D(2026, 11, 1), D(2026, 11, 30)),
    ] == [(line.period_start, line.start, line.end) for line in endless]
    assert [
        (D(2026, 9, 1), D(2026, 9, 7), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 10, 1), D(2026, 10, 15)),
    ] == [(line.period_start, line.start, line.end) for line in short]
    closed = attrs.evolve(open_, term=ex.term)
    assert [(12, D(2027, 8, 27)), (2, D(2026, 10, 15))] == [
        (len(lines), lines[-1].end) for lines in charge_lines_to(closed, D(2026, 11, 2))
    ]
