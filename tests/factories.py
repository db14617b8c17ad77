"""One factory per model; tests build exactly the data they assert on."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.choices import AuditAction, DirectorySource, Role
from accounts.models import AuditEntry, DirectoryMapping, PasswordRecord, Session, User
from targets.choices import (
    AssessmentAction,
    ClaimMatchState,
    Comparator,
    DeliveryState,
    GoalResult,
    ImportState,
    NotificationChannel,
    NotificationKind,
    OwnerRole,
    PeriodState,
    PlanState,
    ReorganisationKind,
    ReviewState,
    RobotPlatform,
    UpdateAction,
    UpdateStatus,
    YearAction,
    YearState,
)
from targets.io.report import read_report
from targets.models import (
    AccountImport,
    Assessment,
    AssessmentAdjustment,
    AssessmentEvent,
    AssessmentObjection,
    AssessmentScheme,
    AssessmentWeight,
    Claim,
    ClaimCheck,
    Delivery,
    Department,
    DepartmentAlias,
    Goal,
    GoalCarryOver,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    GoalOutcome,
    Indicator,
    IndicatorActual,
    IndicatorOutcome,
    Leader,
    Notification,
    NotificationPreference,
    NotificationWebhook,
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
    YearEnd,
    YearEndEvent,
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


class SessionFactory(factory.django.DjangoModelFactory):
    """A signed-in session's row, as the session engine writes it (accounts.sessions)."""

    class Meta:
        model = Session

    session_key = factory.Sequence(lambda n: f"session{n:032d}")
    user = factory.SubFactory(UserFactory)
    expire_date = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))

    @factory.lazy_attribute
    def session_data(self):
        from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY

        from accounts.sessions import SessionStore

        data = {
            SESSION_KEY: str(self.user.pk),
            BACKEND_SESSION_KEY: "accounts.backends.DepartmentModelBackend",
        }
        return SessionStore().encode(data)


class DirectoryMappingFactory(factory.django.DjangoModelFactory):
    """A line of the directory's mapping table: a group's members are a department's staff."""

    class Meta:
        model = DirectoryMapping

    source = DirectorySource.GROUP
    value = factory.Sequence(lambda n: f"cn=group{n},ou=groups,dc=hongshan,dc=gov,dc=cn")
    department = factory.SubFactory(DepartmentFactory)
    role = Role.STAFF


class PasswordRecordFactory(factory.django.DjangoModelFactory):
    """One of the earlier passwords an account may not choose again."""

    class Meta:
        model = PasswordRecord

    user = factory.SubFactory(UserFactory)
    password = factory.LazyFunction(lambda: "md5$salt$" + "0" * 32)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    """A security audit log entry: a sign-in from an address on the intranet."""

    class Meta:
        model = AuditEntry

    action = AuditAction.SIGN_IN
    actor = factory.SubFactory(UserFactory)
    actor_name = factory.LazyAttribute(lambda entry: entry.actor.username)
    ip = "10.0.0.8"


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


class AccountImportFactory(factory.django.DjangoModelFactory):
    """A pending import of a list naming one new reporter of a unit Luoshi does not know."""

    class Meta:
        model = AccountImport

    source_name = "名单.xlsx"
    sheet = factory.LazyFunction(
        lambda: {
            "units": [{"name": "洪山区测试新局", "aliases": [], "at": {"unit": [0, 2]}}],
            "people": [
                {"at": [0, 2], "name": "新同事", "username": "newcomer", "unit": "洪山区测试新局"}
            ],
            "tables": [{"sheet": "名单", "letters": {"unit": "A", "name": "B", "username": "C"}}],
        }
    )
    state = ImportState.PENDING
    created_by = factory.SubFactory(AdminFactory)


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


# -- the year's end and claims checks --------------------------------------------------------


class GoalOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalOutcome

    goal = factory.SubFactory(GoalFactory)
    result = GoalResult.NOT_COMPLETED
    confirmed_by = factory.SubFactory(UserFactory, role=Role.SUPERVISOR, department=None)
    confirmed_at = factory.LazyFunction(timezone.now)


class IndicatorOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorOutcome

    outcome = factory.SubFactory(GoalOutcomeFactory)
    indicator = factory.SubFactory(IndicatorFactory, goal=factory.SelfAttribute("..outcome.goal"))
    value = Decimal("90")


class YearEndFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearEnd

    plan = factory.SubFactory(PlanFactory)
    state = YearState.OPEN


class YearEndEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearEndEvent

    year_end = factory.SubFactory(YearEndFactory)
    action = YearAction.REOPENED
    actor = factory.SubFactory(UserFactory, role=Role.SUPERVISOR, department=None)
    reason = "更正第四季度数据。"


class GoalCarryOverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalCarryOver

    source = factory.SubFactory(GoalFactory)
    goal = factory.SubFactory(GoalFactory, plan=factory.SubFactory(PlanFactory, year=2024))
    carried_by = factory.SubFactory(UserFactory, role=Role.SUPERVISOR, department=None)


class ClaimCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimCheck

    plan = factory.SubFactory(PlanFactory)
    title = "2024年政府工作报告·过去一年"
    source_text = "过去一年，净增高企102家。"
    created_by = factory.SubFactory(UserFactory, role=Role.SUPERVISOR, department=None)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    claim_check = factory.SubFactory(ClaimCheckFactory)
    order = factory.Sequence(lambda n: n)
    sentence = "过去一年，净增高企102家。"
    phrase = "净增高企102家"
    subject = "净增高企"
    value = Decimal("102")
    unit = "家"
    match_state = ClaimMatchState.SUGGESTED


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A plan's assessment (考核), a draft; services write the rest of it."""

    class Meta:
        model = Assessment

    plan = factory.SubFactory(PlanFactory)


class AssessmentSchemeFactory(factory.django.DjangoModelFactory):
    """Version 1 of the scoring scheme: the defaults."""

    class Meta:
        model = AssessmentScheme

    assessment = factory.SubFactory(AssessmentFactory)
    number = 1


class AssessmentWeightFactory(factory.django.DjangoModelFactory):
    """A goal weighed double in a scheme."""

    class Meta:
        model = AssessmentWeight

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    # A goal of the assessment's plan (of another, it would be a second active plan).
    goal = factory.SubFactory(GoalFactory, plan=factory.SelfAttribute("..scheme.assessment.plan"))
    weight = Decimal(2)


class AssessmentAdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentAdjustment

    assessment = factory.SubFactory(AssessmentFactory)
    department = factory.SubFactory(DepartmentFactory)
    points = Decimal(1)
    reason = "获评全省先进单位。"
    created_by = factory.SubFactory(UserFactory)


class AssessmentObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentObjection

    assessment = factory.SubFactory(AssessmentFactory)
    department = factory.SubFactory(DepartmentFactory)
    reason = "第二季度已按时报送。"
    filed_by = factory.SubFactory(UserFactory)


class AssessmentEventFactory(factory.django.DjangoModelFactory):
    """A publication withdrawn, with why (``assessment_publish`` writes the published ones)."""

    class Meta:
        model = AssessmentEvent

    assessment = factory.SubFactory(AssessmentFactory)
    action = AssessmentAction.WITHDRAWN
    actor = factory.SubFactory(UserFactory)
    comment = "计分有误，重新计算。"


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


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.UPDATE_RETURNED
    link = "/goals/1/"
    params = factory.LazyFunction(lambda: {"goal_code": "2.2.3", "goal_title": "净增高企"})


class NotificationWebhookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationWebhook

    department = factory.SubFactory(DepartmentFactory)
    platform = RobotPlatform.WECOM
    base_url = "http://127.0.0.1:9"
    token = factory.Sequence(lambda n: f"key-{n}")


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    channel = NotificationChannel.ROBOT
    webhook = factory.SubFactory(NotificationWebhookFactory)
    kind = NotificationKind.UPDATE_RETURNED
    link = "/goals/1/"
    params = factory.LazyFunction(lambda: {"goal_code": "2.2.3", "goal_title": "净增高企"})
    state = DeliveryState.PENDING
    next_attempt_at = factory.LazyFunction(timezone.now)


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.GOAL_COMMENTED
    channel = NotificationChannel.EMAIL
    enabled = False
