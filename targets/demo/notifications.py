"""
The demo's notifications (通知): the office's group robot and the returned
update's department's, both on the console platform, so that
``manage.py send_notifications --once`` prints what the groups would get; and
the inbox filled as the Q3 review left it — the returned update told to its
department, the updates waiting for review told to the supervisor. Written
through ``notify``, the one path every event takes, and only once: a second
run finds them.
"""

from __future__ import annotations

from targets.choices import NotificationKind, ReviewState, RobotPlatform
from targets.models import Notification, NotificationWebhook, QuarterlyUpdate
from targets.services.notifications import (
    actor_name,
    goal_owners,
    goal_words,
    notify,
    quarter_words,
    update_link,
)

from .records import upsert

WAITING_SHOWN = 3  # updates waiting for review told to the supervisor


def load_notifications(plan, supervisor) -> None:
    updates = (
        QuarterlyUpdate.objects.filter(goal__plan=plan)
        .select_related("goal")
        .order_by("goal__order", "pk")
    )
    returned = list(updates.filter(review_state=ReviewState.RETURNED))
    upsert(
        NotificationWebhook,
        {"department": None, "platform": RobotPlatform.CONSOLE},
        {"name": "督查室工作群（演示：打印到控制台）", "token": "督查室工作群"},
    )
    for update in returned[:1]:
        department = goal_owners(update.goal, leads_only=True)[0]
        upsert(
            NotificationWebhook,
            {"department": department, "platform": RobotPlatform.CONSOLE},
            {"name": f"{department}工作群（演示）", "token": f"{department}工作群"},
        )
    for update in returned:
        _tell(update, NotificationKind.UPDATE_RETURNED, supervisor, department_side=True)
    for update in updates.filter(review_state=ReviewState.SUBMITTED)[:WAITING_SHOWN]:
        _tell(update, NotificationKind.UPDATE_SUBMITTED, None, department_side=False)


def _tell(update, kind, actor, *, department_side: bool) -> None:
    if Notification.objects.filter(kind=kind, update_id_ref=update.pk).exists():
        return
    goal = update.goal
    leads = goal_owners(goal, leads_only=True)
    notify(
        kind,
        link=update_link(update) if department_side else goal.get_absolute_url(),
        params={
            **goal_words(goal),
            **quarter_words(update.year, update.quarter),
            "actor": actor_name(actor) if actor else "",
            "department": str(leads[0]) if leads else "",
            "comment": update.review_comment[:200],
        },
        departments=leads if department_side else (),
        office=not department_side,
        actor=actor,
        plan=goal.plan_id,
        goal=goal,
        update=update,
    )
