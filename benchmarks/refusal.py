"""The refusal rows: what refusing a large document costs next to loading the valid one.

Run ``python -m benchmarks.refusal`` (the ``bench`` extra); see docs/performance.md. Each document
is loaded in a fresh process, which reports the seconds ``loads`` took and how far its peak
resident set grew over the load (the text is read and the decoders made before the peak is noted),
so one run's heap never weighs on the next. The documents are the synthetic contract of
``--deliverables`` deliverables (100,000: the issue's size):

- ``valid``: as ``dumps`` writes it; the yardstick;
- ``late_bad_type``: the last deliverable's title a number (msgspec refuses it near the end of
  its parse);
- ``late_bad_date``: the last milestone's due date one that does not exist (the typed path
  builds nearly everything before it doubts);
- ``every_item_bad``: every deliverable's title a number: a hundred problems listed, the rest
  counted.
"""

from __future__ import annotations

import argparse
import json as std
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.synthetic import synthetic_contract
from outsourcing.json import dumps

TARGETS = {"seconds": 3.0, "peak": 1.5}
"""Refusal stays within these multiples of loading the valid document (issue 13, item 17)."""

_CHILD = """
import sys, time
from outsourcing import json
from outsourcing.exceptions import LoadError
def status(key):  # this process's own figures (ru_maxrss may carry its parent's over exec)
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
text = open(sys.argv[1], encoding="utf-8").read()
json.loads(open(sys.argv[2], encoding="utf-8").read())  # decoders and builders made
with open("/proc/self/clear_refs", "w") as reset:
    reset.write("5")  # the high-water mark starts again from what is in use now
before = status("VmRSS:")  # the text included
start = time.perf_counter()
try:
    json.loads(text)
    problems = 0
except LoadError as exc:
    problems = len(exc.problems)
elapsed = time.perf_counter() - start
print(elapsed, status("VmHWM:") - before, problems)
"""


def documents(deliverables: int) -> dict[str, str]:
    """The valid document and the refused ones, as JSON text."""
    valid = dumps(synthetic_contract(deliverables))
    late_bad_type = std.loads(valid)
    late_bad_type["deliverables"][-1]["title"] = 5
    late_bad_date = std.loads(valid)
    late_bad_date["milestones"][-1]["due"] = "2027-02-30"
    every_item_bad = std.loads(valid)
    for item in every_item_bad["deliverables"]:
        item["title"] = 5

    def text(document: object) -> str:
        return std.dumps(document, ensure_ascii=False, separators=(",", ":"))

    return {
        "valid": valid,
        "late_bad_type": text(late_bad_type),
        "late_bad_date": text(late_bad_date),
        "every_item_bad": text(every_item_bad),
    }


def _run(path: Path, warm: Path) -> tuple[float, int, int]:
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", _CHILD, str(path), str(warm)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak, problems = done.stdout.split()
    return float(seconds), int(peak), int(problems)


def measure(deliverables: int, repeats: int) -> dict[str, dict[str, float]]:
    """Median seconds and peak growth per document, each load in a fresh process, interleaved."""
    texts = documents(deliverables)
    samples: dict[str, list[tuple[float, int, int]]] = {name: [] for name in texts}
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: Path(folder, f"{name}.json") for name in texts}
        for name, text in texts.items():
            paths[name].write_text(text, encoding="utf-8")
        warm = Path(folder, "warm.json")
        warm.write_text(dumps(synthetic_contract(3)), encoding="utf-8")
        names = list(texts)
        for repeat in range(repeats):
            for name in names[repeat % len(names) :] + names[: repeat % len(names)]:
                samples[name].append(_run(paths[name], warm))
    return {
        name: {
            "seconds": statistics.median(s for s, _, _ in runs),
            "peak": statistics.median(p for _, p, _ in runs),
            "problems": runs[0][2],
        }
        for name, runs in samples.items()
    }


def render(deliverables: int, rows: dict[str, dict[str, float]]) -> str:
    """The table: seconds, peak growth, problems, and each refusal's ratios to the valid load."""
    valid = rows["valid"]
    lines = [
        f"refusal: the {deliverables:,}-deliverable document, one fresh process per load (median)",
        f"  {'document':<16}{'seconds':>9}{'peak MB':>10}{'problems':>10}{'time':>8}{'peak':>8}",
    ]
    for name, row in rows.items():
        time_ratio = row["seconds"] / valid["seconds"]
        peak_ratio = row["peak"] / valid["peak"] if valid["peak"] else float("nan")
        lines.append(
            f"  {name:<16}{row['seconds']:>9.2f}{row['peak'] / 1e6:>10.0f}"
            f"{int(row['problems']):>10}{time_ratio:>7.2f}x{peak_ratio:>7.2f}x"
        )
    worst_time = max(r["seconds"] for r in rows.values()) / valid["seconds"]
    worst_peak = max(r["peak"] for r in rows.values()) / max(valid["peak"], 1)
    for what, worst in (("time", worst_time), ("peak", worst_peak)):
        limit = TARGETS["seconds" if what == "time" else "peak"]
        verdict = "met" if worst <= limit else "NOT met"
        lines.append(
            f"  worst refusal {what} vs the valid load {worst:5.2f}x "
            f"(target <= {limit}x: {verdict})"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the refusal rows and print them."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.refusal", description=__doc__)
    parser.add_argument("--deliverables", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(render(args.deliverables, measure(args.deliverables, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
