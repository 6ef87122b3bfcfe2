"""The index the rules read a contract through: one per contract object, never keeping it alive."""

import gc
import sys
import threading
import weakref

import attrs

from outsourcing import example_contract
from outsourcing._rules import index as index_module
from outsourcing._rules.index import index_of


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
