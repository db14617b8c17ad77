"""
Speed and memory of the Excel exports.

1. The writer: ROWS rows of a quarterly-progress sheet (12 columns: codes,
   names, a coloured state, a percentage, long narrative text, a date)
   through ``targets.io.xlsx_write`` (styled: title, frozen header, borders,
   wrap, state fills, formula guard), against plain openpyxl write-only
   ``ws.append`` of the same values with no styling at all, measured in the
   same run. Peak memory of each in a fresh process: Python's heap
   (tracemalloc) and the process's maximum resident set (getrusage).
2. The plan export from the database: ``plan_workbook`` on a generated
   district (the data of bench/dashboard.py), against the writer alone
   writing as many rows (a goal row, four quarter rows and an indicator row
   per goal), so the ratio is what reading the database adds.

Not a test; nothing is asserted.

    .venv/bin/python bench/export.py [--rows 100000] [--repeat 3] [--goals 2000]
    .venv/bin/python bench/export.py --goals 0        # the writer only
"""

import argparse
import datetime
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.machine import machine

STATES = [("正常推进", "success")] * 6 + [
    ("存在风险", "warning"),
    ("滞后", "danger"),
    ("已完成", "primary"),
    ("未报送", "light"),
]
HEADERS = ["编号", "简称", "牵头单位", "季度", "状态", "完成进度", "指标实际值"]
HEADERS += ["进展情况", "存在问题", "下步计划", "填报人", "填报时间"]


def rows(count: int, styled: bool):
    """The same values for both writers; ``styled`` marks state and percent for the writer."""
    from targets.io.xlsx_write import Percent, Tinted

    start = datetime.datetime(2023, 3, 25, 9, 0)
    for n in range(count):
        label, colour = STATES[n % len(STATES)]
        percent = (n % 101) / 100
        # One row in fifty carries typed text that looks like a formula.
        problems = "-部分企业申报材料不全" if n % 50 == 0 else ("" if n % 3 else "用地指标紧张。")
        yield [
            f"{n // 100 % 10}.{n // 10 % 10}.{n % 10}",
            f"目标任务{n}",
            f"区测试局{n % 100}",
            f"2023年第{n % 4 + 1}季度",
            Tinted(label, colour) if styled else label,
            Percent(percent) if styled else percent,
            f"新增项目 {n % 97}个",
            f"截至{n % 12 + 1}月底，目标任务{n}按计划推进，已完成年度任务的{n % 101}%。" * 2,
            problems,
            "下一步，持续抓好任务落实，及时研究解决推进中的问题。",
            f"填报员{n % 300}",
            start + datetime.timedelta(minutes=n),
        ]


def plain_openpyxl(count: int, target) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("季度进展")
    sheet.append(HEADERS)
    for row in rows(count, styled=False):
        sheet.append(row)
    book.save(target)


def luoshi_writer(count: int, target) -> None:
    from targets.io.xlsx_write import Column, StreamingWorkbook

    widths = [8, 18, 14, 14, 9, 8, 18, 44, 28, 28, 10, 16]
    wrapped = {1, 2, 6, 7, 8, 9}
    columns = [
        Column(header, width, wrap=index in wrapped)
        for index, (header, width) in enumerate(zip(HEADERS, widths, strict=True))
    ]
    with StreamingWorkbook() as book:
        sheet = book.add_sheet(
            "季度进展",
            columns,
            heading="基准测试方案 目标任务落实情况（截至2023年第4季度）",
            note="截至2023年第4季度各季度进展 · 范围：全部单位",
            freeze_columns=1,
        )
        for row in rows(count, styled=True):
            sheet.append(row)
        book.save(target)


WRITERS = {"plain openpyxl write-only": plain_openpyxl, "targets.io.xlsx_write": luoshi_writer}


def _timed_once(name: str, count: int) -> tuple[float, int]:
    with tempfile.TemporaryFile() as handle:
        start = time.perf_counter()
        WRITERS[name](count, handle)
        elapsed = time.perf_counter() - start
        return elapsed, handle.seek(0, os.SEEK_END)


def _memory_in_child(name: str, count: int) -> tuple[int, int, int]:
    """Run one writer in this (fresh) process: tracemalloc peak, max RSS before and after (KiB)."""
    rows(0, styled=True)  # import what both need before the "before" reading
    import openpyxl  # noqa: F401

    import targets.io.xlsx_write  # noqa: F401

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    with tempfile.TemporaryFile() as handle:
        WRITERS[name](count, handle)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak, before, after


def _max_rss_in_child(name: str, count: int) -> int:
    """Max RSS (KiB) of a fresh process that runs one writer without tracemalloc's own overhead."""
    with tempfile.TemporaryFile() as handle:
        WRITERS[name](count, handle)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def bench_writer(count: int, repeat: int) -> None:
    print(f"\n1. writer: {count:,} rows × {len(HEADERS)} columns, median of {repeat} runs")
    times = {name: [] for name in WRITERS}
    sizes = {}
    for _ in range(repeat):  # alternate, so drift in the machine hits both alike
        for name in WRITERS:
            elapsed, sizes[name] = _timed_once(name, count)
            times[name].append(elapsed)
    spawn = multiprocessing.get_context("spawn")
    memory = {}
    for name in WRITERS:
        with spawn.Pool(1) as pool:
            memory[name] = pool.apply(_memory_in_child, (name, count))
        with spawn.Pool(1) as pool:
            memory[name] += (pool.apply(_max_rss_in_child, (name, count)),)
    base = statistics.median(times["plain openpyxl write-only"])
    print(
        f"{'writer':<28} {'median s':>9} {'× baseline':>11} {'rows/s':>9} {'file MB':>8} "
        f"{'heap peak MB':>13} {'max RSS MB':>11}"
    )
    for name in WRITERS:
        median = statistics.median(times[name])
        peak, _before, _after, rss = memory[name]
        print(
            f"{name:<28} {median:>9.2f} {median / base:>11.2f} {count / median:>9,.0f} "
            f"{sizes[name] / 1e6:>8.1f} {peak / 2**20:>13.1f} {rss / 1024:>11.1f}"
        )
    print(
        "heap peak: tracemalloc, Python objects only; max RSS: the whole process "
        "(interpreter, openpyxl, lxml), in a fresh process per writer"
    )


def bench_plan(goals: int, departments: int, repeat: int) -> None:
    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="luoshi-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        _bench_plan(goals, departments, repeat)
    finally:
        runner.teardown_databases(old_config)
        connection.close()


def _bench_plan(goal_count: int, department_count: int, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from bench.dashboard import generate
    from targets.exports.plan import plan_workbook
    from targets.models import Goal, Indicator, Plan
    from targets.periods import Quarter

    translation.activate("zh-hans")
    leader, _staff, _department = generate(goal_count, department_count)
    plan = Plan.objects.get()
    period = Quarter(2023, 4)
    row_count = Goal.objects.count() * (1 + period.quarter) + Indicator.objects.count()

    def writer_alone():
        with tempfile.TemporaryFile() as handle:
            luoshi_writer(row_count, handle)

    def export():
        with tempfile.TemporaryFile() as handle:
            plan_workbook(plan, period, user=leader, target=handle)

    def measure(function):
        function()  # warm up
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            tracemalloc.start()
            function()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return statistics.median(times), len(queries), peak

    print(
        f"\n2. plan export from {connection.vendor}: {goal_count:,} goals, "
        f"{department_count} departments, 4 quarters (leader), median of {repeat} runs"
    )
    base = measure(writer_alone)
    full = measure(export)
    print(f"{'step':<36} {'median s':>9} {'× baseline':>11} {'queries':>8} {'heap peak MB':>13}")
    for name, (median, queries, peak) in [
        (f"baseline: writer alone, {row_count:,} rows", base),
        ("plan_workbook (5 sheets)", full),
    ]:
        print(
            f"{name:<36} {median:>9.2f} {median / base[0]:>11.1f} {queries:>8} "
            f"{peak / 2**20:>13.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--goals", type=int, default=2000, help="0 skips the plan export")
    parser.add_argument("--departments", type=int, default=100)
    args = parser.parse_args()

    print(f"machine: {machine()}")
    bench_writer(args.rows, args.repeat)
    if args.goals:
        bench_plan(args.goals, args.departments, args.repeat)


if __name__ == "__main__":
    main()
