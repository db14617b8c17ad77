"""
One period, every surface: the dashboard, its ranking, the department page,
the chasing page, a reminder, the fill-in workbook, the plan export and the
bulletin all give the same due date and count "reported" the same way, since
each asks the one ``deadline`` and the one rule of ``selectors.states``.
"""

import datetime
import io
import re

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from targets.choices import ReviewState, UpdateStatus
from targets.periods import Quarter
from targets.services.periods import period_for, period_set_due_date
from targets.services.reminders import reminders_send
from tests.factories import GoalFactory, QuarterlyUpdateFactory, UserFactory
from tests.html import counts, table_rows, text

pytestmark = pytest.mark.django_db

Q3 = {"year": 2023, "quarter": 3}
DUE = datetime.date(2023, 9, 20)


def at(month, day):
    return timezone.make_aware(datetime.datetime(2023, month, day, 10))


@pytest.fixture
def period(plan, department_a, department_b, supervisor):
    """
    A leads four goals: one approved, one waiting for review, one sent after the
    due date, one not reported (a draft); it supports one of B's. B leads two:
    one completed in Q2 (need not report), one returned. The office moved the
    due date to 20 September.
    """
    goals = [GoalFactory(plan=plan, code=f"1.{n}", leads=[department_a]) for n in range(1, 5)]
    done = GoalFactory(plan=plan, code="2.1", leads=[department_b], supports=[department_a])
    returned = GoalFactory(plan=plan, code="2.2", leads=[department_b])
    QuarterlyUpdateFactory(goal=goals[0], quarter=3, submitted_at=at(9, 18))
    QuarterlyUpdateFactory(
        goal=goals[1], quarter=3, review_state=ReviewState.SUBMITTED, submitted_at=at(9, 19)
    )
    QuarterlyUpdateFactory(goal=goals[2], quarter=3, submitted_at=at(9, 24))
    QuarterlyUpdateFactory(
        goal=goals[3], quarter=3, review_state=ReviewState.DRAFT, submitted_at=None
    )
    QuarterlyUpdateFactory(
        goal=done, quarter=2, status=UpdateStatus.COMPLETED, percent_complete=100
    )
    QuarterlyUpdateFactory(
        goal=returned, quarter=3, review_state=ReviewState.RETURNED, submitted_at=at(9, 15)
    )
    period_set_due_date(period_for(plan, 3), DUE, user=supervisor)
    UserFactory(username="a_mail", department=department_a, email="a@hongshan.example")
    UserFactory(username="b_mail", department=department_b, email="b@hongshan.example")
    return plan


def test_every_surface_gives_the_same_due_date_and_the_same_reported(
    client_for, supervisor, staff_a, department_a, department_b, period
):
    # A: 3 of 4 sent (one of them late), 1 missing. B: 0 of 1 (the completed goal need not).
    expected = {"区发改局": ("3", "4"), "区科技局": ("0", "1")}
    client = client_for(supervisor)

    dashboard = client.get(reverse("targets:dashboard"), Q3)
    assert counts(dashboard)["reported"] == "3/5"
    assert "按时报送（9月20日前）" in dashboard.content.decode()
    ranking = {
        row[0]: tuple(row[3].split(" ")[0].split("/"))
        for row in table_rows(dashboard, "department-table")
    }
    assert ranking == expected

    for department in (department_a, department_b):
        page = client.get(reverse("targets:department_detail", args=[department.pk]), Q3)
        assert tuple(counts(page)["reported"].split("/")) == expected[department.short_name]

    # The staff member's own dashboard counts what their department answers for: A's.
    own = counts(client_for(staff_a).get(reverse("targets:dashboard"), Q3))
    assert own["reported"] == "3/4"
    staff_page = client_for(staff_a).get(
        reverse("targets:department_detail", args=[department_a.pk]), Q3
    )
    notice = staff_page.content.decode().split('id="reminder-notice"', 1)[1].split("</div>", 1)[0]
    assert "尚未报送2023年第3季度进展，截止日期9月20日" in text(notice)

    client = client_for(supervisor)  # the test client is one: sign the office in again
    chasing = client.get(reverse("targets:chasing_list"), Q3).content.decode()
    assert "截止日期：2023年9月20日" in text(chasing)
    missing = re.findall(r'data-count="missing">(\d+)<', chasing)
    assert sorted(int(n) for n in missing) == [1, 1]  # A's draft, B's returned update

    run = reminders_send(period, Quarter(2023, 3), dry_run=True)
    assert run.deadline.due_date == DUE
    assert {r.department.short_name: len(r.missing.goals) for r in run.sent} == {
        "区发改局": 1,
        "区科技局": 1,
    }
    assert all("2023年9月20日" in reminder.body for reminder in run.sent)

    workbook = client_for(staff_a).get(
        reverse("targets:update_sheet_download", args=[department_a.pk]), Q3
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content)))
    instructions = " ".join(str(r[1]) for r in book["填报说明"].iter_rows(values_only=True))
    assert "请于2023年9月20日前" in instructions

    client = client_for(supervisor)
    export = client.get(reverse("targets:plan_export"), Q3)
    summary = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))["按单位汇总"]
    exported = {
        row[0]: (str(row[3]), str(row[4]))
        for row in summary.iter_rows(min_row=4, values_only=True)
        if row[0] in expected
    }
    assert exported == expected

    bulletin = client.get(reverse("targets:bulletin_export"), Q3)
    document = docx.Document(io.BytesIO(b"".join(bulletin.streaming_content)))
    table = {
        row.cells[0].text: tuple(row.cells[2].text.split("/"))
        for row in document.tables[0].rows[1:]
    }
    # The departments as everywhere, then every goal once: the dashboard's 3/5.
    assert table == {**expected, "合计": ("3", "5")}
    body = "\n".join(p.text for p in document.paragraphs)
    assert "本季度应报送进展的目标任务5项，已报送3项（其中待审核1项），未报送2项" in body
    assert "2023年9月20日" in body
