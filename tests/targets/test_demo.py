"""
The Hongshan 2023 demo: its goals and indicators match the report and the
hand annotation, its accounts work, its quarterly updates obey the rules the
update form enforces, and ``load_demo`` can be run again safely.
"""

import itertools
import json
import re
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from targets.choices import OwnerRole, PlanState, UpdateStatus
from targets.demo import hongshan_2023, storyline
from targets.demo.loader import DemoAccount, demo_load
from targets.formatting import format_number
from targets.models import (
    Department,
    Goal,
    Indicator,
    Leader,
    Plan,
    QuarterlyUpdate,
)

PASSWORD = "demo-pass-2023"
ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = (ROOT / "targets/demo/hongshan-2023-work-report.txt").read_text(encoding="utf-8")
EXPECTED = json.loads((ROOT / "tests/data/hongshan-2023-expected.json").read_text("utf-8"))
FOOTER_MARKERS = ("本文仅代表作者观点", "本文地址", "网站地图")
CHAPTER_NUMERALS = {"二是": 2, "三是": 3, "四是": 4}
SHANGHAI = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


# Loading the demo takes seconds: the tests that only read it share one load per module,
# in a transaction rolled back at the module's end, each test in a savepoint inside it
# (as tests/security/conftest.py does). The tests that run load_demo on an empty database
# come first in this module, before that load; _empty_database_first checks they do.
_shared_demo_loaded = []


@pytest.fixture(scope="module")
def demo_accounts(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        accounts = demo_load(password=PASSWORD)
        _shared_demo_loaded.append(True)
        yield accounts
        _shared_demo_loaded.clear()
        transaction.set_rollback(True)


@pytest.fixture
def accounts(demo_accounts, db):
    return demo_accounts


@pytest.fixture
def plan(accounts):
    return Plan.objects.get(**hongshan_2023.PLAN)


def themes(plan):
    """The theme sections: those that hold goals, in reading order."""
    return [s for s in plan.sections.order_by("order") if s.goals.exists()]


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(autouse=True)
def _empty_database_first(request):
    if "demo_accounts" not in request.fixturenames:
        assert not _shared_demo_loaded, "a load_demo test runs after the shared load: move it up"


# load_demo on an empty database


def _signs_in(username, password):
    """Whether the password is right. django-axes needs the request that authenticate() gets."""
    request = RequestFactory().post("/accounts/login/")
    return Client().login(request=request, username=username, password=password)


def test_load_demo_accounts_json_lists_accounts_that_can_sign_in(tmp_path):
    path = tmp_path / "accounts.json"
    call_command("load_demo", password=PASSWORD, accounts_json=str(path), stdout=StringIO())

    rows = json.loads(path.read_text(encoding="utf-8"))
    assert "区发改局" in path.read_text(encoding="utf-8")  # ensure_ascii=False
    assert len(rows) == len(hongshan_2023.DEPARTMENTS) + 3
    for row in rows:
        assert set(row) == {"username", "role", "department"}
        assert row["role"] in {"staff", "supervisor", "leader", "admin"}
        assert _signs_in(row["username"], PASSWORD), row
        assert not _signs_in(row["username"], "wrong")


def test_load_demo_prints_the_summary_and_the_password_once():
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "39 goals, 28 indicators, 114 quarterly updates" in text
    assert text.count("luoshi2023") == 1
    assert re.search(r"^fagai +staff +区发改局$", text, re.M)
    assert _signs_in("fagai", "luoshi2023")


# Running twice


def test_load_demo_twice_leaves_every_table_unchanged():
    call_command("load_demo", stdout=StringIO())
    before = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == before


def test_load_demo_restores_an_edited_goal():
    call_command("load_demo", stdout=StringIO())
    Goal.objects.filter(code="2.2.1").update(title="changed")
    call_command("load_demo", stdout=StringIO())
    assert Goal.objects.get(code="2.2.1").title == "梯度培育科技企业"


# Errors


def test_load_demo_unwritable_accounts_json_is_a_command_error(tmp_path):
    path = tmp_path / "missing-directory" / "accounts.json"
    with pytest.raises(CommandError, match="Cannot write the accounts"):
        call_command("load_demo", accounts_json=str(path), stdout=StringIO())
    assert not Plan.objects.exists()
    assert not User.objects.exists()


def test_load_demo_refuses_when_another_plan_is_active_for_2023():
    Plan.objects.create(year=2023, title="其他方案", state=PlanState.ACTIVE)
    with pytest.raises(CommandError, match="already active for 2023"):
        call_command("load_demo", stdout=StringIO())
    assert Plan.objects.count() == 1


# The plan and its outline


def test_plan_is_active_and_keeps_the_seed_text_verbatim(plan):
    assert plan.state == PlanState.ACTIVE
    assert plan.source_text == SEED_TEXT


def test_demo_has_the_ten_annotated_themes_under_their_chapters(plan):
    found = [
        (
            f"{s.parent.number}{s.parent.title}" if s.parent else None,
            s.title,
            s.number,
        )
        for s in themes(plan)
    ]
    expected = [(t["chapter"], t["theme"], "") for t in EXPECTED["themes"]]
    assert found == expected


def test_demo_chapters_are_top_level_with_their_intro(plan):
    chapters = plan.sections.filter(number__endswith="是").order_by("order")
    assert [c.number for c in chapters] == ["二是", "三是", "四是"]
    for chapter in chapters:
        assert chapter.parent is None
        assert f"{chapter.number}{chapter.title}。{chapter.intro}" in SEED_TEXT
    assert plan.sections.count() == 13


def test_demo_section_order_is_a_pre_order_walk(plan):
    sections = list(plan.sections.order_by("order"))
    children = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section)

    def walk(parent_id):
        for section in children[parent_id]:
            yield section
            yield from walk(section.pk)

    assert list(walk(None)) == sections
    assert [s.order for s in sections] == list(range(1, len(sections) + 1))


def test_demo_theme_sections_have_leaders(plan):
    for section in themes(plan):
        assert section.leaders.exists(), section.title


# Goals


def test_demo_goals_are_every_task_sentence_of_each_theme(plan):
    for section in themes(plan):
        texts = [g.text for g in section.goals.order_by("order")]
        # The theme line followed by its goals, in order, is the paragraph as written.
        assert f"{section.title}。{''.join(texts)}" in SEED_TEXT
        for text in texts:
            assert text.endswith("。") and text.count("。") == 1
    assert Goal.objects.filter(plan=plan).count() == 39


def test_demo_goal_texts_are_verbatim_and_outside_the_footer(plan):
    footer_start = SEED_TEXT.index(FOOTER_MARKERS[0])
    for goal in plan.goals.all():
        assert SEED_TEXT.index(goal.text) < footer_start
        for marker in FOOTER_MARKERS:
            assert marker not in goal.text


def test_demo_goal_codes_follow_chapter_theme_goal(plan):
    position_in_chapter = defaultdict(int)
    for section in themes(plan):
        # The excerpt opens in chapter 一, whose line it leaves out: the demo says so.
        chapter = CHAPTER_NUMERALS[section.parent.number] if section.parent else 1
        position_in_chapter[chapter] += 1
        goals = list(section.goals.order_by("order"))
        expected = [
            f"{chapter}.{position_in_chapter[chapter]}.{n}" for n in range(1, 1 + len(goals))
        ]
        assert [g.code for g in goals] == expected
    assert list(plan.goals.order_by("order").values_list("order", flat=True)) == list(range(1, 40))


def test_demo_goals_have_short_titles_leaders_and_a_deadline(plan):
    for goal in plan.goals.all():
        assert 0 < len(goal.title) <= 20, goal.code
        assert goal.leaders.exists(), goal.code
        assert goal.deadline_text, goal.code


def test_demo_every_goal_has_a_lead_department(plan):
    for goal in plan.goals.all():
        roles = list(goal.assignments.order_by("order").values_list("role", flat=True))
        assert roles[0] == OwnerRole.LEAD, goal.code
        assert roles.count(OwnerRole.LEAD) in (1, 2), goal.code
        assert roles.count(OwnerRole.SUPPORT) <= 3, goal.code


# Indicators


def test_demo_indicators_equal_the_annotation_per_theme(plan):
    for section, theme in zip(themes(plan), EXPECTED["themes"], strict=True):
        indicators = Indicator.objects.filter(goal__section=section).order_by(
            "goal__order", "order"
        )
        found = [(i.target_value, i.unit, i.comparator) for i in indicators]
        expected = [
            (Decimal(str(t["value"])), t["unit"], t["comparator"]) for t in theme["targets"]
        ]
        assert found == expected, section.title
        for indicator, target in zip(indicators, theme["targets"], strict=True):
            # The reader may cut the phrase a little wider or narrower than the
            # annotation, but it is the same words around the same figure.
            assert indicator.phrase in indicator.goal.text
            assert indicator.phrase in target["phrase"] or target["phrase"] in indicator.phrase
    assert Indicator.objects.filter(goal__plan=plan).count() == EXPECTED["target_count"] == 28


def test_demo_indicator_name_is_the_phrase_without_its_figure(plan):
    for indicator in Indicator.objects.filter(goal__plan=plan):
        figure = f"{format_number(indicator.target_value)}{indicator.unit}"
        assert figure in indicator.phrase
        assert figure not in indicator.name
        assert indicator.name


def test_demo_not_targets_are_not_indicators(plan):
    phrases = set(Indicator.objects.filter(goal__plan=plan).values_list("phrase", flat=True))
    names = set(Indicator.objects.filter(goal__plan=plan).values_list("name", flat=True))
    for not_target in EXPECTED["not_targets"]:
        assert not_target not in phrases
        assert not_target not in names


# Accounts


def test_demo_staff_accounts_belong_to_their_department(accounts):
    staff = [a for a in accounts if a.role == Role.STAFF]
    assert len(staff) == Department.objects.count() == len(hongshan_2023.DEPARTMENTS)
    for account in staff:
        user = User.objects.get(username=account.username)
        assert user.role == Role.STAFF
        assert user.department.code == account.username
        assert user.department.short_name == account.department
        assert user.last_name and not user.is_staff and not user.is_superuser


def test_demo_supervisor_leader_and_admin(accounts):
    others = {a.username: a for a in accounts if a.role != Role.STAFF}
    assert others == {
        "supervisor": DemoAccount("supervisor", "supervisor", ""),
        "leader": DemoAccount("leader", "leader", ""),
        "admin": DemoAccount("admin", "admin", ""),
    }
    assert User.objects.get(username="supervisor").department is None
    mayor = Leader.objects.get(position="区长")
    assert mayor.user.username == "leader" and mayor.user.role == Role.LEADER
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.role == Role.ADMIN


# Quarterly updates


def test_demo_updates_obey_the_update_form_rules(plan):
    updates = QuarterlyUpdate.objects.filter(goal__plan=plan).prefetch_related("actuals__indicator")
    assert updates.exists()
    for update in updates:
        assert 0 <= update.percent_complete <= 100
        assert update.progress and update.next_steps
        values = {a.indicator_id: a.value for a in update.actuals.all()}
        assert set(values) == set(update.goal.indicators.values_list("pk", flat=True))
        assert all(value >= 0 for value in values.values())
        if update.status == UpdateStatus.COMPLETED:
            assert update.percent_complete == 100
            for actual in update.actuals.all():
                assert actual.value >= actual.indicator.target_value
        elif update.status == UpdateStatus.NOT_STARTED:
            assert update.percent_complete == 0
            assert all(value == 0 for value in values.values())
        else:
            # A goal that met every target would have been reported completed.
            for actual in update.actuals.all():
                assert actual.value < actual.indicator.target_value
        if update.status in (UpdateStatus.AT_RISK, UpdateStatus.BEHIND):
            assert update.problems


def test_demo_updates_progress_quotes_the_figures(plan):
    for update in QuarterlyUpdate.objects.filter(goal__plan=plan).exclude(
        status=UpdateStatus.NOT_STARTED
    ):
        for actual in update.actuals.select_related("indicator"):
            indicator = actual.indicator
            if actual.value:
                figure = f"{indicator.name}{format_number(actual.value)}{indicator.unit}"
                assert figure in update.progress
            else:
                assert indicator.name in update.progress


def test_demo_updates_are_cumulative(plan):
    for goal in plan.goals.all():
        updates = list(goal.updates.order_by("quarter").prefetch_related("actuals"))
        percents = [u.percent_complete for u in updates]
        assert percents == sorted(percents), goal.code
        for earlier, later in itertools.pairwise(updates):
            before = {a.indicator_id: a.value for a in earlier.actuals.all()}
            for actual in later.actuals.all():
                assert actual.value >= before[actual.indicator_id], goal.code


def test_demo_actuals_track_percent_complete(plan):
    """Fine-grained figures (many steps to the target) stay near the percent reported."""
    for update in QuarterlyUpdate.objects.filter(goal__plan=plan).exclude(
        status__in=[UpdateStatus.COMPLETED, UpdateStatus.NOT_STARTED]
    ):
        for actual in update.actuals.select_related("indicator"):
            target = actual.indicator.target_value
            share = 100 * actual.value / target
            assert share <= update.percent_complete + 5
            if target >= 20 or actual.indicator.unit not in {"个", "家", "名", "条", "座", "所"}:
                assert abs(share - update.percent_complete) <= 12, update


def test_demo_updates_cover_q1_to_q3_with_a_few_unreported(plan):
    goals = plan.goals.all()
    for quarter in (1, 2):
        assert QuarterlyUpdate.objects.filter(goal__plan=plan, quarter=quarter).count() == 39
    unreported = goals.exclude(updates__quarter=3)
    assert 2 <= unreported.count() <= 4
    for goal in unreported:
        assert goal.updates.get(quarter=2).status != UpdateStatus.COMPLETED
    assert not QuarterlyUpdate.objects.exclude(year=2023).exists()
    assert not QuarterlyUpdate.objects.filter(quarter=4).exists()


def test_demo_updates_have_a_mix_of_statuses(plan):
    def statuses(quarter):
        return list(
            QuarterlyUpdate.objects.filter(goal__plan=plan, quarter=quarter).values_list(
                "status", flat=True
            )
        )

    assert 1 <= statuses(1).count(UpdateStatus.NOT_STARTED) <= 2
    assert UpdateStatus.COMPLETED in statuses(2)
    q3 = statuses(3)
    assert q3.count(UpdateStatus.ON_TRACK) > len(q3) / 2
    for status in (UpdateStatus.AT_RISK, UpdateStatus.BEHIND, UpdateStatus.COMPLETED):
        assert status in q3


def test_demo_updates_are_submitted_by_the_lead_department_late_in_the_quarter(plan):
    for update in QuarterlyUpdate.objects.filter(goal__plan=plan).select_related(
        "goal", "submitted_by"
    ):
        first_lead = update.goal.assignments.order_by("order").first().department
        assert update.submitted_by.department == first_lead
        assert update.submitted_by.role == Role.STAFF
        local = update.submitted_at.astimezone(SHANGHAI)
        assert (local.year, local.month) == (2023, 3 * update.quarter)
        assert local.day >= 21


def test_demo_updates_are_the_same_on_every_run(plan):
    def snapshot():
        return list(
            QuarterlyUpdate.objects.order_by("goal__code", "quarter").values_list(
                "goal__code", "quarter", "status", "percent_complete", "progress", "submitted_at"
            )
        )

    first = snapshot()
    QuarterlyUpdate.objects.update(progress="", percent_complete=0)
    demo_load(password=PASSWORD)
    assert snapshot() == first


# The supervision cycle


def test_demo_reviews_q1_q2_approved_q3_mostly(plan):
    from targets.choices import ReviewState

    updates = QuarterlyUpdate.objects.filter(goal__plan=plan)
    for quarter in (1, 2):
        states = set(updates.filter(quarter=quarter).values_list("review_state", flat=True))
        assert states == {ReviewState.APPROVED}
    q3 = list(updates.filter(quarter=3).values_list("goal__code", "review_state"))
    waiting = sorted(code for code, state in q3 if state == ReviewState.SUBMITTED)
    returned = [code for code, state in q3 if state == ReviewState.RETURNED]
    assert waiting == sorted(storyline.WAITING_Q3) and 2 <= len(waiting) <= 3
    assert returned == list(storyline.RETURNED_Q3)
    assert sum(state == ReviewState.APPROVED for _, state in q3) > len(q3) / 2
    comeback = updates.get(quarter=3, goal__code=returned[0])
    assert comeback.review_comment == storyline.RETURNED_Q3[returned[0]]
    assert comeback.reviewed_by.username == "supervisor"


def test_demo_every_transition_is_an_event(plan):
    from targets.choices import ReviewState, UpdateAction

    for update in QuarterlyUpdate.objects.filter(goal__plan=plan).prefetch_related("events"):
        events = [(e.action, e.at) for e in update.events.all()]
        assert events[0] == (UpdateAction.SUBMITTED, update.submitted_at)
        expected = {
            ReviewState.APPROVED: [UpdateAction.SUBMITTED, UpdateAction.APPROVED],
            ReviewState.RETURNED: [UpdateAction.SUBMITTED, UpdateAction.RETURNED],
            ReviewState.SUBMITTED: [UpdateAction.SUBMITTED],
        }[update.review_state]
        assert [action for action, _ in events] == expected
        if len(events) == 2:
            assert events[1][1] == update.reviewed_at > update.submitted_at


def test_demo_periods_q1_to_q3_closed_q4_open(plan):
    import datetime

    from targets.choices import PeriodState
    from targets.models import ReportingPeriod

    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("quarter"))
    assert [(p.quarter, p.state) for p in periods] == [
        (1, PeriodState.CLOSED),
        (2, PeriodState.CLOSED),
        (3, PeriodState.CLOSED),
        (4, PeriodState.OPEN),
    ]
    # Closed quarters on their day; the open one due in the coming weeks, whatever the date.
    assert [p.due_date for p in periods[:3]] == [datetime.date(2023, m, 25) for m in (3, 6, 9)]
    assert periods[3].due_date == timezone.localdate() + datetime.timedelta(days=14)
    for period in periods[:3]:
        assert period.closed_by.username == "supervisor"
        assert period.closed_at.date() > period.due_date


def test_demo_suggestions_and_overrides(plan):
    from targets.models import GoalMilestone

    assert GoalMilestone.objects.filter(goal__plan=plan).values("goal").distinct().count() >= 2
    for update in QuarterlyUpdate.objects.filter(goal__plan=plan):
        assert update.expected_percent is not None and update.suggested_status
        if update.status != update.suggested_status:
            assert update.override_reason, update
        else:
            assert update.override_reason == ""
    # Where the work does not follow the calendar, the milestones keep a goal on track.
    late = QuarterlyUpdate.objects.get(goal__plan=plan, goal__code="2.3.1", quarter=2)
    assert (late.expected_percent, late.suggested_status) == (30, UpdateStatus.ON_TRACK)


def test_demo_send_reminders_as_cron_runs_it(plan):
    # `send_reminders` with no options, as a daily cron line runs it on `make demo`:
    # it chases the open Q4, reaches every department (each demo account has an
    # address), prints one line per department, and exits 0 (no CommandError).
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("send_reminders", "--dry-run", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{plan.title}，2023年第4季度：")
    assert lines[0].endswith("（还有14天截止）")
    sent = [line for line in lines if line.startswith("将发送至")]
    assert sent and all("@hongshan.example>" in line for line in sent)
    assert not any(line.startswith("未发送至") for line in lines)
    assert lines[-1].endswith("试运行：未发送、未记录任何内容。")
    assert err.getvalue() == ""

    # For real (the demo prints them on the console; the tests keep them in an outbox).
    call_command("send_reminders", stdout=StringIO(), stderr=StringIO())
    assert len(mail.outbox) == len(sent)
    assert all(message.to[0].endswith("@hongshan.example") for message in mail.outbox)


# the year's end (targets.demo.year_end)


def test_demo_every_goal_has_its_final_result_and_values(plan):
    from targets.models import GoalOutcome, IndicatorOutcome

    goals = plan.goals.filter(archived=False)
    assert GoalOutcome.objects.filter(goal__plan=plan).count() == goals.count()
    assert IndicatorOutcome.objects.filter(outcome__goal__plan=plan).count() == (
        Indicator.objects.filter(goal__plan=plan).count()
    )
    results = set(GoalOutcome.objects.filter(goal__plan=plan).values_list("result", flat=True))
    assert results == {"completed", "mostly", "not_completed", "ongoing"}
    # The year stays open for the visitor to close.
    assert not hasattr(Plan.objects.get(pk=plan.pk), "year_end")


def test_demo_unfinished_goals_are_carried_into_a_2024_plan_in_the_making(plan):
    from targets.models import GoalCarryOver

    links = GoalCarryOver.objects.filter(source__plan=plan).select_related("source", "goal")
    unfinished = plan.goals.filter(outcome__result__in=["not_completed", "ongoing"])
    assert {link.source for link in links} == set(unfinished)
    (target,) = {link.goal.plan for link in links}
    assert (target.year, target.state) == (2024, PlanState.DRAFT)
    for link in links:
        assert link.goal.code == f"2023-{link.source.code}"
        assert list(link.goal.departments.all()) == list(link.source.departments.all())


def test_demo_claims_check_is_invented_and_says_so(plan):
    from targets.models import ClaimCheck
    from targets.selectors.claims import claim_rows, verdict_counts

    check = ClaimCheck.objects.get(plan=plan)
    assert check.source_text.startswith("【演示用虚构文本】")
    counts = verdict_counts(claim_rows(check))
    assert {v for v, n in counts.items() if n} == {
        "consistent",
        "better",
        "worse",
        "not_mentioned",
        "never_a_target",
    }
    assert check.claims.filter(match_state="confirmed").count() == 2
