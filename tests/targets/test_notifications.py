"""
Notifications (通知): each event tells the right people, in their inbox, by
e-mail and in their department's group robot, as they chose, and only if the
change that caused it is kept (the outbox is written in its transaction).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.choices import Role
from targets.choices import (
    NotificationChannel,
    NotificationKind,
    PeriodState,
    ReviewState,
    RobotPlatform,
)
from targets.io.draft import GoalDraft, PlanDraft, SectionDraft
from targets.models import Delivery, Notification
from targets.periods import Quarter
from targets.selectors.notifications import inbox, notification_text, unread_count
from targets.services.assessment import assessment_publish
from targets.services.discussion import goal_comment_add
from targets.services.notifications import (
    deliveries_resend,
    notification_preferences_set,
    notifications_mark_read,
    notify,
)
from targets.services.periods import period_close, period_reopen
from targets.services.plan_imports import plan_import
from targets.services.reminders import deadline_notices_send
from targets.services.review import (
    BatchRefused,
    quarterly_update_approve,
    quarterly_update_return,
    quarterly_updates_approve,
)
from targets.services.updates import UpdateData, quarterly_update_submit
from tests.factories import (
    DeliveryFactory,
    GoalCommentFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
    NotificationWebhookFactory,
    QuarterlyUpdateFactory,
    ReportingPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(staff_a, staff_a2, staff_b, supervisor, leader):
    for user in (staff_a, staff_a2, staff_b, supervisor, leader):
        user.email = f"{user.username}@hongshan.gov.cn"
        user.save(update_fields=["email"])
    return {u.username: u for u in (staff_a, staff_a2, staff_b, supervisor, leader)}


@pytest.fixture
def robots(department_a, department_b):
    """A WeCom robot for A, one for B, and the office's DingTalk robot."""
    return {
        "a": NotificationWebhookFactory(department=department_a, platform=RobotPlatform.WECOM),
        "b": NotificationWebhookFactory(department=department_b, platform=RobotPlatform.WECOM),
        "office": NotificationWebhookFactory(department=None, platform=RobotPlatform.DINGTALK),
    }


def told(kind):
    """Who got an inbox line of ``kind``, by username."""
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def mailed(kind):
    return sorted(
        Delivery.objects.filter(kind=kind, channel=NotificationChannel.EMAIL).values_list(
            "notification__recipient__username", flat=True
        )
    )


def posted(kind, robots):
    names = {r.pk: name for name, r in robots.items()}
    return sorted(
        names[pk]
        for pk in Delivery.objects.filter(kind=kind, channel=NotificationChannel.ROBOT).values_list(
            "webhook", flat=True
        )
    )


def test_a_returned_update_tells_its_department(people, robots, goal_a):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    quarterly_update_return(update, user=people["supervisor"], comment="请补充高企名单。")

    assert told(NotificationKind.UPDATE_RETURNED) == ["staff_a", "staff_a2"]
    assert mailed(NotificationKind.UPDATE_RETURNED) == ["staff_a", "staff_a2"]
    assert posted(NotificationKind.UPDATE_RETURNED, robots) == ["a"]
    line = Notification.objects.filter(recipient=people["staff_a"]).get()
    assert line.link == f"/goals/{goal_a.pk}/report/?year=2023&quarter=3"
    assert line.goal_id_ref == goal_a.pk and line.update_id_ref == update.pk
    with translation.override("en"):
        text = notification_text(line.kind, line.params)
    assert text == (
        f"{people['supervisor'].username} returned the 2023 Q3 update of 2.2.3 净增高企: "
        "请补充高企名单。"
    )


def test_an_approval_tells_the_department_in_its_inbox_only(people, robots, goal_a):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    quarterly_update_approve(update, user=people["supervisor"])
    assert told(NotificationKind.UPDATE_APPROVED) == ["staff_a", "staff_a2"]
    assert mailed(NotificationKind.UPDATE_APPROVED) == []
    assert posted(NotificationKind.UPDATE_APPROVED, robots) == []


def test_an_approval_rolled_back_sends_nothing(people, robots, goal_a):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    with pytest.raises(RuntimeError), transaction.atomic():
        quarterly_update_approve(update, user=people["supervisor"])
        assert Notification.objects.count() == 2
        raise RuntimeError("the surrounding transaction fails after the approval")
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_a_refused_batch_approval_sends_nothing(people, robots, goal_a, plan):
    from tests.factories import GoalFactory

    other = GoalFactory(plan=plan, code="2.2.4", leads=[goal_a.assignments.get().department])
    waiting = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    stale = QuarterlyUpdateFactory(goal=other, quarter=3, review_state=ReviewState.SUBMITTED)
    with pytest.raises(BatchRefused):
        quarterly_updates_approve(
            [(waiting, waiting.version), (stale, stale.version + 1)], user=people["supervisor"]
        )
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_an_update_sent_for_review_tells_the_office(people, robots, goal_a):
    quarterly_update_submit(
        goal_a,
        Quarter(2023, 3),
        UpdateData(status="on_track", percent_complete=60, progress="进展顺利。"),
        user=people["staff_a"],
    )
    assert told(NotificationKind.UPDATE_SUBMITTED) == ["supervisor"]
    assert posted(NotificationKind.UPDATE_SUBMITTED, robots) == ["office"]
    line = Notification.objects.get()
    assert line.link == f"/goals/{goal_a.pk}/"
    with translation.override("en"):
        text = notification_text(line.kind, line.params)
    assert text == "区发改局 submitted the 2023 Q3 update of 2.2.3 净增高企 for review."


def test_the_office_is_told_by_its_reviewers_and_robots_as_they_are_now(people, robots):
    """
    What an update sent tells the office follows its reviewers and robots as
    they are at that moment (their queries are built once per process, their
    rows read on each event): a reviewer added since is told, one deactivated
    is not, nor the author of the event; a robot turned off posts nothing, a
    new one does.
    """

    def tell_office(actor):
        with transaction.atomic():
            lines = notify(
                NotificationKind.UPDATE_SUBMITTED,
                link="/goals/1/",
                params={},
                office=True,
                actor=actor,
            )
        robot_rows = Delivery.objects.filter(channel=NotificationChannel.ROBOT)
        posted_to = list(robot_rows.values_list("webhook", flat=True))
        Delivery.objects.all().delete()  # each event's rows alone
        return sorted(line.recipient.username for line in lines), posted_to

    assert tell_office(people["staff_a"]) == (["supervisor"], [robots["office"].pk])
    second = UserFactory(username="supervisor2", department=None, role=Role.SUPERVISOR)
    third = UserFactory(username="supervisor3", department=None, role=Role.SUPERVISOR)
    people["supervisor"].is_active = False
    people["supervisor"].save(update_fields=["is_active"])
    robots["office"].active = False
    robots["office"].save(update_fields=["active"])
    office_robot = NotificationWebhookFactory(department=None, platform=RobotPlatform.WECOM)
    assert tell_office(second) == (["supervisor3"], [office_robot.pk])
    assert tell_office(third) == (["supervisor2"], [office_robot.pk])


def test_an_office_without_an_active_robot_posts_nothing_until_one_is_turned_on(people, robots):
    """
    An update sent tells the office's reviewers; with no active office robot
    nothing is posted (the reviewers' query says so: the robots' own is not
    run), and a robot turned on again posts the next event.
    """
    robots["office"].active = False
    robots["office"].save(update_fields=["active"])

    def tell_office():
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            lines = notify(
                NotificationKind.UPDATE_SUBMITTED,
                link="/goals/1/",
                params={},
                office=True,
                actor=people["staff_a"],
            )
        robot_rows = Delivery.objects.filter(channel=NotificationChannel.ROBOT)
        posted_to = list(robot_rows.values_list("webhook", flat=True))
        Delivery.objects.all().delete()  # each event's rows alone
        robots_read = [
            q
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "targets_notificationwebhook"')
        ]
        return [line.recipient.username for line in lines], posted_to, robots_read

    recipients, posted_to, robots_read = tell_office()
    assert (recipients, posted_to, robots_read) == (["supervisor"], [], [])
    robots["office"].active = True
    robots["office"].save(update_fields=["active"])
    assert tell_office()[:2] == (["supervisor"], [robots["office"].pk])


def test_a_draft_tells_nobody(people, robots, goal_a):
    quarterly_update_submit(
        goal_a,
        Quarter(2023, 3),
        UpdateData(status="on_track", percent_complete=60, progress="草稿。"),
        user=people["staff_a"],
        draft=True,
    )
    assert not Notification.objects.exists() and not Delivery.objects.exists()


def test_a_comment_tells_the_owners_and_earlier_commenters_but_not_its_author(
    people, robots, goal_a
):
    GoalCommentFactory(goal=goal_a, author=people["leader"], text="请加快进度。")
    goal_comment_add(goal_a, "已补充材料。", user=people["staff_a"])
    assert told(NotificationKind.GOAL_COMMENTED) == ["leader", "staff_a2"]
    line = Notification.objects.get(recipient=people["leader"])
    assert line.link.startswith(f"/goals/{goal_a.pk}/#comment-")
    assert posted(NotificationKind.GOAL_COMMENTED, robots) == []  # robots: off by default


def test_closing_and_reopening_a_period_tells_the_lead_departments_and_the_office(
    people, robots, goal_a, plan
):
    period = ReportingPeriodFactory(plan=plan, quarter=3)
    period_close(period, user=people["supervisor"])
    # The supervisor closed it: the office's other members would be told, not them.
    assert told(NotificationKind.PERIOD_CLOSED) == ["staff_a", "staff_a2"]
    assert posted(NotificationKind.PERIOD_CLOSED, robots) == ["a", "office"]
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED
    period_reopen(period, user=people["supervisor"], reason="补报")
    line = Notification.objects.filter(kind=NotificationKind.PERIOD_OPENED).first()
    assert line.link == "/dashboard/?year=2023&quarter=3"
    with translation.override("en"):
        text = notification_text(line.kind, line.params)
    assert text == ("2023 Q3 of 2023年洪山区政府工作报告 was reopened: 补报")


def test_publishing_a_plan_tells_its_departments_and_the_office(people, robots, db):
    draft = PlanDraft(
        title="2024年方案",
        year=2024,
        sections=[
            SectionDraft(
                title="主题", goals=[GoalDraft(text="任务。", lead_departments=["区科技局"])]
            )
        ],
    )
    admin = UserFactory(username="boss", role=Role.ADMIN, department=None)
    plan_import(draft, user=admin, activate=True)
    assert told(NotificationKind.PLAN_PUBLISHED) == ["staff_b", "supervisor"]
    assert posted(NotificationKind.PLAN_PUBLISHED, robots) == ["b", "office"]


def test_a_draft_import_publishes_nothing(people, robots, db):
    draft = PlanDraft(
        title="2024年方案",
        year=2024,
        sections=[SectionDraft(title="主题", goals=[GoalDraft(text="任务。")])],
    )
    plan_import(draft)
    assert not Notification.objects.exists()


def test_publishing_the_assessment_tells_the_departments(people, robots, goal_a, plan):
    assessment_publish(plan, user=people["supervisor"], version=0)
    assert told(NotificationKind.ASSESSMENT_PUBLISHED) == ["staff_a", "staff_a2"]
    assert mailed(NotificationKind.ASSESSMENT_PUBLISHED) == ["staff_a", "staff_a2"]
    assert Notification.objects.first().link == f"/assessment/?year={plan.year}"


def test_due_dates_approaching_and_passed_are_told_once(people, robots, goal_a, plan, settings):
    settings.NOTIFY_DUE_DAYS = (3,)
    period = ReportingPeriodFactory(plan=plan, quarter=4, due_date=datetime.date(2024, 1, 10))
    q4 = Quarter(2023, 4)
    assert deadline_notices_send(plan, q4, today=datetime.date(2024, 1, 6)) == 0  # 4 days
    assert deadline_notices_send(plan, q4, today=datetime.date(2024, 1, 7)) == 1
    assert deadline_notices_send(plan, q4, today=datetime.date(2024, 1, 7)) == 0  # again
    assert told(NotificationKind.DUE_SOON) == ["staff_a", "staff_a2"]
    assert posted(NotificationKind.DUE_SOON, robots) == ["a"]
    assert deadline_notices_send(plan, q4, today=datetime.date(2024, 1, 11)) == 1
    assert deadline_notices_send(plan, q4, today=datetime.date(2024, 1, 12)) == 0
    line = Notification.objects.filter(kind=NotificationKind.OVERDUE).first()
    assert line.period_id_ref == period.pk
    with translation.override("en"):
        text = notification_text(line.kind, line.params)
    assert text == ("区发改局: 1 goals have no update for 2023 Q4, which was due on 2024-01-10.")


def test_a_department_that_reported_is_not_told_of_its_due_date(people, goal_a, plan):
    ReportingPeriodFactory(plan=plan, quarter=4, due_date=datetime.date(2024, 1, 10))
    QuarterlyUpdateFactory(goal=goal_a, quarter=4, review_state=ReviewState.SUBMITTED)
    assert deadline_notices_send(plan, Quarter(2023, 4), today=datetime.date(2024, 1, 11)) == 0


# -- preferences ----------------------------------------------------------------------------


def test_a_user_turns_an_email_off_and_the_departments_default_applies_to_the_others(
    people, robots, goal_a, department_a
):
    notification_preferences_set(
        people["staff_a"], {(NotificationKind.UPDATE_RETURNED, NotificationChannel.EMAIL): False}
    )
    NotificationPreferenceFactory(
        user=None,
        department=department_a,
        kind=NotificationKind.UPDATE_RETURNED,
        channel=NotificationChannel.ROBOT,
        enabled=False,
    )
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    quarterly_update_return(update, user=people["supervisor"], comment="请补充。")
    assert told(NotificationKind.UPDATE_RETURNED) == ["staff_a", "staff_a2"]  # the inbox: always
    assert mailed(NotificationKind.UPDATE_RETURNED) == ["staff_a2"]
    assert posted(NotificationKind.UPDATE_RETURNED, robots) == []


def test_a_user_without_an_address_gets_no_email_row(goal_a, staff_a, supervisor):
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3, review_state=ReviewState.SUBMITTED)
    staff_a.email = ""
    staff_a.save()
    quarterly_update_return(update, user=supervisor, comment="请补充。")
    assert told(NotificationKind.UPDATE_RETURNED) == ["staff_a"]
    assert not Delivery.objects.exists()


def test_an_unknown_preference_is_refused(staff_a):
    with pytest.raises(ValidationError):
        notification_preferences_set(staff_a, {("no_such_event", "email"): True})
    with pytest.raises(ValidationError):
        notification_preferences_set(staff_a, {(NotificationKind.DUE_SOON, "robot"): True})


# -- the inbox ------------------------------------------------------------------------------


def test_marking_read_touches_only_ones_own_lines(staff_a, staff_b):
    mine = NotificationFactory.create_batch(3, recipient=staff_a)
    theirs = NotificationFactory(recipient=staff_b)
    assert notifications_mark_read(staff_a, [mine[0].pk, theirs.pk]) == 1
    assert unread_count(staff_a) == 2
    assert unread_count(staff_b) == 1
    assert list(inbox(staff_a, unread=True)) == [mine[2], mine[1]]
    assert notifications_mark_read(staff_a) == 2
    assert unread_count(staff_a) == 0 and unread_count(staff_b) == 1


def test_the_inbox_filters_by_kind(staff_a):
    returned = NotificationFactory(recipient=staff_a, kind=NotificationKind.UPDATE_RETURNED)
    NotificationFactory(recipient=staff_a, kind=NotificationKind.PERIOD_CLOSED)
    assert list(inbox(staff_a, kind=NotificationKind.UPDATE_RETURNED)) == [returned]
    assert inbox(staff_a, kind="nonsense").count() == 2  # an unknown kind filters nothing


# -- the outbox, for administrators ---------------------------------------------------------


def test_resend_puts_failed_rows_back_and_leaves_sent_ones(admin, staff_a):
    failed = DeliveryFactory(state="failed", attempts=3)
    dead = DeliveryFactory(state="dead", attempts=9)
    sent = DeliveryFactory(state="sent", attempts=1)
    assert deliveries_resend(Delivery.objects.all(), user=admin) == 2
    for row in (failed, dead, sent):
        row.refresh_from_db()
    assert (failed.state, failed.attempts, dead.state) == ("pending", 0, "pending")
    assert sent.state == "sent"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        deliveries_resend(Delivery.objects.all(), user=staff_a)


def test_notify_refuses_to_run_outside_a_transaction(monkeypatch, staff_a):
    """Written apart from its change, an event could be sent for a change rolled back."""
    from django.db import connections

    from targets.services.notifications import notify

    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        notify(NotificationKind.PLAN_PUBLISHED, link="/", params={}, users=[staff_a])
    monkeypatch.undo()
    assert not Notification.objects.exists()
