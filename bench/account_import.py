"""
What an import of departments and accounts costs: a generated list of UNITS
units and PEOPLE people (each unit merged down over its people, as offices
keep them), with Django's production hasher (PBKDF2).

1. Reading the workbook (``read_accounts``) against plain openpyxl
   ``read_only`` iteration of the same file — the baseline;
2. the preview (``account_import_changes``) on an empty database;
3. applying it: units, accounts and their first passwords
   (``first_password_hash``, FIRST_PASSWORD_ITERATIONS rounds);
4. the preview and the apply again, when nothing changes;
5. what hashing every first password with the full rounds would have cost
   (one ``make_password`` measured, times PEOPLE).

Wall-clock time; ratio to the baseline. Not a test; nothing is asserted.

    .venv/bin/python bench/account_import.py [--units 120] [--people 400] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench \
        .venv/bin/python bench/account_import.py
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.machine import machine
from bench.scratch import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=120)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with scratch_database() as connection:
        from django.test.utils import override_settings

        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}")
        with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        ):
            run(args)


def the_list(units: int, people: int) -> bytes:
    from targets.io.account_imports import TEMPLATE_COLUMNS
    from tests.helpers import workbook_of

    rows = [[header for _role, header in TEMPLATE_COLUMNS]]
    merges = []
    each, extra = divmod(people, units)
    person = 0
    for unit in range(units):
        count = each + (unit < extra)
        first = len(rows) + 1
        for seat in range(count):
            person += 1
            rows.append(
                [
                    f"洪山区第{unit:03d}局" if seat == 0 else None,
                    f"区{unit:03d}局" if seat == 0 else None,
                    "区直部门" if seat == 0 else None,
                    None,
                    f"人员{person}",
                    f"hs{person:04d}",
                    "填报员",
                    f"139{person:08d}",
                    f"hs{person:04d}@hongshan.gov.cn",
                ]
            )
        if count > 1:
            merges.append((0, f"A{first}:A{first + count - 1}"))
    return workbook_of(("名单", rows), merges=merges)


def timed(action, repeat: int) -> float:
    """Median seconds of ``action`` over ``repeat`` runs, after one to warm up."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def once(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(args) -> None:
    from django.contrib.auth.hashers import get_hasher, make_password
    from django.db import transaction
    from openpyxl import load_workbook

    from accounts.passwords import FIRST_PASSWORD_ITERATIONS
    from targets.forms.account_imports import read_account_list
    from targets.selectors.account_imports import account_import_changes
    from targets.services.account_imports import account_import_apply

    data = the_list(args.units, args.people)
    print(f"data: {args.units} units, {args.people} people, {len(data) / 1024:.0f} KB")

    def openpyxl_rows():
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _row in book.active.iter_rows(values_only=True):
            pass
        book.close()

    baseline = timed(openpyxl_rows, args.repeat)
    read = timed(lambda: read_account_list("名单.xlsx", data), args.repeat)
    sheet = read_account_list("名单.xlsx", data)
    preview = timed(lambda: account_import_changes(sheet), args.repeat)
    with transaction.atomic():
        apply, result = once(lambda: account_import_apply(sheet))
    assert len(result.slips) == args.people
    preview_again = timed(lambda: account_import_changes(sheet), args.repeat)
    with transaction.atomic():
        apply_again, again = once(lambda: account_import_apply(sheet))
    assert not again.slips
    hasher = get_hasher()
    full_one = timed(lambda: make_password("Ab3#kLm9pQr2"), max(3, args.repeat // 2))

    rows = [
        ("baseline: openpyxl read_only rows", baseline),
        ("read_accounts (the upload)", read),
        ("preview, empty database", preview),
        (f"apply: {args.units} units, {args.people} accounts", apply),
        ("preview again (nothing changes)", preview_again),
        ("apply again (nothing changes)", apply_again),
        (f"hashing {args.people} passwords at full rounds", full_one * args.people),
    ]
    print(
        f"hasher: {hasher.algorithm}, {hasher.iterations} rounds "
        f"(first passwords: {FIRST_PASSWORD_ITERATIONS})"
    )
    print(f"{'step':<46} {'seconds':>9} {'× baseline':>11}")
    for name, seconds in rows:
        print(f"{name:<46} {seconds:>9.3f} {seconds / baseline:>11.1f}")


if __name__ == "__main__":
    main()
