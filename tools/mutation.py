"""Mutation testing of the rule catalogue, Money and scope changes, with cosmic-ray.

One command runs it (install the ``mutation`` extra first)::

    .venv/bin/python tools/mutation.py                      # every mutant of every area
    .venv/bin/python tools/mutation.py --sample 100 --seed 18 --gate 95   # what .ci/run does

Each area names the modules it mutates and the fast subset of tests that must notice a mutant (run
with the ``mutation`` Hypothesis profile: few, fixed examples; the first failure stops). The work
happens in a temporary copy of ``src/``, ``tests/``, ``docs/`` (tests run its pages' code),
``benchmarks/`` and ``tools/``, so the checkout is never left mutated, whatever stops the run.
cosmic-ray makes the mutants; ``tools/mutation_server.py`` runs them: one collection, a forked
child per mutant with the mutated function's code swapped in, only the tests that cover the mutated
statement (see its docstring for why that gives cosmic-ray's verdicts). A mutant is *killed* when
its tests fail (or time out), *survives* when they pass (or when no test runs it). Mutants shown to
change nothing observable are listed, each with its reason, in ``tools/mutation-equivalents.toml``,
and mutants inside functions' annotations, which are never evaluated (see ``annotation_spans``);
they are counted apart and not run. The report gives, per area, killed / survived / equivalent and
the share of non-equivalent mutants killed; ``--gate`` fails the run when an area's share is below
it. ``--survivors`` prints each survivor's diff, to write the test that kills it (or its reason in
the equivalents file).
"""

from __future__ import annotations

import argparse
import ast
import collections
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cosmic_ray.mutating import mutate_code
from cosmic_ray.plugins import get_operator
from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkItem

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation-equivalents.toml"
RULE_MODULES = (
    "access",
    "catalogue",
    "changes",
    "comms",
    "index",
    "kpis",
    "machinery",
    "money",
    "references",
    "risks",
    "schedule",
    "work",
)


@dataclass(frozen=True)
class Area:
    """What one area mutates, and the tests that must notice."""

    name: str
    modules: tuple[str, ...]
    tests: tuple[str, ...]
    deselect: tuple[str, ...] = ("tests/test_changes.py::test_engagement",)  # a long state machine


AREAS = (
    Area(
        "rules",
        tuple(f"src/outsourcing/_rules/{name}.py" for name in RULE_MODULES),
        (
            "tests/test_rule_mutants.py",
            "tests/test_rules.py",
            "tests/test_access.py",
            "tests/test_comms.py",
            "tests/test_risks.py",
            "tests/test_index.py",
        ),
        (
            "tests/test_changes.py::test_engagement",
            # Timed (under 2 s): it fails under coverage's tracing on a loaded machine.
            "tests/test_comms.py::test_next_occurrences_at_the_ends_of_the_calendar",
        ),
    ),
    Area(
        "money",
        ("src/outsourcing/_models/money.py",),
        ("tests/test_money.py", "tests/test_money_mutants.py"),
    ),
    Area(
        "scope_changes",
        ("src/outsourcing/_operations/scope_changes.py",),
        (
            "tests/test_scope_change_mutants.py",
            "tests/test_changes.py",
            # The money side of applying a change: declared costs, charges, authority, register.
            "tests/test_billing.py::test_finding_an_understated_change_cost_is_refused",
            "tests/test_billing.py::test_finding_the_supplier_cannot_approve_its_own_value_increase",
            "tests/test_billing.py::test_finding_a_rejected_change_cannot_be_applied_from_an_old_copy",
            "tests/test_billing.py::test_a_charge_added_by_a_change_counts_in_its_declared_cost",
            "tests/test_billing.py::test_a_charge_ended_early_saves_what_its_later_lines_cost",
            "tests/test_billing.py::test_charge_operations_that_do_not_fit_are_refused_at_their_place",
        ),
    ),
)


@dataclass
class Tally:
    """The outcome of one area's run."""

    killed: int = 0
    survived: int = 0
    equivalent: int = 0
    incompetent: int = 0

    @property
    def score(self) -> float:
        """The share of non-equivalent mutants killed, in per cent (100 when none ran)."""
        ran = self.killed + self.survived
        return 100.0 if ran == 0 else 100.0 * self.killed / ran


def equivalent_keys() -> dict[tuple[str, str, str, int], list[tuple[str | None, str]]]:
    """The mutants known to be equivalent: (module, operator, line's text, column) -> entries.

    Each entry is (the mutated line's text, or None for every mutant at that place; its reason):
    where cosmic-ray makes two mutants at one place (a number made one more and one less) and
    only one is equivalent, its entry names the line that mutant makes.
    """
    with EQUIVALENTS.open("rb") as handle:
        entries = tomllib.load(handle).get("equivalent", [])
    known: dict[tuple[str, str, str, int], list[tuple[str | None, str]]] = {}
    for entry in entries:
        key = (entry["module"], entry["operator"], entry["line"].strip(), int(entry["column"]))
        mutated = entry.get("mutated")
        known.setdefault(key, []).append(
            (None if mutated is None else mutated.strip(), entry["reason"])
        )
    return known


def _mutated_line(source: str, mutation: object) -> str:
    """The text of the line a mutant makes of its first line, stripped."""
    operator = get_operator(mutation.operator_name)(**mutation.operator_args)  # type: ignore[attr-defined]
    mutated = mutate_code(source, operator, mutation.occurrence) or ""  # type: ignore[attr-defined]
    row = mutation.start_pos[0] - 1  # type: ignore[attr-defined]
    lines = mutated.splitlines()
    return lines[row].strip() if row < len(lines) else ""


def annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where a module's function annotations are, when they are never evaluated.

    Under ``from __future__ import annotations`` the annotations of functions' parameters and
    returns are strings that nothing in the library evaluates at run time (the models' field
    annotations are read by cattrs, so those are not counted here): a mutant inside one is
    equivalent. mypy, which CI runs, is what notices such a change.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    if not postponed:
        return []
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            notes = [a.annotation for a in every if a.annotation is not None]
            notes += [node.returns] if node.returns is not None else []
            spans += [
                ((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or 0))
                for n in notes
            ]
    return spans


def config_text(area: Area, timeout: float) -> str:
    """The cosmic-ray configuration of one area (its test command is the slow path's)."""
    modules = ", ".join(f'"{module}"' for module in area.modules)
    command = " ".join([sys.executable, "-m", "pytest", *pytest_args(area, quiet=True)])
    return (
        "[cosmic-ray]\n"
        f"module-path = [{modules}]\n"
        f"timeout = {timeout}\n"
        "excluded-modules = []\n"
        f'test-command = "{command}"\n'
        "\n[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )


def pytest_args(area: Area, *, quiet: bool = False) -> list[str]:
    """The arguments that select an area's fast tests."""
    marks = ["-m", "'not slow'"] if quiet else ["-m", "not slow"]
    head = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:cov"] if quiet else []
    return [
        *head,
        *marks,
        *area.tests,
        *(part for test in area.deselect for part in ("--deselect", test)),
    ]


def run_area(  # noqa: PLR0913
    area: Area,
    work: Path,
    *,
    sample: int | None,
    seed: int,
    timeout: float,
    survivors: bool,
) -> Tally:
    """Initialise and sample one area's mutants in ``work``, run them, and tally them.

    The mutants run in ``tools/mutation_server.py`` (one pytest collection, a fork per mutant,
    only the tests that run the mutated statement); those it cannot swap in cheaply (module-level
    code, code run at import) it judges as cosmic-ray would: the file mutated on disk, a fresh
    import and the area's whole fast test set.
    """
    config = work / f"{area.name}.toml"
    session = work / f"{area.name}.sqlite"
    config.write_text(config_text(area, timeout), encoding="utf-8")
    cosmic_ray = [sys.executable, "-m", "cosmic_ray.cli"]
    subprocess.run([*cosmic_ray, "init", str(config), str(session)], cwd=work, check=True)
    tally = Tally()
    chosen = choose(area, work, session, sample=sample, seed=seed, tally=tally)
    mutants, diffs = mutant_specs(chosen, work, tally)
    print(f"mutation: {area.name}: running {len(mutants)} mutants", flush=True)
    spec = work / f"{area.name}.spec.json"
    result = work / f"{area.name}.result.json"
    spec.write_text(
        json.dumps({"pytest_args": pytest_args(area), "timeout": timeout, "mutants": mutants}),
        encoding="utf-8",
    )
    server = [sys.executable, str(work / "tools" / "mutation_server.py"), str(spec), str(result)]
    subprocess.run(server, cwd=work, check=True)
    outcome = json.loads(result.read_text(encoding="utf-8"))
    if "error" in outcome:
        msg = f"mutation: {area.name}: {outcome['error']}"
        raise SystemExit(msg)
    verdicts = {job: found["verdict"] for job, found in outcome["results"].items()}
    uncovered = {job for job, found in outcome["results"].items() if found["tests"] == 0}
    reasons = collections.Counter(found.get("why") for found in outcome["results"].values())
    print(
        f"mutation: {area.name}: {reasons['module-level']} module-level and"
        f" {reasons['run at import']} run at import were judged by a fresh import",
        flush=True,
    )
    by_id = {item.job_id: item for item in chosen}
    for job in sorted(verdicts, key=lambda job: _position(by_id[job].mutations[0])):
        verdict = verdicts[job]
        setattr(tally, verdict, getattr(tally, verdict) + 1)
        if verdict == "survived" and survivors:
            (mutation,) = by_id[job].mutations
            why = " (no test runs it)" if job in uncovered else ""
            print(f"--- SURVIVED {mutation.operator_name} {_position(mutation)}{why}")
            print(diffs[job])
    return tally


def choose(  # noqa: PLR0913
    area: Area, work: Path, session: Path, *, sample: int | None, seed: int, tally: Tally
) -> list[WorkItem]:
    """The mutants to run: not the known equivalents (counted), then a sample if asked."""
    known = equivalent_keys()
    annotations = {module: annotation_spans(work / module) for module in area.modules}
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = sorted(db.work_items, key=lambda item: item.job_id)
    keep = []
    for item in items:
        (mutation,) = item.mutations
        source = (work / mutation.module_path).read_text(encoding="utf-8")
        line = source.splitlines()[mutation.start_pos[0] - 1]
        key = (
            str(mutation.module_path),
            mutation.operator_name,
            line.strip(),
            mutation.start_pos[1],
        )
        in_annotation = any(
            start <= tuple(mutation.start_pos) < end
            for start, end in annotations.get(str(mutation.module_path), [])
        )
        equivalent = any(
            mutated is None or mutated == _mutated_line(source, mutation)
            for mutated, _ in known.get(key, [])
        )
        if equivalent or in_annotation:
            tally.equivalent += 1
        else:
            keep.append(item)
    # Sample by a stable order (module, position, operator), not by the random job ids.
    keep.sort(key=lambda item: _position(item.mutations[0]))
    chosen = (
        keep
        if sample is None
        else random.Random(seed).sample(  # noqa: S311 - a sample, not a secret
            keep, min(sample, len(keep))
        )
    )
    return sorted(chosen, key=lambda item: _position(item.mutations[0]))


def mutant_specs(
    chosen: list[WorkItem], work: Path, tally: Tally
) -> tuple[list[dict[str, object]], dict[str, str]]:
    """Each mutant's mutated module source, for the server; and its diff, for the report."""
    sources: dict[str, str] = {}
    mutants: list[dict[str, object]] = []
    diffs: dict[str, str] = {}
    for item in chosen:
        (mutation,) = item.mutations
        module = str(mutation.module_path)
        original = sources.setdefault(module, (work / module).read_text(encoding="utf-8"))
        operator = get_operator(mutation.operator_name)(**mutation.operator_args)
        mutated = mutate_code(original, operator, mutation.occurrence)
        if mutated is None:
            tally.incompetent += 1
            continue
        diffs[item.job_id] = "".join(
            difflib.unified_diff(
                original.splitlines(keepends=True),
                mutated.splitlines(keepends=True),
                f"a/{module}",
                f"b/{module}",
                n=2,
            )
        )
        mutants.append(
            {
                "id": item.job_id,
                "module": module,
                "source": mutated,
                "start": list(mutation.start_pos),
                "end": list(mutation.end_pos),
            }
        )
    return mutants, diffs


def _position(mutation: object) -> tuple[str, int, int, str, int]:
    return (
        str(mutation.module_path),  # type: ignore[attr-defined]
        *mutation.start_pos,  # type: ignore[attr-defined]
        mutation.operator_name,  # type: ignore[attr-defined]
        mutation.occurrence,  # type: ignore[attr-defined]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen areas, print the report, and apply the gate."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--area", choices=[area.name for area in AREAS], action="append")
    parser.add_argument("--sample", type=int, help="mutants per area (default: all)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant")
    parser.add_argument("--gate", type=float, help="least per cent killed in each area")
    parser.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    args = parser.parse_args(argv)
    areas = [area for area in AREAS if args.area is None or area.name in args.area]
    tallies: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory(prefix="outsourcing-mutation-") as temporary:
        work = Path(temporary)
        # docs/ too: tests execute its pages' code (the documented custom rule, for one); without
        # it those tests fail on every mutant, and a failure there is no kill.
        for folder in ("src", "tests", "benchmarks", "tools", "docs"):
            shutil.copytree(
                ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__", "_build")
            )
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
        os.environ["PYTHONPATH"] = os.pathsep.join([str(work / "src"), str(work)])
        os.environ["HYPOTHESIS_PROFILE"] = "mutation"
        for area in areas:
            tallies[area.name] = run_area(
                area,
                work,
                sample=args.sample,
                seed=args.seed,
                timeout=args.timeout,
                survivors=args.survivors,
            )
    print(f"{'area':<14} {'killed':>7} {'survived':>9} {'equivalent':>11} {'score':>8}")
    for name, tally in tallies.items():
        print(
            f"{name:<14} {tally.killed:>7} {tally.survived:>9} {tally.equivalent:>11}"
            f" {tally.score:>7.1f}%"
            + (f" ({tally.incompetent} incompetent)" * bool(tally.incompetent))
        )
    failing = [
        name for name, tally in tallies.items() if args.gate is not None and tally.score < args.gate
    ]
    if failing:
        print(
            f"mutation: FAILED: below {args.gate} % killed: {', '.join(failing)}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
