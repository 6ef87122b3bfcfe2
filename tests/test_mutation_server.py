"""The mutation runner's verdicts, on a tiny module whose mutants' fates are known.

``tools/mutation_server.py`` swaps a mutated function's code into already-imported modules and runs
only the tests that cover the mutated statement: these pin that a mutant a test notices is killed,
one no test notices survives (with the count of tests that ran it), one no test runs survives with
none, one that loops is killed by the timeout, and the ones it cannot swap in (module-level code,
code run at import) are judged by a fresh import of the mutated module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parent.parent / "tools" / "mutation_server.py"

TINY = """\
LIMIT = 10


def clamp(x):
    if x > LIMIT:
        return LIMIT
    return x


def unused(x):
    return x + 1


def at_import():
    return 5


FIVE = at_import()


class Box:
    def double(self, x):
        return 2 * x
"""

TESTS = """\
from tiny import Box, clamp


def test_clamp_keeps_small():
    assert clamp(3) == 3


def test_clamp_caps():
    assert clamp(11) == 10


def test_box_doubles():
    assert Box().double(2) == 4
"""


def mutant(name: str, old: str, new: str) -> dict[str, object]:
    """The spec entry of TINY with its only ``old`` replaced by ``new``."""
    assert TINY.count(old) == 1
    offset = TINY.index(old)
    line = TINY.count("\n", 0, offset) + 1
    column = offset - (TINY.rfind("\n", 0, offset) + 1)
    return {
        "id": name,
        "module": "tiny.py",
        "source": TINY.replace(old, new),
        "start": [line, column],
        "end": [line, column + len(old.rstrip("\n"))],
    }


@pytest.mark.slow
def test_the_runner_kills_what_a_test_notices_and_keeps_what_none_does(tmp_path: Path) -> None:
    """Each verdict, with the number of tests run: only those that run the mutated statement."""
    (tmp_path / "tiny.py").write_text(TINY, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(TESTS, encoding="utf-8")
    mutants = [
        mutant("flipped", "x > LIMIT", "x < LIMIT"),  # both clamp tests see it
        mutant("boundary", "x > LIMIT", "x >= LIMIT"),  # no test at 10
        mutant("plus", "2 * x", "2 + x"),  # 2 + 2 == 2 * 2
        mutant("times three", "2 * x", "3 * x"),
        mutant("unrun", "x + 1", "x - 1"),  # no test runs it
        mutant("loops", "return x\n", "while x: pass\n"),
        mutant("constant", "LIMIT = 10", "LIMIT = 11"),  # module-level code
        mutant("at import", "return 5", "return 6"),  # ran while the tests were imported
    ]
    spec = {"pytest_args": ["test_tiny.py"], "timeout": 3, "mutants": mutants}
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, str(SERVER), "spec.json", "result.json"]
    subprocess.run(command, cwd=tmp_path, env=environment, check=True, capture_output=True)  # noqa: S603
    results = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["results"]
    assert {name: (found["verdict"], found["tests"]) for name, found in results.items()} == {
        "flipped": ("killed", 2),
        "boundary": ("survived", 2),
        "plus": ("survived", 1),
        "times three": ("killed", 1),
        "unrun": ("survived", 0),
        "loops": ("killed", 1),
        "constant": ("killed", None),  # clamp(11) is 11 when LIMIT is
        "at import": ("survived", None),  # no test reads FIVE
    }
    assert results["constant"]["why"] == "module-level"
    assert results["at import"]["why"] == "run at import"
    assert (tmp_path / "tiny.py").read_text(encoding="utf-8") == TINY  # put back


def test_the_runner_refuses_to_judge_when_the_unmutated_tests_fail(tmp_path: Path) -> None:
    """A failing test would kill every mutant it runs: the runner says so and judges none."""
    (tmp_path / "tiny.py").write_text(TINY, encoding="utf-8")
    broken = TESTS.replace("clamp(11) == 10", "clamp(11) == 11")
    (tmp_path / "test_tiny.py").write_text(broken, encoding="utf-8")
    spec = {
        "pytest_args": ["test_tiny.py"],
        "timeout": 3,
        "mutants": [mutant("a", "2 * x", "3 * x")],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, str(SERVER), "spec.json", "result.json"]
    subprocess.run(command, cwd=tmp_path, env=environment, check=True, capture_output=True)  # noqa: S603
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result == {"error": "tests fail on the unmutated code: test_tiny.py::test_clamp_caps"}
