"""
What compressing each kept page costs, in one process, the two ways side by
side: the body compressed whole (Django's ``compress_string``, what
``CompressionMiddleware`` did for every response) and spliced from the kept
page's text compressed once (``config.compression.spliced``), interleaved:
median microseconds of CPU and the bytes sent. The bodies are the bench
district's kept cockpit and department page as a browser gets them
(bench/district.py; production-like settings, a scratch PostgreSQL database,
dropped after). Then each kept page requested whole, as a browser asks,
the two ways in turn: spliced, and with nothing offered to splice (every
response compressed whole, as before), median ms of CPU. A/B within one run:
the machine's load weighs on both alike.

    .venv/bin/python bench/compression.py [--pg-url …] [--rounds 300]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from bench.servers import bench_district

PERIOD = "year=2023&quarter=4"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/luoshi_gzip")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()

    with bench_district(args) as (district, _generated):
        print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
        measure(district, args.rounds)
    return 0


def measure(district: dict, rounds: int) -> None:
    from django.utils.text import compress_string

    from bench.web import browser
    from config import compression
    from targets.selectors import page_cache

    leader, staff = browser(district["leader"]), browser("staff1")
    department = district["departments"][1]
    cases = [
        ("cockpit, kept", leader, f"/dashboard/?{PERIOD}"),
        ("department page, kept", staff, f"/departments/{department}/?{PERIOD}"),
    ]
    print(
        f"\n{'page':<24} {'HTML KB':>8} {'whole µs':>9} {'spliced µs':>10} "
        f"{'whole KB':>9} {'spliced KB':>10}"
    )
    for name, who, url in cases:
        page_cache.forget()
        who.get(url)  # kept, and its text compressed (this process's memory)
        response = who.get(url)
        assert response["Content-Encoding"] == "gzip", name
        body = gzip.decompress(response.content)
        pieces = [entry.piece for entry in page_cache._memo.entries.values() if entry.piece]
        assert pieces, name
        secrets = set(TOKEN.findall(body))
        whole, spliced = [], []
        for _ in range(rounds):
            start = time.process_time()
            sent_whole = compress_string(body, max_random_bytes=100)
            whole.append(time.process_time() - start)
            start = time.process_time()
            sent_spliced = compression.spliced(body, pieces, secrets, 100)
            spliced.append(time.process_time() - start)
        assert gzip.decompress(sent_spliced) == body
        print(
            f"{name:<24} {len(body) / 1024:>8.1f} {statistics.median(whole) * 1e6:>9.0f} "
            f"{statistics.median(spliced) * 1e6:>10.0f} {len(sent_whole) / 1024:>9.1f} "
            f"{len(sent_spliced) / 1024:>10.1f}"
        )
    requests(cases, rounds)


def requests(cases, rounds: int) -> None:
    """Each kept page requested, spliced and compressed whole in turn: median CPU ms."""
    from config import compression

    offer = compression.offer
    print(f"\n{'request (as a browser asks)':<30} {'whole ms':>9} {'spliced ms':>10}")
    for name, who, url in cases:
        times = {True: [], False: []}
        for n in range(rounds):
            splice = n % 2 == 0
            # Nothing offered: the response compressed whole, as CompressionMiddleware did.
            compression.offer = offer if splice else lambda request, make: None
            try:
                start = time.process_time()
                response = who.get(url)
                times[splice].append(time.process_time() - start)
            finally:
                compression.offer = offer
            assert response["Content-Encoding"] == "gzip", name
        print(
            f"{name:<30} {statistics.median(times[False]) * 1e3:>9.2f} "
            f"{statistics.median(times[True]) * 1e3:>10.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
