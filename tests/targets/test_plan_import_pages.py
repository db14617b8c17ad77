"""
A plan import never grows past what real plans hold: a document of more than
3,000 tasks is refused at once with a message (53,000 took 37 s to read and
made a preview of 118 MB), and the preview shows the tasks a hundred a page,
under their headings, with the counts and warnings of the whole draft.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets.io.draft import PlanDraft
from targets.io.limits import MAX_GOALS
from targets.models import Plan, PlanImport
from tests.html import joined_text, messages_of

pytestmark = pytest.mark.django_db

NEW = reverse("targets:plan_import_new")
REFUSAL = (
    "该文档包含超过 3,000 项任务，多于任何工作方案，未予读取。请确认它就是方案本身，或分几次导入。"
)


def plan_text(tasks: int, *, per_chapter: int = 1000) -> str:
    """A 分解方案 of ``tasks`` numbered tasks, ``per_chapter`` to a chapter."""
    lines = ["2024年区政府工作报告重点任务分解方案"]
    for n in range(tasks):
        if n % per_chapter == 0:
            lines.append(
                f"{'一二三四五六七八九十'[n // per_chapter % 10]}、第{n // per_chapter + 1}部分"
            )
        lines.append(f"{n % per_chapter + 1}.新建综合公园{n + 1}个。(牵头单位:区发改局)")
    return "\n".join(lines) + "\n"


def error_of(response) -> str:
    match = re.search(r'id="import-errors">(.*?)</div>\s*\n', response.content.decode(), re.S)
    return joined_text(match.group(1)) if match else ""


@pytest.mark.parametrize("how", ["paste", "upload"])
def test_a_document_of_more_tasks_than_any_plan_is_refused(client_for, admin, how):
    text = plan_text(MAX_GOALS + 1)
    data = (
        {"text": text}
        if how == "paste"
        else {"file": SimpleUploadedFile("全部任务.txt", text.encode())}
    )
    response = client_for(admin).post(NEW, data)
    assert response.status_code == 200
    assert error_of(response) == REFUSAL
    assert not PlanImport.objects.exists() and not Plan.objects.exists()


def test_a_document_of_as_many_tasks_as_the_bound_is_read(client_for, admin):
    response = client_for(admin).post(NEW, {"text": plan_text(MAX_GOALS)})
    assert response.status_code == 302
    assert len(PlanDraft.from_dict(PlanImport.objects.get().draft).all_goals()) == MAX_GOALS


# -- the preview, a page at a time -----------------------------------------------------------


@pytest.fixture
def big(client_for, admin):
    """250 tasks in three chapters of 90: pages of tasks 1–100, 101–200, 201–250."""
    response = client_for(admin).post(NEW, {"text": plan_text(250, per_chapter=90)})
    assert response.status_code == 302
    return PlanImport.objects.get()


def goal_cards(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="card draft-goal[^"]*"[^>]*id="goal-(\d+)"', html)]


def owner_rows(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr class="owners-row[^"]*" id="owners-(\d+)"', html)]


def headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", "", h)
        for h in re.findall(r'<div class="draft-section[^"]*"[^>]*>(.*?)</div>', html, re.S)
    ]


def test_the_preview_shows_a_hundred_tasks_a_page_under_their_headings(client_for, admin, big):
    client = client_for(admin)
    first = client.get(big.get_absolute_url()).content.decode()
    assert goal_cards(first) == list(range(100))
    assert headings(first) == ["一、第1部分L2", "二、第2部分L93"]
    second = client.get(big.get_absolute_url() + "?page=2").content.decode()
    assert goal_cards(second) == list(range(100, 200))
    # The page starts in the middle of the second chapter: its heading comes first.
    assert headings(second) == ["二、第2部分（续）L93", "三、第3部分L184"]
    last = client.get(big.get_absolute_url() + "?page=3").content.decode()
    assert goal_cards(last) == list(range(200, 250))
    assert "第 201–250 项，共 250 项" in re.sub(r"<[^>]+>", "", last)
    # The counts are the whole draft's on every page.
    assert "目标任务250项" in last


@pytest.mark.parametrize("page", ["0", "99", "x", "-1"])
def test_a_page_that_does_not_exist_shows_the_nearest(client_for, admin, big, page):
    response = client_for(admin).get(big.get_absolute_url() + f"?page={page}")
    assert response.status_code == 200
    assert len(goal_cards(response.content.decode())) in (100, 50)


def test_the_owners_table_saves_the_rows_of_its_page_and_keeps_the_others(client_for, admin, big):
    client = client_for(admin)
    html = client.get(big.get_absolute_url() + "?tab=owners&page=2").content.decode()
    assert owner_rows(html) == list(range(100, 200))
    keys = re.search(r'name="keys" value="([^"]*)"', html).group(1).split(",")
    assert [bool(k) for k in keys] == [100 <= i < 200 for i in range(250)]
    posted = {"version": big.version, "page": "2", "keys": ",".join(keys)}
    for i in range(100, 200):
        posted[f"lead-{i}"] = "区园林局"
        posted[f"co-{i}"] = ""
    response = client.post(reverse("targets:plan_import_owners", args=[big.pk]), posted)
    assert response.url == big.get_absolute_url() + "?tab=owners&page=2#owners"
    big.refresh_from_db()
    leads = [g.lead_departments for g in PlanDraft.from_dict(big.draft).all_goals()]
    assert leads == [["区发改局"]] * 100 + [["区园林局"]] * 100 + [["区发改局"]] * 50


def test_a_corrected_task_sends_back_to_its_page(client_for, admin, big):
    url = reverse("targets:plan_import_goal_action", args=[big.pk, 150, "delete"])
    response = client_for(admin).post(url, {"version": big.version})
    assert response.url == big.get_absolute_url() + "?page=2#goal-149"
    assert messages_of(client_for(admin).get(response.url)) == ["任务已从草稿中移除。"]
    edit = client_for(admin).get(reverse("targets:plan_import_goal_edit", args=[big.pk, 220]))
    assert f'href="{big.get_absolute_url()}?page=3#goal-220"' in edit.content.decode()
