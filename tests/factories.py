"""One factory per model; tests build exactly the data they assert on."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from targets.choices import (
    Comparator,
    ImportState,
    OwnerRole,
    PeriodState,
    PlanState,
    ReorganisationKind,
    ReviewState,
    UpdateAction,
    UpdateStatus,
)
from targets.io.report import read_report
from targets.models import (
    Department,
    DepartmentAlias,
    Goal,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Leader,
    Plan,
    PlanImport,
    PurgeRecord,
    QuarterlyUpdate,
    ReminderLog,
    Reorganisation,
    ReorganisationOwner,
    ReorganisationUnit,
    ReportingPeriod,
    Section,
    UpdateAttachment,
    UpdateEvent,
    UpdateSheetUpload,
)

PASSWORD = "correct horse battery"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"洪山区测试局{n}")
    short_name = factory.Sequence(lambda n: f"区测试局{n}")
    code = factory.Sequence(lambda n: f"dept{n}")
    order = factory.Sequence(lambda n: n)


class DepartmentAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DepartmentAlias

    department = factory.SubFactory(DepartmentFactory)
    alias = factory.Sequence(lambda n: f"测试局别名{n}")


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
    # An indicator of the update's goal (of another goal, it would be another active plan).
    indicator = factory.SubFactory(IndicatorFactory, goal=factory.SelfAttribute("..update.goal"))
    value = Decimal("10")


class GoalDepartmentFactory(factory.django.DjangoModelFactory):
    """A department's part in a goal; ``GoalFactory(leads=[…], supports=[…])`` makes these too."""

    class Meta:
        model = GoalDepartment

    goal = factory.SubFactory(GoalFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = OwnerRole.LEAD
    order = 0


class UpdateEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UpdateEvent

    update = factory.SubFactory(QuarterlyUpdateFactory)
    action = UpdateAction.SUBMITTED
    actor = factory.SubFactory(UserFactory)
    comment = ""


class UpdateSheetUploadFactory(factory.django.DjangoModelFactory):
    """What an upload of a workbook wrote to an update (``update_sheet_apply`` writes these)."""

    class Meta:
        model = UpdateSheetUpload

    workbook = factory.Sequence(lambda n: f"{n:032x}")
    update = factory.SubFactory(QuarterlyUpdateFactory)
    digest = "0" * 32


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """A quarter of the plan, open, due on the 25th of its last month (the default due day)."""

    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    year = factory.LazyAttribute(lambda o: o.plan.year)
    quarter = 1
    due_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 3 * o.quarter, 25))
    state = PeriodState.OPEN


class GoalMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalMilestone

    goal = factory.SubFactory(GoalFactory)
    quarter = 2
    expected_percent = 20
    note = ""


class GoalCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalComment

    goal = factory.SubFactory(GoalFactory)
    author = factory.SubFactory(UserFactory)
    text = "请补充材料。"


# A PDF as the attachment check accepts it: the extension and the signature agree.
PDF_BYTES = b"%PDF-1.4\n% evidence\n"


class UpdateAttachmentFactory(factory.django.DjangoModelFactory):
    """An evidence file, written to MEDIA_ROOT (tests point it at a temporary folder)."""

    class Meta:
        model = UpdateAttachment

    update = factory.SubFactory(QuarterlyUpdateFactory)
    file = factory.django.FileField(filename="evidence.pdf", data=PDF_BYTES)
    original_name = "佐证材料.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    uploaded_by = factory.SubFactory(UserFactory)


class ReminderLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderLog

    department = factory.SubFactory(DepartmentFactory)
    goal = factory.SubFactory(GoalFactory)
    year = 2023
    quarter = 4
    sent_on = datetime.date(2023, 12, 1)
    recipients = ""


class AdminFactory(UserFactory):
    """An administrator: the role, and the Django admin (``is_staff``, superuser)."""

    username = factory.Sequence(lambda n: f"admin{n}")
    role = Role.ADMIN
    department = None
    is_staff = True
    is_superuser = True


# A two-goal excerpt of a work report: what a pending plan import holds.
IMPORT_TEXT = """二是塑优势、铸高地，释放经济发展活力。积极服务高水平科技自立自强。

增强创新生态吸引力。健全科技企业梯度培育路径，净增高企96家。评定10名左右产业领军人才。
"""


class PlanImportFactory(factory.django.DjangoModelFactory):
    """A pending import of ``text`` (by default IMPORT_TEXT), read as the import page reads it."""

    class Meta:
        model = PlanImport

    class Params:
        text = IMPORT_TEXT

    source_name = "粘贴的文本"
    source_text = factory.SelfAttribute("text")
    draft = factory.LazyAttribute(
        lambda o: read_report(o.text, year=2024, title="2024年测试方案").to_dict()
    )
    state = ImportState.PENDING
    created_by = factory.SubFactory(AdminFactory)


class PurgeRecordFactory(factory.django.DjangoModelFactory):
    """What a purge leaves behind (written by ``plan_purge``; here for tests of its pages)."""

    class Meta:
        model = PurgeRecord

    performed_by = factory.SubFactory(AdminFactory)
    performed_by_name = factory.LazyAttribute(lambda o: o.performed_by.username)
    plan_year = 2022
    plan_title = "2022年政府工作报告"
    plan_pk = factory.Sequence(lambda n: 1000 + n)
    counts = factory.LazyFunction(lambda: {"goal": 1, "plan": 1, "plan history": 1})
    reason = "录入错误，整份方案作废。"


class ReorganisationFactory(factory.django.DjangoModelFactory):
    """A reorganisation's record (written by ``reorganisation_apply``; here for its pages)."""

    class Meta:
        model = Reorganisation

    kind = ReorganisationKind.RENAME
    effective_on = datetime.date(2024, 1, 1)
    reason = "区委机构改革方案（洪发〔2023〕12号）。"
    summary = "区科技局 → 区科技和经信局"
    details = factory.LazyFunction(
        lambda: {
            "units": [],
            "goals": [],
            "accounts": [],
            "aliases": [["区科技局", "区科技和经信局"]],
        }
    )
    performed_by = factory.SubFactory(AdminFactory)
    performed_by_name = factory.LazyAttribute(lambda o: o.performed_by.username)


class ReorganisationUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReorganisationUnit

    reorganisation = factory.SubFactory(ReorganisationFactory)
    department = factory.SubFactory(DepartmentFactory)
    name_before = "洪山区科学技术局"
    short_name_before = "区科技局"
    name_after = factory.LazyAttribute(lambda o: o.department.name)
    short_name_after = factory.LazyAttribute(lambda o: o.department.short_name)


class ReorganisationOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReorganisationOwner

    reorganisation = factory.SubFactory(ReorganisationFactory)
    goal = factory.SubFactory(GoalFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = OwnerRole.LEAD
