"""
Speed of the report reader on a long document: the seed excerpt repeated ten
times (390 goals), read REPEAT times. Prints goals per second and the ratio to
a baseline measured in the same run: NFKC-normalising the same text and
splitting it into sentences, the least any reader must do. Not a test.

    .venv/bin/python bench/reader.py [--copies 10] [--repeat 5]
"""

import argparse
import platform
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import machine  # noqa: E402
from targets.io.report import read_report  # noqa: E402
from targets.io.text import split_sentences  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    seed = (ROOT / "targets" / "demo" / "hongshan-2023-work-report.txt").read_text()
    report = seed.split("本文仅代表作者观点")[0]
    text = "\n".join([report] * args.copies) + seed[len(report) :]

    def baseline():
        for line in unicodedata.normalize("NFKC", text).splitlines():
            split_sentences(line)

    def reader():
        return read_report(text, year=2023)

    goals = len(reader().all_goals())
    base = statistics.median(_times(baseline, args.repeat))
    read = statistics.median(_times(reader, args.repeat))
    print(f"machine: {machine()}")
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print(f"document: {args.copies} × the seed, {len(text):,} characters, {goals} goals")
    print(f"{'step':<34} {'median ms':>10} {'× baseline':>11} {'goals/s':>9}")
    print(f"{'baseline: NFKC + sentences':<34} {base * 1000:>10.1f} {1.0:>11.1f} {'':>9}")
    print(f"{'read_report':<34} {read * 1000:>10.1f} {read / base:>11.1f} {goals / read:>9.0f}")


def _times(function, repeat):
    function()  # warm up: compile the regular expressions
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        result.append(time.perf_counter() - start)
    return result


if __name__ == "__main__":
    main()
