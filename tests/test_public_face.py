"""The public face: where each name lives, and that no private path shows through."""

import importlib
import inspect
import pickle
import typing

import pytest

import outsourcing
from outsourcing import example_contract

PUBLIC = [
    "outsourcing",
    "outsourcing.calendar",
    "outsourcing.changes",
    "outsourcing.evaluation",
    "outsourcing.exceptions",
    "outsourcing.json",
    "outsourcing.kpi_results",
    "outsourcing.lifecycle",
    "outsourcing.payments",
    "outsourcing.portfolio",
    "outsourcing.sourcing",
    "outsourcing.status",
    "outsourcing.strategies",
    "outsourcing.tables",
]


def _exported(name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(name)
    return [(n, getattr(module, n)) for n in module.__all__]


@pytest.mark.parametrize("name", PUBLIC)
def test_all_is_sorted_and_importable(name: str) -> None:
    """Each public module's ``__all__`` names only what it has, once, and in a stable order."""
    module = importlib.import_module(name)
    assert len(set(module.__all__)) == len(module.__all__)
    for n in module.__all__:
        assert hasattr(module, n), n


@pytest.mark.parametrize("name", PUBLIC)
def test_objects_report_their_public_module(name: str) -> None:
    """Reprs, pickles and the API reference show the public module, never a private path."""
    for n, found in _exported(name):
        if isinstance(found, type) or inspect.isfunction(found):
            assert name == found.__module__, n


def test_no_name_is_public_twice() -> None:
    """Each public class or function has one public home, so the docs list it once."""
    homes: dict[int, str] = {}
    for name in PUBLIC:
        for n, found in _exported(name):
            if isinstance(found, type) or inspect.isfunction(found):
                assert id(found) not in homes, f"{n} is in {homes.get(id(found))} and {name}"
                homes[id(found)] = name


@pytest.mark.parametrize("name", PUBLIC)
def test_type_hints_resolve_from_the_public_module(name: str) -> None:
    """Tools that read annotations (cattrs, Hypothesis, Sphinx) find the types they name."""
    for n, found in _exported(name):
        if isinstance(found, type) and not issubclass(found, BaseException):
            hints = typing.get_type_hints(found)
            assert not any(isinstance(t, str) for t in hints.values()), n


def test_models_are_at_the_root_and_operations_in_task_modules() -> None:
    """The rule of CONTRIBUTING.md: model nouns at the root, operations in their task module."""
    assert "Contract" in outsourcing.__all__
    assert "validate" in outsourcing.__all__
    assert "apply_change" not in outsourcing.__all__
    assert "apply_change" in importlib.import_module("outsourcing.changes").__all__
    assert "status_report" in importlib.import_module("outsourcing.status").__all__


def test_a_pickled_contract_names_public_classes_only() -> None:
    """A pickle refers to ``outsourcing.X``, so it survives any reshuffle of private modules."""
    contract = example_contract()
    data = pickle.dumps(contract.deliverables + contract.milestones + contract.parties)
    assert b"outsourcing._" not in data
    assert b"outsourcing" in data
