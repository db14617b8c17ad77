"""
What each row of the fill-in workbook was based on, without the database: the
hidden sheet keeps the download's token, when it was made and a digest of
each goal's row; a row read back untouched gives that digest again.
"""

import datetime
from decimal import Decimal

import pytest

from targets.io.update_sheets import BASE_ROW, META_SHEET, row_digest, write_template
from targets.io.update_sheets.bases import workbook_made
from tests.helpers import rezip
from tests.io.test_update_sheets import read, save, template, workbook

TOKEN = "0123456789abcdef" * 2
MADE = "2023-12-01T10:00:00+08:00"


def digest(goal) -> str:
    """The digest of what a template row shows, as the service works it out from a report."""
    return row_digest(
        status=goal.status,
        percent=goal.percent,
        progress=goal.progress,
        problems=goal.problems,
        next_steps=goal.next_steps,
        actuals={i.id: i.value for i in goal.indicators},
    )


def read_digest(entry) -> str:
    """The digest of a row read back, as the service works it out from the checked form."""
    return row_digest(
        status=entry.status,
        percent=int(entry.percent) if entry.percent else None,
        progress=entry.progress,
        problems=entry.problems,
        next_steps=entry.next_steps,
        actuals={i.indicator_id: Decimal(i.value) if i.value else None for i in entry.indicators},
    )


def based_template(**overrides):
    base = template(**overrides)
    for goal in base.goals:
        goal.base = digest(goal)
    base.workbook, base.generated = TOKEN, MADE
    return base


def test_template_keeps_its_token_time_and_bases():
    made = based_template()
    book = workbook(write_template(made))
    meta = book[META_SHEET]
    rows = list(meta.iter_rows(min_row=BASE_ROW, max_col=2, values_only=True))
    assert rows == [("goal", "base"), ("2.2.3", made.goals[0].base), ("2.2.4", made.goals[1].base)]

    sheet = read(write_template(made))
    assert (sheet.workbook, sheet.generated) == (TOKEN, MADE)
    assert sheet.bases == {"2.2.3": made.goals[0].base, "2.2.4": made.goals[1].base}


def test_row_read_back_untouched_gives_the_digest_it_was_based_on():
    made = based_template()
    # Line endings and trailing spaces as a form may store them; 58.0000 as the database does.
    made.goals[0].progress = "已净增高企58家。  \r\n下步：加强辅导。 "
    made.goals[0].base = digest(made.goals[0])
    book = workbook(write_template(made))
    untouched = read(save(book))
    assert [read_digest(g) for g in untouched.goals] == [g.base for g in made.goals]

    book.worksheets[0]["E5"] = 59  # one value typed over
    edited = read(save(book))
    assert read_digest(edited.goals[0]) != made.goals[0].base
    assert read_digest(edited.goals[1]) == made.goals[1].base


@pytest.mark.parametrize(
    ("change", "alike"),
    [
        ({"actuals": {11: Decimal("58"), 12: Decimal("-1.50")}}, True),
        ({"progress": "  已净增高企58家。\r\n"}, True),
        ({"progress": "已净增高企59家。"}, False),
        ({"status": "at_risk"}, False),
        ({"percent": 61}, False),
        ({"actuals": {11: None, 12: Decimal("-1.5")}}, False),
    ],
)
def test_digest_compares_as_the_upload_compares(change, alike):
    values = {
        "status": "on_track",
        "percent": 60,
        "progress": "已净增高企58家。",
        "problems": "",
        "next_steps": "",
        "actuals": {11: Decimal("58.0000"), 12: Decimal("-1.5")},
    }
    assert (row_digest(**values) == row_digest(**{**values, **change})) is alike


def test_workbook_made_before_bases_reads_its_creation_time():
    book = workbook(write_template(template()))  # no token, no time, no bases
    book.properties.created = datetime.datetime(2023, 11, 30, 8, 15)  # UTC, as Excel keeps it
    sheet = read(save(book))
    assert (sheet.workbook, sheet.bases) == ("", {})
    assert sheet.generated == "2023-11-30T08:15:00+00:00"


def test_changed_base_cell_leaves_that_row_without_a_base():
    book = workbook(write_template(based_template()))
    book[META_SHEET][f"B{BASE_ROW + 1}"] = "改过"
    assert list(read(save(book)).bases) == ["2.2.4"]


@pytest.mark.parametrize(
    "core",
    [
        None,  # no document properties at all
        b"<not xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><cp:coreProperties/>',
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/">'
        b"<dcterms:created>yesterday</dcterms:created></cp:coreProperties>",
    ],
)
def test_creation_time_unknown_when_the_properties_do_not_say(core):
    data = write_template(template())
    if core is None:
        data = rezip(data, drop=["docProps/core.xml"])
    else:
        data = rezip(data, replace={"docProps/core.xml": lambda _xml: core})
    assert workbook_made(data) == ""
