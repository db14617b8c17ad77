"""
Writing a quarterly update (services.updates): closed periods, the suggested
status and overrides, draft → submitted, and the refusal of a write made on an
older version of an update.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from targets.choices import ReviewState, UpdateAction, UpdateStatus
from targets.models import GoalMilestone, IndicatorActual, QuarterlyUpdate, UpdateEvent
from targets.services.review import quarterly_update_approve, quarterly_update_return
from targets.services.updates import StaleUpdate, UpdateData, quarterly_update_submit
from tests.factories import IndicatorFactory, QuarterlyUpdateFactory
from tests.targets.submissions import Q3, REASON, actions, close, stored, submit

pytestmark = pytest.mark.django_db


def test_closed_period_refuses_staff_and_saves_nothing(goal_a, staff_a, supervisor):
    close(goal_a.plan, supervisor)
    with pytest.raises(ValidationError) as refused:
        submit(goal_a, staff_a, override_reason=REASON)
    assert "2023年第3季度报送期已于" in refused.value.messages[0]
    assert not QuarterlyUpdate.objects.exists()


def test_closed_period_accepts_a_supervisor_with_a_reason(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_approve(update, user=supervisor)
    close(goal_a.plan, supervisor)

    corrected = submit(goal_a, supervisor, percent_complete=62, reason="单位来函更正完成比例。")
    assert corrected.percent_complete == 62
    assert corrected.review_state == ReviewState.APPROVED  # the reviewer's own correction
    assert corrected.submitted_by == staff_a  # still the department's report
    event = corrected.events.last()
    assert (event.action, event.actor, event.comment) == (
        UpdateAction.EDITED,
        supervisor,
        "单位来函更正完成比例。",
    )
    record = corrected.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        supervisor,
        "单位来函更正完成比例。",
    )


def test_closed_period_refuses_a_supervisor_without_a_reason(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    close(goal_a.plan, supervisor)
    before = stored(update)
    with pytest.raises(ValidationError, match="必须填写修改理由"):
        submit(goal_a, supervisor, percent_complete=62, reason="  ")
    assert stored(update) == before


def test_open_period_refuses_a_supervisors_edit(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    before = stored(update)
    with pytest.raises(PermissionDenied):
        submit(goal_a, supervisor, percent_complete=62, reason="更正")
    assert stored(update) == before


def test_closed_period_without_a_report_cannot_be_filled_in_by_a_supervisor(goal_a, supervisor):
    close(goal_a.plan, supervisor)
    with pytest.raises(PermissionDenied):
        submit(goal_a, supervisor, reason="代为填报")
    assert not QuarterlyUpdate.objects.exists()


def test_returned_update_can_be_resubmitted_after_the_period_closed(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_return(update, user=supervisor, comment="请补充数据来源。")
    close(goal_a.plan, supervisor)
    # Only as a submission: a draft would be out of the department's reach.
    again = submit(
        goal_a, staff_a, progress="截至9月底，已净增高企58家（来源：市科技局）。", draft=True
    )
    assert again.review_state == ReviewState.SUBMITTED
    update.refresh_from_db()
    before = stored(update)
    with pytest.raises(ValidationError):  # submitted again: locked like the rest
        submit(goal_a, staff_a, percent_complete=63)
    assert stored(update) == before


def test_suggestion_and_expected_progress_are_saved(goal_a, staff_a):
    update = submit(goal_a, staff_a)
    assert (update.expected_percent, update.suggested_status, update.status) == (
        75,
        UpdateStatus.AT_RISK,
        UpdateStatus.AT_RISK,
    )
    assert update.override_reason == ""


def test_override_without_a_reason_is_refused(goal_a, staff_a):
    with pytest.raises(ValidationError) as refused:
        submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK, override_reason=" ")
    assert refused.value.message_dict == {
        "override_reason": ["建议状态为“存在风险”：填报不同的状态须说明理由。"]
    }
    assert not QuarterlyUpdate.objects.exists()


def test_override_with_a_reason_keeps_both(goal_a, staff_a):
    update = submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK, override_reason=REASON)
    update.refresh_from_db()
    assert (update.suggested_status, update.status, update.override_reason) == (
        UpdateStatus.AT_RISK,
        UpdateStatus.ON_TRACK,
        REASON,
    )


def test_reason_is_dropped_when_the_status_follows_the_suggestion(goal_a, staff_a):
    update = submit(goal_a, staff_a, override_reason="不需要的理由")
    assert update.override_reason == ""


def test_override_from_a_channel_without_reasons_is_kept_unexplained(goal_a, staff_a):
    """The Excel template has no reason column: the override is stored, with the suggestion."""
    update = submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK, override_reason=None)
    assert (update.suggested_status, update.status, update.override_reason) == (
        UpdateStatus.AT_RISK,
        UpdateStatus.ON_TRACK,
        "",
    )


def test_expected_progress_follows_milestones(goal_a, staff_a):
    GoalMilestone.objects.create(goal=goal_a, quarter=3, expected_percent=60)
    update = submit(goal_a, staff_a, status=UpdateStatus.ON_TRACK)
    assert (update.expected_percent, update.suggested_status) == (60, UpdateStatus.ON_TRACK)


def test_every_target_met_suggests_completed(goal_a, staff_a):
    with pytest.raises(ValidationError):
        submit(goal_a, staff_a, actuals={goal_a.indicators.get().pk: Decimal(96)})
    update = submit(
        goal_a,
        staff_a,
        status=UpdateStatus.COMPLETED,
        percent_complete=100,
        actuals={goal_a.indicators.get().pk: Decimal(96)},
    )
    assert update.suggested_status == UpdateStatus.COMPLETED


def test_draft_then_submit(goal_a, staff_a):
    draft = submit(goal_a, staff_a, draft=True)
    assert (draft.review_state, draft.submitted_at, draft.version) == (ReviewState.DRAFT, None, 1)
    submitted = submit(goal_a, staff_a, expected_version=1)
    assert submitted.review_state == ReviewState.SUBMITTED
    assert submitted.submitted_at is not None and submitted.version == 2
    assert actions(submitted) == [
        (UpdateAction.SAVED, "staff_a", ""),
        (UpdateAction.SUBMITTED, "staff_a", ""),
    ]


@pytest.mark.parametrize(
    ("state", "draft"),
    [
        (ReviewState.SUBMITTED, False),
        (ReviewState.SUBMITTED, True),  # a sent update cannot go back to a draft
        (ReviewState.APPROVED, False),
        (ReviewState.APPROVED, True),
    ],
)
def test_editing_a_sent_update_sends_it_back_for_review(goal_a, staff_a2, state, draft):
    QuarterlyUpdateFactory(
        goal=goal_a, quarter=3, status=UpdateStatus.AT_RISK, percent_complete=60, review_state=state
    )
    update = submit(goal_a, staff_a2, percent_complete=62, draft=draft)
    assert (update.review_state, update.percent_complete) == (ReviewState.SUBMITTED, 62)


def test_resubmitting_an_approved_update_unchanged_writes_nothing(goal_a, staff_a, supervisor):
    update = submit(goal_a, staff_a)
    quarterly_update_approve(update, user=supervisor)
    before = stored(update)
    again = submit(goal_a, staff_a, expected_version=update.version)
    assert again.version == update.version
    assert stored(update) == before
    assert before[2] == ReviewState.APPROVED


def test_second_save_on_the_same_version_is_refused(goal_a, staff_a, staff_a2):
    first = submit(goal_a, staff_a, draft=True)
    opened_at = first.version  # both colleagues open the form now
    submit(goal_a, staff_a, percent_complete=62, draft=True, expected_version=opened_at)
    update = QuarterlyUpdate.objects.get()
    before = stored(update)
    with pytest.raises(StaleUpdate) as refused:
        submit(goal_a, staff_a2, percent_complete=70, expected_version=opened_at)
    assert refused.value.current.percent_complete == 62
    assert stored(update) == before


def test_first_report_made_meanwhile_is_not_overwritten(goal_a, staff_a, staff_a2):
    submit(goal_a, staff_a)  # the colleague's form was opened before: version 0
    with pytest.raises(StaleUpdate):
        submit(goal_a, staff_a2, percent_complete=70, expected_version=0)
    assert QuarterlyUpdate.objects.get().percent_complete == 60


def test_write_between_read_and_save_is_refused_by_compare_and_set(
    goal_a, staff_a, staff_a2, monkeypatch
):
    """Even without a version from a form, the UPDATE only matches the version read."""
    submit(goal_a, staff_a)
    import targets.services.updates as updates

    real = updates.update_edit_mode

    def meanwhile(*args, **kwargs):
        QuarterlyUpdate.objects.update(version=F("version") + 1, percent_complete=64)
        return real(*args, **kwargs)

    monkeypatch.setattr(updates, "update_edit_mode", meanwhile)
    with pytest.raises(StaleUpdate) as refused:
        submit(goal_a, staff_a2, percent_complete=62)
    assert refused.value.current.percent_complete == 64
    update = QuarterlyUpdate.objects.get()
    assert (update.percent_complete, update.version) == (64, 2)
    assert update.events.count() == 1
    assert update.history.count() == 1  # the first report's: nothing of the refused save


def test_second_save_writes_the_update_and_its_history_row(goal_a, staff_a2, staff_a):
    """The claim and the write are one UPDATE: the stored row and its history agree."""
    first = submit(goal_a, staff_a, draft=True)
    saved = submit(goal_a, staff_a2, percent_complete=62, expected_version=first.version)
    stored_now = QuarterlyUpdate.objects.get()
    assert (stored_now.percent_complete, stored_now.version) == (62, first.version + 1)
    assert (stored_now.review_state, stored_now.submitted_by) == (ReviewState.SUBMITTED, staff_a2)
    assert stored_now.submitted_at is not None
    assert stored_now.updated_at > first.updated_at
    assert saved.version == stored_now.version
    record = stored_now.history.latest()
    assert (record.history_type, record.history_user, record.version) == (
        "~",
        staff_a2,
        stored_now.version,
    )
    assert (record.percent_complete, record.review_state) == (62, ReviewState.SUBMITTED)
    assert record.history_change_reason is None  # no reason given, as the first save's
    assert stored_now.history.count() == 2


def test_a_single_value_is_written_with_its_history_row(goal_a, staff_a, staff_a2):
    """
    One indicator's value added, then changed with a reason, then without: the
    stored value and a history row for each write, with its author and reason
    (none: NULL, as for the update's own rows).
    """
    indicator = goal_a.indicators.get()

    def save(value, user, version, reason=""):
        data = UpdateData(
            status=UpdateStatus.AT_RISK,
            percent_complete=60,
            progress=f"截至9月底，完成{value}。",
            actuals={indicator.pk: Decimal(value)},
            override_reason=REASON,
        )
        update, _created = quarterly_update_submit(
            goal_a, Q3, data, user=user, expected_version=version, reason=reason
        )
        return update

    update = save("58", staff_a, 0)
    update = save("59", staff_a2, update.version, reason="更正")
    save("60", staff_a, update.version)
    actual = IndicatorActual.objects.get(update=update)
    assert actual.value == Decimal("60")
    records = actual.history.order_by("history_id")
    assert [
        (r.history_type, r.value, r.history_user, r.history_change_reason) for r in records
    ] == [
        ("+", Decimal("58"), staff_a, None),
        ("~", Decimal("59"), staff_a2, "更正"),
        ("~", Decimal("60"), staff_a, None),
    ]
    assert all(r.update_id == update.pk and r.indicator_id == indicator.pk for r in records)


def test_events_name_who_and_when(goal_a, staff_a):
    update = submit(goal_a, staff_a)
    event = UpdateEvent.objects.get(update=update)
    assert (event.action, event.actor) == (UpdateAction.SUBMITTED, staff_a)
    assert event.at is not None


def test_every_indicator_value_is_written_with_its_history_in_as_many_queries_as_one(
    goal_a, staff_a
):
    """Values of three indicators added, then changed: each stored and in its history."""
    first = goal_a.indicators.get()
    others = [IndicatorFactory(goal=goal_a, name=f"指标{n}") for n in (2, 3)]
    indicators = [first, *others]

    def save(values, version, reason=""):
        data = UpdateData(
            status=UpdateStatus.AT_RISK,
            percent_complete=60,
            progress="截至9月底，按计划推进。",
            actuals={i.pk: Decimal(v) for i, v in zip(indicators, values, strict=True)},
            override_reason=REASON,
        )
        with CaptureQueriesContext(connection) as queries:
            update, _created = quarterly_update_submit(
                goal_a, Q3, data, user=staff_a, expected_version=version, reason=reason
            )
        return update, len(queries)

    update, _ = save(["58", "3", "7"], 0)
    update, three = save(["59", "4", "8"], update.version, reason="更正")
    one_only = save(["60", "4", "8"], update.version)[1]
    stored_values = IndicatorActual.objects.filter(update=update).order_by("indicator_id")
    assert [a.value for a in stored_values] == [Decimal("60"), Decimal("4"), Decimal("8")]
    assert three == one_only  # three values changed cost what one does
    for actual in stored_values:
        records = actual.history.order_by("history_id")
        assert [r.history_type for r in records] == ["+", "~"] + (
            ["~"] if actual.indicator_id == first.pk else []
        )
        assert all(r.history_user == staff_a for r in records)
        assert records[1].history_change_reason == "更正"
