"""One factory per model; tests build exactly the data they assert on."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from targets.choices import Comparator, OwnerRole, PlanState, ReviewState, UpdateStatus
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

PASSWORD = "correct horse battery"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"洪山区测试局{n}")
    short_name = factory.Sequence(lambda n: f"区测试局{n}")
    code = factory.Sequence(lambda n: f"dept{n}")
    order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    department = factory.SubFactory(DepartmentFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    position = "副区长"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = 2023
    title = factory.Sequence(lambda n: f"2023年政府工作报告{n}")
    state = PlanState.ACTIVE


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = ""
    title = factory.Sequence(lambda n: f"主题{n}")
    order = factory.Sequence(lambda n: n)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    section = None
    code = factory.Sequence(lambda n: f"1.1.{n}")
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"目标任务{n}")
    text = factory.LazyAttribute(lambda o: f"{o.title}，全年完成。")
    deadline_text = "12月底前"

    @factory.post_generation
    def leads(obj, create, extracted, **kwargs):
        for order, department in enumerate(extracted or []):
            GoalDepartment.objects.create(
                goal=obj, department=department, role=OwnerRole.LEAD, order=order
            )

    @factory.post_generation
    def supports(obj, create, extracted, **kwargs):
        for order, department in enumerate(extracted or [], start=10):
            GoalDepartment.objects.create(
                goal=obj, department=department, role=OwnerRole.SUPPORT, order=order
            )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = "净增高企"
    phrase = "净增高企96家"
    comparator = Comparator.EQ
    target_value = Decimal("96")
    unit = "家"


class QuarterlyUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyUpdate

    goal = factory.SubFactory(GoalFactory)
    year = 2023
    quarter = 1
    status = UpdateStatus.ON_TRACK
    percent_complete = 25
    progress = "按计划推进。"
    # Approved, as updates submitted before reviews existed were migrated: the
    # figures dashboards count. Tests of the review pass SUBMITTED or DRAFT.
    review_state = ReviewState.APPROVED
    submitted_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2023, 3, 25, 16, 0))
    )


class IndicatorActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorActual

    update = factory.SubFactory(QuarterlyUpdateFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("10")
