"""
One table reader for every container (issue 19): how the nine table layouts
of tests/io/test_table_containers.py read from each container, before (a
Word or PDF table flattened to " | " lines for the text reader, as until
issue 19) and now (the table handed to the workbook reader as a grid), and
what reading PDFs through pdfplumber costs against pdfminer alone. The
"pasted" column is the table copied as text (LibreOffice's tab-separated
filter from the .xlsx, what Excel puts on the clipboard) read by
``read_plan`` as a .txt; "pasted before" is that text through the report
reader alone, as until a pasted table went to the table reader.

    .venv/bin/python bench/table_containers.py [--pages 40] [--rows 2000]

Part 1 prints, per layout and container, whether the draft equals the
.xlsx's (goals, owners, deadlines, targets, sections, title, year) and how
many goals it holds. Part 2 times reading a prose PDF of ``--pages`` pages
(no table: the text path) and the long table's PDF with ``read_document``
(pdfminer, text only: the baseline, measured in the same run) and with
``read_document_blocks`` (pdfplumber: text and tables), median of 5 runs.
Part 3 times a pasted table of ``--rows`` rows and the prose of part 2
as text, through ``read_pasted`` against ``read_report`` (the text path
alone: the baseline, in the same run). Needs LibreOffice (soffice) for
the conversions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import machine  # noqa: E402


def _median_seconds(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()

    from targets.io.documents import read_pasted, read_plan
    from targets.io.files import read_document, read_document_blocks
    from targets.io.report import read_report
    from tests.io import test_table_containers as layouts
    from tests.pdfs import pdf_of

    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, layout in layouts.LAYOUTS.items():
            (root / f"{name}.xlsx").write_bytes(layouts.xlsx_of(layout))
            (root / f"{name}.docx").write_bytes(layouts.docx_of(layout))
        runs = []
        for suffix, to, sources in (
            ("ods", "ods", "*.xlsx"),
            ("xls", "xls:MS Excel 97", "*.xlsx"),
            ("pdf", "pdf", "*.docx"),
            ("txt", layouts.PASTE_FILTER, "*.xlsx"),
        ):
            (root / suffix).mkdir()
            runs.append(
                layouts._converting(
                    sorted(root.glob(sources)), to, root / suffix, root / f"profile-{suffix}"
                )
            )
        for run in runs:
            run.wait()

        def path(name: str, suffix: str) -> Path:
            folder = root / suffix if suffix in ("ods", "xls", "pdf", "txt") else root
            return folder / f"{name}.{suffix}"

        print("\n1. The same table in every container: same draft as the .xlsx? (goals)")
        columns = ["ods", "xls", "docx", "pdf", "pasted", "docx before", "pdf before"]
        columns.append("pasted before")
        print(f"{'layout':<16}" + "".join(f"{c:>14}" for c in columns))
        same = dict.fromkeys(columns, 0)
        for name in layouts.LAYOUTS:
            expected = layouts.essence(read_plan(f"{name}.xlsx", path(name, "xlsx").read_bytes()))
            cells = []
            for column in columns:
                suffix = {"pasted": "txt"}.get(column.split()[0], column.split()[0])
                data = path(name, suffix).read_bytes()
                if column.endswith("before"):
                    text = read_document(f"{name}.{suffix}", data)
                    draft = read_report(text, source_name=f"{name}.{suffix}")
                else:
                    draft = read_plan(f"{name}.{suffix}", data)
                equal = layouts.essence(draft) == expected
                same[column] += equal
                cells.append(f"{'same' if equal else 'DIFFERS'} ({len(draft.all_goals())})")
            print(f"{name:<16}" + "".join(f"{c:>14}" for c in cells))
        total = len(layouts.LAYOUTS)
        print(f"{'same':<16}" + "".join(f"{f'{same[c]}/{total}':>14}" for c in columns))

        print("\n2. Reading PDFs: pdfplumber (text and tables) against pdfminer alone (text)")
        paragraphs = [
            f"{n}.新建社区食堂{n}个,改造老旧小区{n * 2}个,完善一刻钟便民生活圈,"
            "提升社区综合服务能力。(牵头单位:区民政局;配合单位:各街道)"
            for n in range(1, 30 * args.pages)
        ]
        prose = pdf_of([("title", "2023年区政府工作报告重点任务分解方案"), *paragraphs])
        table = path("long", "pdf").read_bytes()
        for label, data in ((f"prose PDF ({args.pages}+ pages)", prose), ("long table PDF", table)):
            base = _median_seconds(lambda data=data: read_document("a.pdf", data))
            blocks = _median_seconds(lambda data=data: read_document_blocks("a.pdf", data))
            print(
                f"{label:<24} read_document {base * 1000:8.0f} ms   "
                f"read_document_blocks {blocks * 1000:8.0f} ms   ratio {blocks / base:5.2f}"
            )

        print("\n3. Pasted text: read_pasted (tables to the table reader) against read_report")
        rows = "\n".join(
            f"{n}\t民生实事\t新建社区食堂{n}个,完善一刻钟便民生活圈\t区民政局\t各街道\t全年"
            for n in range(1, args.rows + 1)
        )
        table = "序号\t类别\t工作任务\t牵头单位\t责任单位\t完成时限\n" + rows + "\n"
        prose = "\n".join(paragraphs) + "\n"
        for label, text in ((f"table of {args.rows} rows", table), ("prose, no tab", prose)):
            base = _median_seconds(lambda text=text: read_report(text))
            pasted = _median_seconds(lambda text=text: read_pasted(text))
            print(
                f"{label:<24} read_report   {base * 1000:8.0f} ms   "
                f"read_pasted          {pasted * 1000:8.0f} ms   ratio {pasted / base:5.2f}"
            )


if __name__ == "__main__":
    main()
