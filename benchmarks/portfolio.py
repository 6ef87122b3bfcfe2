"""The portfolio rows: many small contracts, processes, streamed JSON Lines, and the Arrow export.

Run ``python -m benchmarks.portfolio`` (the ``bench`` and ``tables`` extras); see
docs/performance.md. Sizes are the issue's: 2,000 contracts of 50 deliverables; 10,000 JSON lines
of 100 deliverables; the 100,000-deliverable contract for the Arrow export.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from benchmarks.synthetic import AS_OF, synthetic_contract
from outsourcing import validate
from outsourcing.json import dumps, loads
from outsourcing.portfolio import check_lines


def documents(count: int, deliverables: int) -> Iterator[str]:
    """``count`` documents of the synthetic contract, each with an id of its own, made lazily."""
    text = dumps(synthetic_contract(deliverables))
    for n in range(count):
        yield text.replace('"id":"BENCH"', f'"id":"BENCH-{n}"', 1)


def _median(task: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _share(task: Callable[[], object]) -> float:
    """The share of one core this process got while ``task`` ran: its CPU time over wall time.

    Near 1 on an idle machine; on a machine whose cores other work keeps busy, a second process
    cannot find a core of its own either, and the two-process row cannot show a speed-up.
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    task()
    return (time.process_time() - cpu) / (time.perf_counter() - wall)


def portfolio_rows(count: int, deliverables: int, repeats: int) -> dict[str, float]:
    """Load and validate ``count`` documents one after another, per contender; and on processes."""
    # Imported here, not with the module: the worker processes of check_lines import the main
    # module again (multiprocessing's forkserver does), and this row measures how the library's
    # own work splits across processes, not how long pydantic takes to import.
    from benchmarks.peers import MSGSPEC_DECODER, PContract  # noqa: PLC0415

    texts = list(documents(count, deliverables))

    def one_by_one(load: Callable[[str], Any]) -> Callable[[], None]:
        def run() -> None:
            for text in texts:
                assert validate(load(text), as_of=AS_OF).ok

        return run

    def on(jobs: int) -> Callable[[], None]:
        def run() -> None:
            assert all(c.ok for c in check_lines(texts, as_of=AS_OF, jobs=jobs))

        return run

    for load in (loads, MSGSPEC_DECODER.decode, PContract.model_validate_json):
        validate(load(texts[0]), as_of=AS_OF)  # first calls make decoders: not part of a run
    tasks = {
        "lib": one_by_one(loads),
        "msgspec": one_by_one(MSGSPEC_DECODER.decode),
        "pydantic": one_by_one(PContract.model_validate_json),
        "jobs_1": on(1),
        "jobs_2": on(2),
    }
    samples: dict[str, list[float]] = {name: [] for name in tasks}
    names = list(tasks)
    for repeat in range(repeats):
        # Interleaved, the order rotating each repeat, as the main benchmark does: on a shared
        # machine the load changes from minute to minute, and no contender should always meet it.
        for name in names[repeat % len(names) :] + names[: repeat % len(names)]:
            samples[name].append(_median(tasks[name], 1))
    rows = {name: statistics.median(times) for name, times in samples.items()}
    rows["core_share"] = _share(tasks["jobs_1"])
    return rows


_SPIN = "x = 0\nfor i in range(8_000_000):\n    x += i\n"


def ceiling(repeats: int) -> float:
    """What two processes can give here: the same pure-Python work, once alone, then twice at once.

    Two independent processes that share nothing, the time of one over the time of two (2 means
    two full cores). On a virtual machine whose cores are shared with other tenants it is well
    under 2, and no split of work across processes can do better than it.
    """

    def run(count: int) -> float:
        start = time.perf_counter()
        spinning = [
            subprocess.Popen([sys.executable, "-c", _SPIN])  # noqa: S603 - our interpreter
            for _ in range(count)
        ]
        for process in spinning:
            process.wait()
        return time.perf_counter() - start

    alone = statistics.median(run(1) for _ in range(repeats))
    both = statistics.median(run(2) for _ in range(repeats))
    return 2 * alone / both


def breakdown(count: int, deliverables: int) -> dict[str, float]:
    """Where a contract's time goes, per contender: milliseconds per contract, by step.

    The library's load is three steps (see src/outsourcing/_io/typedload.py): msgspec reads the
    text into shadow Structs, in C; the data is written back out to count its keys' colons (a key
    that occurs twice must be refused, and msgspec keeps the last value); generated Python builds
    the attrs objects and runs their checks. The peers read in one step each. The rules are the
    same code for all three, each on objects of its own, loaded afresh for each repetition.
    """
    from benchmarks.peers import MSGSPEC_DECODER, PContract  # noqa: PLC0415 - as above
    from outsourcing import Contract  # noqa: PLC0415
    from outsourcing._io import codegen, typedload  # noqa: PLC0415 - the steps, one by one

    texts = list(documents(count, deliverables))
    decoder = typedload.decoder(Contract)
    assert decoder is not None
    read = decoder.decode

    def per_contract(task: Callable[[], object]) -> float:
        return _median(task, 3) / count * 1e3

    def each(step: Callable[[Any], object], items: Sequence[Any]) -> Callable[[], None]:
        def run() -> None:
            for item in items:
                step(item)

        return run

    def repeated_keys() -> float:
        """The check's share: reading with it, less reading alone, in the same repetition."""
        with_check, alone = each(lambda t: typedload.parse(t, read), texts), each(read, texts)
        differences = [_median(with_check, 1) - _median(alone, 1) for _ in range(3)]
        return statistics.median(differences) / count * 1e3

    def rules(load: Callable[[str], Any]) -> float:
        """The rules on objects loaded afresh for each repetition.

        The index the rules build is cached per contract object: a second run over the same
        objects would find it.
        """
        times = []
        for _ in range(3):
            loaded = [load(text) for text in texts]
            times.append(_median(each(lambda c: validate(c, as_of=AS_OF), loaded), 1))
            del loaded
        return statistics.median(times) / count * 1e3

    shadows = [read(text) for text in texts]
    return {
        "lib: read into shadows (msgspec)": per_contract(each(read, texts)),
        "lib: repeated-key check": repeated_keys(),
        "lib: build objects (Python)": per_contract(each(codegen.build, shadows)),
        "lib: rules": rules(loads),
        "msgspec: read": per_contract(each(MSGSPEC_DECODER.decode, texts)),
        "msgspec: rules": rules(MSGSPEC_DECODER.decode),
        "pydantic: read": per_contract(each(PContract.model_validate_json, texts)),
        "pydantic: rules": rules(PContract.model_validate_json),
    }


def streamed_peak(count: int, deliverables: int) -> tuple[float, int, int, int]:
    """Validate ``count`` streamed lines in a fresh process; its seconds and peak RSS.

    Returns the seconds, the peak resident set size before the stream (after importing and
    making the first document) and after it, in bytes, and one line's size in bytes.
    """
    # The process's own high-water mark (VmHWM): ru_maxrss would carry over the parent's, which
    # holds the whole portfolio, across the exec that starts the child.
    code = f"""
import time
from benchmarks.portfolio import documents, AS_OF
from outsourcing.portfolio import check_lines
def peak():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))
first = next(documents(1, {deliverables}))
list(check_lines([first], as_of=AS_OF))
before = peak()
start = time.perf_counter()
ok = sum(1 for c in check_lines(documents({count}, {deliverables}), as_of=AS_OF) if c.ok)
elapsed = time.perf_counter() - start
assert ok == {count}
print(elapsed, before, peak())
"""
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    elapsed, before, after = done.stdout.split()
    one = len(next(documents(1, deliverables)).encode())
    return float(elapsed), int(before), int(after), one


def arrow_rows(deliverables: int, repeats: int) -> dict[str, float]:
    """The Arrow export of one contract next to ``dumps`` of it."""
    from outsourcing import tables  # noqa: PLC0415 - pyarrow: not for the worker processes above

    contract = synthetic_contract(deliverables)
    tables.to_arrow(contract)  # pyarrow's first call imports and warms up: not part of a run
    return {
        "to_arrow": _median(lambda: tables.to_arrow(contract), repeats),
        "dumps": _median(lambda: dumps(contract), repeats),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the portfolio rows and print them."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.portfolio", description=__doc__)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--deliverables", type=int, default=50)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--line-deliverables", type=int, default=100)
    parser.add_argument("--arrow-deliverables", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--breakdown", type=int, default=500, metavar="N", help="contracts for the steps' row"
    )
    args = parser.parse_args(argv)

    rows = portfolio_rows(args.contracts, args.deliverables, args.repeats)
    head = f"portfolio: {args.contracts:,} contracts x {args.deliverables} deliverables"
    print(head + " (load + validate one after another, median s)")
    share = rows.pop("core_share")
    for name, seconds in rows.items():
        print(f"  {name:<10} {seconds:8.2f} s  {args.contracts / seconds:8.0f} contracts/s")
    print(f"  lib throughput vs pydantic     {rows['pydantic'] / rows['lib']:5.2f}x (target >= 2)")
    print(f"  lib time vs msgspec            {rows['lib'] / rows['msgspec']:5.2f}x (target <= 1.5)")
    print(
        f"  2 processes vs 1               {rows['jobs_1'] / rows['jobs_2']:5.2f}x (target >= 1.7)"
    )
    print(
        f"  2 independent processes vs 1   {ceiling(args.repeats):5.2f}x "
        "(the machine's ceiling for the row above)"
    )
    print(
        f"  one process got {share:.0%} of a core (CPU over wall time, jobs_1): "
        f"{'idle enough to judge' if share > 0.9 else 'too busy to judge'} the 2-process row"
    )

    steps = breakdown(args.breakdown, args.deliverables)
    print(f"where a contract's time goes ({args.breakdown:,} contracts, ms per contract):")
    for step, ms in steps.items():
        print(f"  {step:<36} {ms:6.3f} ms")

    for lines in (args.lines // 10, args.lines):
        elapsed, before, after, one = streamed_peak(lines, args.line_deliverables)
        print(
            f"JSON Lines: {lines:,} x {args.line_deliverables} deliverables streamed in "
            f"{elapsed:.1f} s; peak RSS {before / 1e6:.0f} MB before, {after / 1e6:.0f} MB after "
            f"(+{(after - before) / 1e6:.0f} MB; one line is {one / 1e3:.0f} kB, "
            f"the stream {lines * one / 1e6:.0f} MB)"
        )

    arrow = arrow_rows(args.arrow_deliverables, args.repeats)
    ratio = arrow["to_arrow"] / arrow["dumps"]
    print(
        f"Arrow export of the {args.arrow_deliverables:,}-deliverable contract: "
        f"{arrow['to_arrow'] * 1e3:.0f} ms, dumps {arrow['dumps'] * 1e3:.0f} ms: "
        f"{ratio:.2f}x (target <= 2)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
