"""Load, validate, dump and memory of ``outsourcing`` next to json, msgspec and pydantic.

Run ``python -m benchmarks`` from a checkout with the ``bench`` extra installed; see
docs/performance.md. Every contender runs in the same process, interleaved repeat by repeat, and
the table reports medians and the ratios the performance targets are stated in.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.peers import MSGSPEC_DECODER, PContract
from benchmarks.synthetic import AS_OF, foreign_document, synthetic_contract
from outsourcing import validate
from outsourcing.json import dumps, loads

# The targets of the benchmark issue, at the largest size: (name, numerator, denominator, limit).
TARGETS = (
    (
        "load+validate vs msgspec load + same rules",
        "lib_load_validate",
        "msgspec_load_validate",
        3.0,
    ),
    ("load+validate vs json.loads alone", "lib_load_validate", "json_load", 4.0),
    (
        "load+validate vs pydantic load + same rules",
        "lib_load_validate",
        "pydantic_load_validate",
        0.8,
    ),
    ("dump vs json.dumps of the plain dict", "lib_dump", "json_dump", 0.8),
    ("foreign document vs the one dumps writes", "lib_load_foreign", "lib_load", 1.2),
    ("memory kept vs msgspec", "lib_memory", "msgspec_memory", 1.1),
)


def _timed(task: Callable[[], object]) -> float:
    """Seconds ``task`` takes; what it returns is freed afterwards, outside the timing.

    A program keeps what it loads: freeing a few hundred thousand objects is not part of loading
    them, and would weigh most on the contenders that build the most objects.
    """
    gc.collect()
    start = time.perf_counter()
    result = task()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def _kept_bytes(load: Callable[[], object]) -> int:
    """Bytes still allocated by ``load`` while its result is alive."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = load()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def measure(size: int, repeats: int) -> dict[str, Any]:
    """Measure every contender on a synthetic contract of ``size`` deliverables."""
    text = dumps(synthetic_contract(size))
    plain = json.loads(text)
    contract = loads(text)
    # The same contract as another producer may write it: every key at its default left out.
    foreign = json.dumps(foreign_document(contract), ensure_ascii=False, separators=(",", ":"))
    pydantic_contract = PContract.model_validate_json(text)

    def lib_load_validate() -> object:
        contract = loads(text)
        assert validate(contract, as_of=AS_OF).ok
        return contract

    def msgspec_load_validate() -> object:
        contract = MSGSPEC_DECODER.decode(text)
        assert validate(contract, as_of=AS_OF).ok
        return contract

    def pydantic_load_validate() -> object:
        contract = PContract.model_validate_json(text)
        assert validate(contract, as_of=AS_OF).ok
        return contract

    tasks: dict[str, Callable[[], object]] = {
        "lib_load": lambda: loads(text),
        "lib_load_foreign": lambda: loads(foreign),
        "json_load": lambda: json.loads(text),
        "msgspec_load": lambda: MSGSPEC_DECODER.decode(text),
        "pydantic_load": lambda: PContract.model_validate_json(text),
        "lib_load_validate": lib_load_validate,
        "msgspec_load_validate": msgspec_load_validate,
        "pydantic_load_validate": pydantic_load_validate,
        "lib_dump": lambda: dumps(contract),
        "json_dump": lambda: json.dumps(plain),
        "pydantic_dump": pydantic_contract.model_dump_json,
    }
    samples: dict[str, list[float]] = {name: [] for name in tasks}
    names = list(tasks)
    for repeat in range(repeats):
        # Rotate the order each repeat, so no contender always runs first or last.
        for name in names[repeat % len(names) :] + names[: repeat % len(names)]:
            samples[name].append(_timed(tasks[name]))
    result: dict[str, Any] = {
        "size": size,
        "bytes": len(text.encode()),
        "seconds": {name: statistics.median(times) for name, times in samples.items()},
    }
    result["memory"] = {
        "lib_memory": _kept_bytes(lambda: loads(text)),
        "msgspec_memory": _kept_bytes(lambda: MSGSPEC_DECODER.decode(text)),
        "pydantic_memory": _kept_bytes(lambda: PContract.model_validate_json(text)),
    }
    return result


def _value(result: dict[str, Any], key: str) -> float:
    merged = result["seconds"] | result["memory"]
    return float(merged[key])


def render(results: Sequence[dict[str, Any]]) -> str:
    """The table of medians (ms) and memory (MB) per size, then the targets at the largest size."""
    rows = [*results[0]["seconds"], *results[0]["memory"]]
    head = f"{'median':<24}" + "".join(f"{r['size']:>14,}" for r in results)
    lines = [head, "-" * len(head)]
    for row in rows:
        unit, scale = ("MB", 1e-6) if row.endswith("memory") else ("ms", 1e3)
        cells = "".join(f"{_value(r, row) * scale:>11.1f} {unit}" for r in results)
        lines.append(f"{row:<24}{cells}")
    largest = results[-1]
    lines += ["", f"targets at {largest['size']:,} deliverables:"]
    for name, top, bottom, limit in TARGETS:
        ratio = _value(largest, top) / _value(largest, bottom)
        verdict = "met" if ratio <= limit else "NOT met"
        lines.append(f"  {name:<46} {ratio:6.2f}x  (target <= {limit}x: {verdict})")
    if len(results) > 1:
        small, big = results[-2], results[-1]
        growth = _value(big, "lib_load_validate") / _value(small, "lib_load_validate")
        factor = big["size"] / small["size"]
        name = f"scaling, load+validate {small['size']:,} -> {big['size']:,}"
        limit = factor * 1.1
        verdict = "met" if growth <= limit else "NOT met"
        lines.append(f"  {name:<46} {growth:6.2f}x  (target <= {limit:.0f}x: {verdict})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; with ``--json PATH`` also write the numbers."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="deliverable counts, comma-separated"
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed repeats per contender (median)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = [measure(size, args.repeats) for size in sizes]
    print(render(results))
    if args.json:
        document = {"python": sys.version, "results": results}
        Path(args.json).write_text(json.dumps(document, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
