"""
Text a file could not hold, typed into a form: every form that takes
narrative refuses it on the field, names the characters, and offers the text
back without them (``targets.forms.text``). The quarterly update and the
review, through the web, are in their own tests.
"""

import pytest
from django.http import QueryDict

from targets.admin_versions import VersionedForm
from targets.forms.periods import GoalMilestoneForm, PeriodReopenForm
from targets.forms.plan_imports import (
    DraftGoalForm,
    DraftIndicatorForm,
    DraftPlanForm,
    PlanImportForm,
)
from targets.models import Goal

TYPED = "第一季度\ufffe完成\x0c\uffff选址"
OFFERED = "第一季度完成选址"


class GoalAdminForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["title", "version"]


FORMS = [
    (PeriodReopenForm, {}, {}, "reason"),
    (GoalMilestoneForm, {"milestones": {}}, {}, "note_1"),
    (PlanImportForm, {}, {}, "text"),
    (PlanImportForm, {}, {"text": "一是推进项目建设。"}, "title"),
    (DraftPlanForm, {}, {"version": "1", "year": "2023"}, "title"),
    (DraftGoalForm, {}, {"version": "1"}, "text"),
    (DraftIndicatorForm, {}, {"comparator": "eq", "value": "3"}, "name"),
]


@pytest.mark.parametrize(("form_class", "options", "data", "field"), FORMS)
def test_text_a_file_cannot_hold_is_refused_and_offered_without_it(
    form_class, options, data, field
):
    posted = QueryDict(mutable=True)
    posted.update({**data, field: TYPED})
    posted._mutable = False  # as a request's POST is
    form = form_class(posted, **options)
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()[field]] == ["not_in_files"]
    assert "（U+FFFE, U+000C, U+FFFF）" in form.errors[field][0]
    assert form[field].value() == OFFERED
    again = form_class({**data, field: form[field].value()}, **options)
    assert field not in again.errors


def test_a_form_with_a_prefix_offers_the_prefixed_field():
    form = DraftIndicatorForm(
        {"form-0-name": "新增\uffff企业", "form-0-comparator": "eq", "form-0-value": "3"},
        prefix="form-0",
    )
    assert not form.is_valid()
    assert form["name"].value() == "新增企业"


@pytest.mark.django_db
def test_the_admins_change_forms_refuse_it_too(goal_a):
    form = GoalAdminForm({"title": TYPED, "version": goal_a.version}, instance=goal_a)
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["title"]] == ["not_in_files"]
    goal_a.refresh_from_db()
    assert goal_a.title == "净增高企"


def test_ordinary_text_passes():
    form = PeriodReopenForm({"reason": "补报第三季度进展。\n\t（经领导同意）"})
    assert form.is_valid(), form.errors
