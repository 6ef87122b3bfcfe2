"""Run many mutants of already-imported modules cheaply: one pytest collection, one fork each.

``tools/mutation.py`` makes the mutants (with cosmic-ray) and hands them here; this needs only
pytest and coverage, so that its own test (``tests/test_mutation_server.py``) runs without the
``mutation`` extra. Usage::

    python tools/mutation_server.py SPEC.json RESULT.json

``SPEC.json`` holds ``pytest_args`` (the tests that must notice, as pytest takes them),
``timeout`` (seconds per mutant) and ``mutants``: each an ``id``, the ``module`` it mutates (a
path from the current directory) and the mutated ``source`` of that whole module, with the mutation
at ``start`` (line, column; lines from 1). ``RESULT.json`` gets, per id, a ``verdict``:

- ``killed``: a test failed (or errored, or the tests ran out of time) with the mutant in place;
- ``survived``: every test that runs the mutated statement passed, or no test runs it at all
  (``tests`` is then 0: no test can notice a change in code that no test runs);

and ``tests``, how many tests ran it. A mutant that cannot be swapped in (module-level code:
decorators, defaults, constants; or code that already ran while the tests were imported and
collected, whose results may be kept in constants and parameters) is judged the slow way, with
``tests`` null and ``why`` saying which: the mutated module is written to disk (and put back
after), and a forked child forgets the project's modules and runs a fresh pytest over all the
tests, the first failure ending it; that saves only the interpreter's and the libraries' start-up.

How it stays right. Once, in a forked child, every test runs unmutated under coverage with the
test's id as coverage's context: that maps each line of the mutated modules to the tests that run
it, and checks that they all pass unmutated (if one fails, nothing else runs). Then, for each
mutant, a forked child compiles the mutated module, takes the code object of the top-level
function or method around the mutation (same qualified name, same first line), sets it as
``__code__`` on every function object whose code is the original one, and runs, in collection
order and through pytest's whole protocol (fixtures, marks, warnings filters), only the tests that
run the statement holding the mutation; the first failure ends it. A mutated statement changes
nothing unless it runs, and with derandomized Hypothesis examples a test that does not run the
statement unmutated runs exactly as before with it mutated, so the tests left out could not have
failed. The parent never runs a test, so nothing a test caches is inherited from the unmutated
code.
"""

from __future__ import annotations

import ast
import gc
import json
import os
import signal
import sys
import time
import traceback
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

import coverage

if TYPE_CHECKING:
    from collections.abc import Callable

IMPORT_CONTEXT = ""  # coverage's context while modules are imported and tests collected
QUIET = ["-q", "-s", "-p", "no:cacheprovider", "-p", "no:cov", "--no-header"]
FRESH_START = 60  # seconds more for a fresh child's imports and collection
PROJECT_PACKAGES = {"outsourcing", "tests", "conftest", "benchmarks"}  # imported afresh


def _enclosing_function(
    tree: ast.Module, start: tuple[int, int], end: tuple[int, int]
) -> tuple[str, int] | None:
    """The top-level function or method whose body holds the span, as (qualname, first line)."""

    def visit(body: list[ast.stmt], prefix: str) -> tuple[str, int] | None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                found = visit(node.body, f"{prefix}{node.name}.")
                if found is not None:
                    return found
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = node.body[0]
                if (first.lineno, first.col_offset) <= start and end <= (
                    node.end_lineno,
                    node.end_col_offset,
                ):
                    line = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                    return f"{prefix}{node.name}", line
        return None

    return visit(tree.body, "")


def _statement_lines(tree: ast.Module, start: tuple[int, int]) -> range:
    """The lines of the innermost statement that holds the position."""
    best: ast.stmt | None = None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.stmt)
            and (node.lineno, node.col_offset)
            <= start
            <= (node.end_lineno or node.lineno, node.end_col_offset or 0)
            and (best is None or (node.lineno, node.col_offset) >= (best.lineno, best.col_offset))
        ):
            best = node
    if best is None:
        return range(start[0], start[0] + 1)
    return range(best.lineno, (best.end_lineno or best.lineno) + 1)


def _code_objects(code: types.CodeType) -> list[types.CodeType]:
    """A compiled module's code objects, nested ones included."""
    found = [code]
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            found += _code_objects(constant)
    return found


def _say(what: str, began: float) -> None:
    print(f"mutation: {what} in {time.monotonic() - began:.0f} s", flush=True)


def _live_functions(
    filenames: set[str],
) -> dict[tuple[str, str, int], list[types.FunctionType]]:
    """Every function object of those files, by (file, qualified name, first line)."""
    functions: dict[tuple[str, str, int], list[types.FunctionType]] = {}
    for thing in gc.get_objects():
        if isinstance(thing, types.FunctionType):
            code = thing.__code__
            filename = os.path.realpath(code.co_filename)
            if filename in filenames:
                key = (filename, code.co_qualname, code.co_firstlineno)
                functions.setdefault(key, []).append(thing)
    return functions


class _First:
    """A pytest plugin that runs the given tests first, the others after, each in their order."""

    def __init__(self, first: set[str]) -> None:
        self.first = first

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        items.sort(key=lambda item: item.nodeid not in self.first)  # a stable sort


class Server:
    """A pytest plugin that takes over the test loop: coverage once, then one fork per mutant."""

    def __init__(self, spec: dict[str, Any], result_path: Path, cov: coverage.Coverage) -> None:
        self.spec = spec
        self.result_path = result_path
        self.cov = cov
        self.failed = False

    def pytest_runtest_logreport(self, report: Any) -> None:
        """Note a failure (in a child: that is the verdict)."""
        if report.failed:
            self.failed = True

    def _run(self, items: list[Any]) -> bool:
        """Run the items through pytest's protocol, the first failure ending it; True if none."""
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
            if self.failed:
                return False
        return True

    def _fork(self, child: Callable[[], int], timeout: float) -> int:
        """Run child() in a forked process (quiet, with an alarm); return its exit status."""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            status = 3
            try:
                if not os.environ.get("MUTATION_SERVER_VERBOSE"):  # set it to see the children
                    quiet = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(quiet, 1)
                    os.dup2(quiet, 2)
                signal.alarm(max(1, int(timeout)))
                status = child()
            except BaseException:  # noqa: BLE001 - anything else is the verdict too
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        deadline = time.monotonic() + timeout + 10
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return -1
            time.sleep(0.02)

    def _coverage_child(self, items: list[Any], out: Path) -> int:  # pragma: no cover - child
        """Run every test unmutated under coverage, its id the context; write who runs what."""
        failed = []
        for index, item in enumerate(items):
            self.cov.switch_context(str(index))
            following = items[index + 1] if index + 1 < len(items) else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
            if self.failed:
                failed.append(item.nodeid)
                self.failed = False
        self.cov.stop()
        data = self.cov.get_data()
        lines = {}
        for filename in data.measured_files():
            lines[filename] = {
                str(line): sorted(contexts)
                for line, contexts in data.contexts_by_lineno(filename).items()
            }
        out.write_text(json.dumps({"failed": failed, "lines": lines}), encoding="utf-8")
        return 0

    def _map_lines(self, items: list[Any], timeout: float) -> dict[str, dict[int, set[str]]] | str:
        """File -> line -> the tests (by index) that run it; or why there is no such map."""
        map_path = self.result_path.with_suffix(".lines.json")
        began = time.monotonic()
        status = self._fork(lambda: self._coverage_child(items, map_path), 100 * timeout)
        _say(f"{len(items)} tests mapped to the lines they run", began)
        self.cov.stop()
        if status != 0 or not map_path.exists():
            return f"the unmutated run under coverage stopped (exit status {status})"
        covered = json.loads(map_path.read_text(encoding="utf-8"))
        map_path.unlink()
        if covered["failed"]:
            return f"tests fail on the unmutated code: {', '.join(covered['failed'])}"
        return {
            os.path.realpath(name): {int(line): set(ctx) for line, ctx in lines.items()}
            for name, lines in covered["lines"].items()
        }

    def pytest_runtestloop(self, session: Any) -> bool:
        """Map lines to tests, then judge each mutant; write the verdicts."""
        if session.testsfailed:
            msg = f"{session.testsfailed} errors during collection"
            raise session.Interrupted(msg)
        items = list(session.items)
        timeout = float(self.spec.get("timeout", 120))
        by_file = self._map_lines(items, timeout)
        if isinstance(by_file, str):
            self.result_path.write_text(json.dumps({"error": by_file}), encoding="utf-8")
            return True
        functions = _live_functions({os.path.realpath(m["module"]) for m in self.spec["mutants"]})
        trees: dict[str, tuple[str, ast.Module]] = {}
        results: dict[str, dict[str, Any]] = {}
        fresh: list[tuple[dict[str, Any], str, set[str]]] = []
        began = time.monotonic()
        for mutant in self.spec["mutants"]:
            filename = os.path.realpath(mutant["module"])
            if filename not in trees:
                text = Path(filename).read_text(encoding="utf-8")
                trees[filename] = (text, ast.parse(text))
            text, tree = trees[filename]
            start = (mutant["start"][0], mutant["start"][1])
            end = (mutant["end"][0], mutant["end"][1])
            lines = _statement_lines(tree, start)
            runners = set().union(*(by_file.get(filename, {}).get(n, set()) for n in lines))
            enclosing = _enclosing_function(tree, start, end)
            swap = self._swap(mutant, filename, text, enclosing, functions)
            if swap is None or IMPORT_CONTEXT in runners:
                why = "module-level" if swap is None else "run at import"
                first = {items[int(c)].nodeid for c in runners if c != IMPORT_CONTEXT}
                fresh.append((mutant, why, first))
                continue
            chosen = [items[i] for i in sorted(int(c) for c in runners)]
            if not chosen:
                results[mutant["id"]] = {"verdict": "survived", "tests": 0}
                continue
            targets, new_code = swap

            def child(
                targets: list[types.FunctionType] = targets,
                new_code: types.CodeType = new_code,
                run: list[Any] = chosen,
            ) -> int:  # pragma: no cover - the child
                for function in targets:
                    function.__code__ = new_code
                return 0 if self._run(run) else 1

            status = self._fork(child, timeout)
            verdict = "survived" if status == 0 else "killed"
            results[mutant["id"]] = {"verdict": verdict, "tests": len(chosen)}
        _say(f"{len(results)} mutants swapped into the live functions", began)
        began = time.monotonic()
        for mutant, why, first in fresh:
            verdict = self._judge_afresh(mutant, timeout, first)
            results[mutant["id"]] = {"verdict": verdict, "tests": None, "why": why}
        _say(f"{len(fresh)} mutants judged by a fresh import", began)
        self.result_path.write_text(json.dumps({"results": results}), encoding="utf-8")
        return True

    def _judge_afresh(self, mutant: dict[str, Any], timeout: float, first: set[str]) -> str:
        """Write the mutated module, run every test in a fresh child, put the module back.

        The tests that ran the mutated statement unmutated run first: they are the likeliest to
        fail, and -x stops at the first failure. The verdict does not depend on the order.
        """
        path = Path(mutant["module"])
        original = path.read_text(encoding="utf-8")
        path.write_text(mutant["source"], encoding="utf-8")
        try:
            status = self._fork(lambda: self._fresh_child(first), timeout + FRESH_START)
        finally:
            path.write_text(original, encoding="utf-8")
        return "survived" if status == 0 else "killed"

    def _fresh_child(self, first: set[str]) -> int:  # pragma: no cover - the child
        """Forget the project's modules, then collect and run every test afresh, from disk."""
        import hypothesis.entry_points  # noqa: PLC0415
        import pytest  # noqa: PLC0415

        root = str(Path.cwd().resolve()) + os.sep
        for name, module in list(sys.modules.items()):
            filename = os.path.realpath(getattr(module, "__file__", None) or os.sep)
            ours = filename.startswith(root) and "site-packages" not in filename
            if ours or name.partition(".")[0] in PROJECT_PACKAGES:
                del sys.modules[name]
        hypothesis.entry_points.run()  # strategies for the re-imported models, as at start-up
        code = pytest.main([*QUIET, "-x", *self.spec["pytest_args"]], plugins=[_First(first)])
        return 0 if code == 0 else 1

    @staticmethod
    def _swap(
        mutant: dict[str, Any],
        filename: str,
        text: str,
        enclosing: tuple[str, int] | None,
        functions: dict[tuple[str, str, int], list[types.FunctionType]],
    ) -> tuple[list[types.FunctionType], types.CodeType] | None:
        """The live functions to change and their mutated code; None when that cannot be done."""
        if enclosing is None or mutant["source"].count("\n") != text.count("\n"):
            return None
        qualname, first_line = enclosing
        targets = functions.get((filename, qualname, first_line), [])
        try:
            module_code = compile(mutant["source"], filename, "exec", dont_inherit=True)
        except SyntaxError:
            return None
        codes = [
            code
            for code in _code_objects(module_code)
            if code.co_qualname == qualname and code.co_firstlineno == first_line
        ]
        if len(codes) != 1 or not targets:
            return None
        (new_code,) = codes
        if any(t.__code__.co_freevars != new_code.co_freevars for t in targets):
            return None
        return targets, new_code


def main(argv: list[str]) -> int:
    """Read the spec, start coverage, collect the tests once and judge every mutant."""
    # The server chooses pytest's options itself; a caller's (CI's PYTEST_ADDOPTS="--cov ...")
    # would name a plugin QUIET turns off, and every run would end in a usage error.
    os.environ.pop("PYTEST_ADDOPTS", None)
    spec_path, result_path = Path(argv[0]), Path(argv[1]).resolve()
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    if not spec["mutants"]:
        result_path.write_text(json.dumps({"results": {}}), encoding="utf-8")
        return 0
    modules = sorted({os.path.realpath(m["module"]) for m in spec["mutants"]})
    sys.dont_write_bytecode = True  # a mutated module, written for a fresh import, is read anew
    cov = coverage.Coverage(data_file=None, include=modules, config_file=False)
    cov.start()
    import pytest  # noqa: PLC0415 - after coverage starts, so that imports are measured

    plugin = Server(spec, result_path, cov)
    code = pytest.main([*QUIET, *spec["pytest_args"]], plugins=[plugin])
    if not result_path.exists():
        result_path.write_text(json.dumps({"error": f"pytest exited {code}"}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
