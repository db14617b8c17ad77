"""
The demo's assessment (targets/demo/assessment.py): after ``load_demo`` the
results are published with the default scheme and an adjustment, one
department has objected to a report it did not send and the office has
answered; the pages show it all, and loading again changes nothing.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from targets.choices import ObjectionState, ScoreLine
from targets.demo import hongshan_2023
from targets.demo.assessment import ADJUSTMENT, ANSWER
from targets.demo.loader import demo_load
from targets.models import (
    AssessmentAdjustment,
    AssessmentEvent,
    AssessmentObjection,
    AssessmentScheme,
    Department,
    Plan,
)
from targets.selectors.assessment import assessment_of, scorecard
from tests.html import element_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(password="demo-pass-2023")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def plan(demo, db):
    return Plan.objects.get(**hongshan_2023.PLAN)


def test_the_demo_results_are_published_with_the_default_scheme(plan):
    assessment = assessment_of(plan)
    assert assessment.is_published
    assert list(AssessmentScheme.objects.values_list("number", flat=True)) == [1]
    assert AssessmentScheme.objects.get().values() == AssessmentScheme().values()
    card = scorecard(plan)
    assert card.published and card.scheme["number"] == 1
    # Every department the plan names is ranked, and every total adds up its lines.
    assert len(card.rows) == len(hongshan_2023.DEPARTMENTS)
    for row in card.rows:
        assert row.total == sum(line.points for line in row.lines)
    keji = card.row(Department.objects.get(code=ADJUSTMENT["department"]).pk)
    assert keji.adjustments == Decimal(1)


def test_the_demo_has_one_objection_answered_about_a_deduction(plan):
    objection = AssessmentObjection.objects.get()
    assert (objection.state, objection.answer) == (ObjectionState.REJECTED, ANSWER)
    row = scorecard(plan).row(objection.department_id)
    missing = [line for line in row.lines if line.kind == ScoreLine.MISSING and line.quarter == 3]
    assert missing, "the department objects to a Q3 report missing"
    goal = scorecard(plan).goals[missing[0].goal_id]
    assert objection.reason.startswith(f"{goal['code']}“{goal['title']}”第三季度")


def test_the_demo_department_reads_the_answer_on_its_page(plan):
    objection = AssessmentObjection.objects.select_related("department").get()
    client = Client()
    client.force_login(User.objects.get(username=objection.department.code))
    url = reverse("targets:assessment_department", args=[objection.department_id])
    html = client.get(f"{url}?year={plan.year}").content.decode()
    assert ANSWER in element_text(html, f"objection-{objection.pk}")
    ranking = client.get(reverse("targets:assessment_ranking"))
    assert ranking.status_code == 200  # published: staff see the ranking


def test_loading_the_demo_again_changes_nothing_in_the_assessment(plan):
    before = [
        list(model.objects.order_by("pk").values())
        for model in (AssessmentEvent, AssessmentAdjustment, AssessmentObjection, AssessmentScheme)
    ]
    demo_load(password="demo-pass-2023")
    after = [
        list(model.objects.order_by("pk").values())
        for model in (AssessmentEvent, AssessmentAdjustment, AssessmentObjection, AssessmentScheme)
    ]
    assert after == before
