"""The Django admin opens every model for administrators, and only for them."""

import pytest
from django.urls import reverse

from targets.models import (
    Department,
    Goal,
    GoalDepartment,
    Indicator,
    IndicatorActual,
    Leader,
    Plan,
    QuarterlyUpdate,
    Section,
)
from tests.factories import IndicatorActualFactory, LeaderFactory, SectionFactory

pytestmark = pytest.mark.django_db

MODELS = [Department, Leader, Plan, Section, Goal, Indicator, QuarterlyUpdate]


@pytest.fixture
def everything(goal_a, plan, department_b):
    goal_a.section = SectionFactory(plan=plan, title="增强创新生态吸引力")
    goal_a.save()
    goal_a.leaders.add(LeaderFactory())
    IndicatorActualFactory(update__goal=goal_a, indicator=goal_a.indicators.get())
    return goal_a


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_and_change_page_open(client_for, admin, everything, model):
    client = client_for(admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "高企"}).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200


@pytest.mark.parametrize("model", [Goal, QuarterlyUpdate], ids=lambda m: m.__name__)
def test_admin_history_of_what_people_edit(client_for, admin, everything, model):
    opts = model._meta
    obj = model.objects.first()
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert client_for(admin).get(url).status_code == 200


def test_admin_goal_page_has_owner_indicator_and_update_inlines(client_for, admin, everything):
    html = client_for(admin).get(reverse("admin:targets_goal_change", args=[everything.pk]))
    html = html.content.decode()
    assert "goaldepartment" in html.lower() or "assignments" in html
    assert 'id="indicators-group"' in html
    assert 'id="updates-group"' in html


def test_admin_plan_page_has_section_and_goal_inlines(client_for, admin, everything):
    html = client_for(admin).get(reverse("admin:targets_plan_change", args=[everything.plan_id]))
    html = html.content.decode()
    assert 'id="sections-group"' in html
    assert 'id="goals-group"' in html


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader"])
def test_admin_is_closed_to_other_roles(client_for, who, request):
    response = client_for(request.getfixturevalue(who)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_admin_every_model_is_registered():
    from django.contrib import admin

    for model in [*MODELS, GoalDepartment, IndicatorActual]:
        registered = admin.site.is_registered(model) or any(
            getattr(inline, "model", None) is model
            for model_admin in admin.site._registry.values()
            for inline in model_admin.inlines
        )
        assert registered, model
