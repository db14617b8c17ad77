"""
How fast an upload built to tie up a worker is refused.

The probe of issue 14: a quarterly workbook of about 1.1 MB whose shared
strings part unpacks to 99 MB, 7.4 million strings, under the compression
ratio cap. Reading it held a worker for 60–94 s and grew it to 738 MB. Here
the same kind of file is built (a real template, its shared strings swapped
for the bomb's) and given to ``read_updates``, as the upload page does; the
baseline, in the same run, is the same template without the bomb. The time,
the ratio to the baseline and the process's peak memory (each read in a
fresh process) are printed. ``--uncapped`` also times openpyxl loading the
bomb with no check before it, the way it was read before (about a minute).

Not a test; nothing is asserted.

    .venv/bin/python bench/upload_bombs.py [--strings 7400000] [--repeat 3] [--uncapped]
"""

import argparse
import io
import multiprocessing
import random
import resource
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine

STATUSES = [("on_track", "正常推进"), ("completed", "已完成")]


def template() -> bytes:
    from targets.io.update_sheets import (
        TemplateGoal,
        TemplateIndicator,
        UpdateTemplate,
        write_template,
    )

    goals = [
        TemplateGoal(
            code=f"2.2.{n}",
            title=f"目标任务{n}",
            deadline="12月底前",
            progress="已完成年度任务的60%。",
            indicators=[TemplateIndicator(id=n, name="净增高企", unit="家", target="96家")],
        )
        for n in range(1, 41)
    ]
    return write_template(
        UpdateTemplate(
            plan_id=7,
            plan_title="2023年洪山区政府工作报告",
            year=2023,
            quarter=4,
            period="2023年第4季度",
            department_code="fgj",
            department="区发改局",
            deadline="2023年12月31日",
            statuses=STATUSES,
            source="2023年第3季度",
            goals=goals,
        )
    )


def shared_strings(count: int) -> bytes:
    """
    ``count`` strings, mostly empty, one in 80 a random number: random
    enough that the part packs about 90:1, under the ratio cap of 100.
    """
    rng = random.Random(14)
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">'
    ).encode()
    parts = [head]
    empty = b"<si><t/></si>"
    for n in range(count):
        parts.append(b"<si><t>%d</t></si>" % rng.getrandbits(40) if n % 80 == 0 else empty)
    parts.append(b"</sst>")
    return b"".join(parts)


def bomb(count: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(template()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml" and b"sharedStrings" not in content:
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info.filename, content)
        target.writestr("xl/sharedStrings.xml", shared_strings(count))
    return buffer.getvalue()


def read(data: bytes) -> tuple[float, str]:
    from targets.io.files import DocumentError
    from targets.io.update_sheets import read_updates

    start = time.perf_counter()
    try:
        read_updates("进展.xlsx", data, statuses={"正常推进": "on_track"})
        outcome = "read"
    except DocumentError as error:
        outcome = f"refused ({error.code}): {error}"
    return time.perf_counter() - start, outcome


def uncapped(data: bytes) -> tuple[float, str]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    outcome = "loaded by openpyxl"
    book.close()
    return time.perf_counter() - start, outcome


def _in_child(function, data, queue):
    elapsed, outcome = function(data)
    queue.put((elapsed, outcome, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(function, data: bytes, repeat: int) -> tuple[float, str, float]:
    """Median time, the outcome and the largest peak RSS (MB) of ``repeat`` fresh processes."""
    context = multiprocessing.get_context("fork")
    runs = []
    for _ in range(repeat):
        queue = context.Queue()
        child = context.Process(target=_in_child, args=(function, data, queue))
        child.start()
        runs.append(queue.get())
        child.join()
    return statistics.median(r[0] for r in runs), runs[0][1], max(r[2] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strings", type=int, default=7_400_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--uncapped", action="store_true")
    args = parser.parse_args()
    plain, data = template(), bomb(args.strings)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        part = archive.getinfo("xl/sharedStrings.xml")
    print(f"machine: {machine()}")
    print(
        f"bomb: {len(data) / 1e6:.2f} MB file; xl/sharedStrings.xml {part.file_size / 1e6:.1f} MB "
        f"unpacked, {part.file_size / part.compress_size:.0f}:1, {args.strings:,} strings"
    )
    base, base_outcome, base_rss = measure(read, plain, args.repeat)
    rows = [("the template (baseline)", base, base_outcome, base_rss)]
    rows.append(("the bomb, read_updates", *measure(read, data, args.repeat)))
    if args.uncapped:
        rows.append(("the bomb, openpyxl unchecked", *measure(uncapped, data, 1)))
    print(f"{'file':32} {'median s':>9} {'× baseline':>11} {'peak RSS MB':>12}  outcome")
    for name, elapsed, outcome, rss in rows:
        print(f"{name:32} {elapsed:9.3f} {elapsed / base:11.1f} {rss:12.0f}  {outcome}")


if __name__ == "__main__":
    main()
