"""
Quarterly reports made through the services in tests: Q3 figures for a goal,
submitting them, and what a refused write must leave as it was.
"""

from decimal import Decimal

from targets.choices import UpdateStatus
from targets.periods import Quarter
from targets.services.periods import period_close, period_for
from targets.services.updates import UpdateData, quarterly_update_submit

Q3 = Quarter(2023, 3)
REASON = "高企认定集中在第四季度，全年目标可以完成。"


def data(goal, **overrides):
    """Q3 figures: 60 % against 75 % expected suggests "at risk"."""
    values = {
        "status": UpdateStatus.AT_RISK,
        "percent_complete": 60,
        "progress": "截至9月底，已净增高企58家。",
        "actuals": {goal.indicators.get().pk: Decimal("58")},
        "override_reason": "",
    }
    values.update(overrides)
    return UpdateData(**values)


def submit(goal, user, *, period=Q3, **kwargs):
    options = {k: kwargs.pop(k) for k in ("draft", "expected_version", "reason") if k in kwargs}
    return quarterly_update_submit(goal, period, data(goal, **kwargs), user=user, **options)[0]


def stored(update):
    """What a refused write must leave as it was."""
    update.refresh_from_db()
    return (
        update.status,
        update.percent_complete,
        update.review_state,
        update.version,
        update.reviewed_by_id,
        update.review_comment,
        update.events.count(),
        update.history.count(),
    )


def close(plan, supervisor, quarter=3):
    period = period_for(plan, quarter)
    period_close(period, user=supervisor)
    return period


def actions(update):
    return list(update.events.values_list("action", "actor__username", "comment"))
