"""
Speed and memory of importing a decomposition table (任务分解表) from Excel.

A generated 20,000-row table (title rows, a header, a section row every 50
tasks, tasks with targets in their text, owners, leaders and deadlines) is:

1. read as a dry run (``read_plan``: safety checks, then calamine reads the
   cells in a child process, then the workbook reader builds the plan
   draft), against plain openpyxl ``read_only`` iteration of the same file
   with ``values_only`` — the least any importer must do — measured in the
   same run; the dry run's two halves are timed apart too: reading the
   cells (``read_spreadsheet``) and understanding the rows (the rest);
2. applied (``plan_import``) into a scratch database: SQLite by default, or
   PostgreSQL through DATABASE_URL; then applied a second time, when nothing
   changes (``--dry-run-only`` leaves this out).

Every time is of the work in this process, so the fixed cost of starting
Python and Django is not in it. Peak memory is Python's heap (tracemalloc),
in a separate run of each step so that tracing does not slow the timed runs,
and, for the dry run, the largest resident size of the child process that
read the cells (calamine's memory is not Python's heap). Not a test.

    .venv/bin/python bench/workbook_import.py [--rows 20000] [--repeat 5] [--dry-run-only]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench \\
        .venv/bin/python bench/workbook_import.py
"""

import argparse
import io
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

DEPARTMENTS = ["区发改局", "区科技局", "区住房保障和房管局", "区城管执法局", "区园林局"]
DEPARTMENTS += ["区教育局", "区卫健局", "区商务局", "区财政局", "区建设局"]
LEADERS = ["周文涛", "何晓雯", "宋立军", "许雅琴", "林志远"]
TASKS = [
    "新增泊位{n}个、充电桩{m}个",
    "建成{n}条道路,打通{m}条断头路",
    "净增高新技术企业{n}家",
    "完成老旧小区改造{n}个,惠及居民{m}户",
    "新建{n}个社区公园和{m}个口袋公园",
    "城镇新增就业{n}人以上",
    "本外币存贷款余额增长{p}%",
    "推进第{n}批重点项目前期工作,确保年内开工",
]


def workbook_bytes(rows: int) -> bytes:
    """The table as an office would publish it, built with openpyxl's write-only mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("任务分解表")
    sheet.append(["附件1"])
    sheet.append(["2024年区政府工作目标任务落实责任分解表"])
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位", "责任领导", "完成时限"])
    item = 0
    for n in range(rows):
        if n % 50 == 0:
            sheet.append([f"第{n // 50 + 1}部分 重点工作(牵头领导:{LEADERS[n % 5]})"])
            continue
        item += 1
        task = TASKS[n % len(TASKS)].format(n=n % 97 + 3, m=n % 31 + 2, p=n % 9 + 5)
        sheet.append(
            [
                item,
                task,
                DEPARTMENTS[n % 10],
                "、".join([DEPARTMENTS[(n + 3) % 10], DEPARTMENTS[(n + 7) % 10]]),
                LEADERS[n % 5],
                f"{n % 12 + 1}月底前",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the cells' reader)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(functions: dict, repeat: int) -> dict:
    """
    Each function's best wall-clock and CPU seconds over ``repeat`` rounds
    (and, under ``"median"``, the median of each),
    the functions taking turns in every round so that a machine shared with
    other work slows them alike; then its peak of Python's heap, and its
    result, from one more run under tracemalloc. The best, as ``timeit``
    takes it: other work on the machine only ever adds time (a busy sibling
    core slows CPU time too), so the least disturbed run is the one that
    says what the work costs.
    """
    for function in functions.values():
        function()  # warm up: imports and compiled expressions
    walls: dict = {name: [] for name in functions}
    cpus: dict = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            wall, cpu = time.perf_counter(), cpu_seconds()
            function()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(cpu_seconds() - cpu)
    found = {}
    for name, function in functions.items():
        tracemalloc.start()
        result = function()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        found[name] = (min(walls[name]), min(cpus[name]), peak, result)
    found["median"] = {
        name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in functions
    }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dry-run-only", action="store_true", help="Leave the apply steps out.")
    args = parser.parse_args()

    scratch = None
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="luoshi-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment
    from openpyxl import load_workbook

    from targets.io.documents import read_plan
    from targets.io.files import read_spreadsheet
    from targets.io.workbook import MAX_COLUMNS, MAX_ROWS
    from targets.services.plan_imports import plan_import

    data = workbook_bytes(args.rows)

    def baseline():
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return count

    def dry_run():
        return read_plan("分解表.xlsx", data, year=2024)

    def cells():
        return read_spreadsheet(
            "分解表.xlsx",
            data,
            max_rows=MAX_ROWS,
            max_columns=MAX_COLUMNS,
            too_many_rows=lambda: None,
        )

    load = os.getloadavg()[0]
    found = measure({"baseline": baseline, "dry run": dry_run, "cells": cells}, args.repeat)
    base_s, base_cpu, base_peak, _ = found["baseline"]
    read_s, read_cpu, read_peak, draft = found["dry run"]
    cells_s, cells_cpu, _, _ = found["cells"]
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    goals = len(draft.all_goals())
    targets = sum(len(g.indicators) for g in draft.all_goals())
    mb = 1024 * 1024
    print(f"machine: {machine()}; load average {load:.1f} → {os.getloadavg()[0]:.1f}")
    print(
        f"table: {args.rows:,} rows, {len(data) / mb:.1f} MB, {goals:,} goals, {targets:,} targets"
    )
    rows = [
        ("baseline: openpyxl read_only iteration", base_s, base_cpu, base_s, base_cpu, base_peak),
        ("dry run: read_plan → draft", read_s, read_cpu, base_s, base_cpu, read_peak),
        ("  reading the cells (calamine, child)", cells_s, cells_cpu, base_s, base_cpu, child_peak),
        (
            "  understanding the rows (the rest)",
            read_s - cells_s,
            read_cpu - cells_cpu,
            base_s,
            base_cpu,
            None,
        ),
    ]
    if args.dry_run_only:
        _table(rows)
        print(f"per row: {(read_cpu - cells_cpu) / goals * 1e6:.0f} µs of CPU understanding")
        _medians(found["median"])
        return

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        start = time.perf_counter()
        first = plan_import(draft, source_name="分解表.xlsx")
        apply_s = time.perf_counter() - start
        start = time.perf_counter()
        second = plan_import(draft, source_name="分解表.xlsx")
        again_s = time.perf_counter() - start
        draft.title += " (memory)"
        tracemalloc.start()
        plan_import(draft, source_name="分解表.xlsx")
        apply_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        vendor = connection.vendor
    finally:
        runner.teardown_databases(old_config)
        connection.close()

    rows += [
        (f"apply on {vendor} (first import)", apply_s, None, None, None, apply_peak),
        (f"apply on {vendor} (again, nothing changes)", again_s, None, None, None, None),
    ]
    _table(rows)
    _medians(found["median"])
    print(f"first: {first.summary()}")
    print(f"again: {second.summary()}")


def _medians(medians: dict) -> None:
    """The dry run against the baseline again, by the median round rather than the best."""
    base_s, base_cpu = medians["baseline"]
    read_s, read_cpu = medians["dry run"]
    cells_s, _ = medians["cells"]
    print(
        f"median of the rounds: dry run {read_s:.2f} s ({read_s / base_s:.2f}× base), "
        f"CPU {read_cpu:.2f} s ({read_cpu / base_cpu:.2f}× base); "
        f"reading {cells_s:.2f} s, understanding {read_s - cells_s:.2f} s; "
        f"baseline {base_s:.2f} s, CPU {base_cpu:.2f} s"
    )


def _table(rows) -> None:
    """Wall-clock and CPU seconds, each also as a multiple of the baseline's, and peak memory."""
    mb = 1024 * 1024
    print(f"{'step':<40} {'seconds':>8} {'× base':>7} {'CPU s':>7} {'× base':>7} {'peak MB':>8}")
    for name, wall, cpu, base_wall, base_cpu, peak in rows:
        wall_ratio = f"{wall / base_wall:.2f}" if base_wall else ""
        cpu_text = f"{cpu:.2f}" if cpu is not None else ""
        cpu_ratio = f"{cpu / base_cpu:.2f}" if base_cpu else ""
        peak_text = f"{peak / mb:.1f}" if peak is not None else ""
        print(
            f"{name:<40} {wall:>8.2f} {wall_ratio:>7} {cpu_text:>7} {cpu_ratio:>7} {peak_text:>8}"
        )


if __name__ == "__main__":
    main()
