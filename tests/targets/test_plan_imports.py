"""Applying a plan draft: one transaction, stable keys, nothing written twice."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from targets.choices import OwnerRole, PlanState
from targets.io.draft import DraftError, GoalDraft, IndicatorDraft, PlanDraft, SectionDraft
from targets.io.report import read_report
from targets.models import (
    Department,
    DepartmentAlias,
    Goal,
    GoalDepartment,
    Indicator,
    Plan,
    Section,
)
from targets.selectors.plan_imports import result_words
from targets.services.plan_imports import plan_import, plan_import_confirm
from tests.factories import (
    DepartmentFactory,
    IndicatorActualFactory,
    PlanFactory,
    PlanImportFactory,
    QuarterlyUpdateFactory,
)

pytestmark = pytest.mark.django_db

DOCUMENT = """2023年区政府工作报告目标任务分解方案
一、加快产业项目落地(牵头领导:周文涛)
1. 引进500强总部2个。(责任领导:林志远;牵头单位:区投资促进局;配合单位:区商务局、区发改局)
2. 策划55个重点投资项目、计划总投资759亿元。(牵头单位:区发改局;完成时限:6月底前)
二、增强创新生态吸引力
1. 健全科技企业梯度培育路径,净增高企96家。(牵头单位:区科技局;责任单位:各街道)
"""


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Plan, Section, Goal, GoalDepartment, Indicator, Department)
    }


@pytest.fixture
def departments(db):
    return {
        "fagai": DepartmentFactory(name="洪山区发展和改革局", short_name="区发改局"),
        "touzi": DepartmentFactory(name="洪山区投资促进局", short_name="区投资促进局"),
        "shangwu": DepartmentFactory(name="洪山区商务局", short_name="区商务局"),
        "keji": DepartmentFactory(name="洪山区科学技术局", short_name="区科技和经信局"),
    }


def test_import_creates_the_plan_outline_goals_owners_and_targets(departments, admin):
    DepartmentAlias.objects.create(department=departments["keji"], alias="区科技局")
    draft = read_report(DOCUMENT)
    result = plan_import(draft, user=admin, source_name="fenjie.docx")

    plan = result.plan
    assert (plan.year, plan.title, plan.state) == (
        2023,
        "2023年区政府工作报告目标任务分解方案",
        PlanState.DRAFT,
    )
    assert [(s.code, s.number, s.title) for s in plan.sections.all()] == [
        ("1", "一、", "加快产业项目落地"),
        ("2", "二、", "增强创新生态吸引力"),
    ]
    assert [leader.name for leader in plan.sections.get(code="1").leaders.all()] == ["周文涛"]
    goals = list(plan.goals.order_by("order"))
    assert [g.code for g in goals] == ["1.1", "1.2", "2.1"]
    assert [(a.department, a.role) for a in goals[0].assignments.order_by("order")] == [
        (departments["touzi"], OwnerRole.LEAD),
        (departments["shangwu"], OwnerRole.SUPPORT),
        (departments["fagai"], OwnerRole.SUPPORT),
    ]
    assert [leader.name for leader in goals[0].leaders.all()] == ["林志远"]
    assert (goals[1].deadline_text, str(goals[1].deadline)) == ("6月底前", "2023-06-30")
    # 区科技局 is the alias of 区科技和经信局; 各街道 was unknown and was created.
    assert goals[2].assignments.get(role=OwnerRole.LEAD).department == departments["keji"]
    streets = goals[2].assignments.get(role=OwnerRole.SUPPORT).department
    assert (streets.name, streets.kind) == ("各街道", "street")
    assert [(i.target_value, i.unit) for i in goals[1].indicators.all()] == [
        (Decimal("55"), "个"),
        (Decimal("759"), "亿元"),
    ]
    assert result.created["goal"] == 3 and result.created["department"] == 1
    # Every row it wrote is in the history with who imported it from which file.
    record = goals[0].history.get()
    assert (record.history_user, record.history_change_reason) == (admin, "import: fenjie.docx")


def test_import_twice_changes_nothing(departments):
    plan_import(read_report(DOCUMENT))
    before = counts()
    result = plan_import(read_report(DOCUMENT))
    assert counts() == before
    assert not result.changed
    assert sum(result.unchanged.values()) > 0
    assert Goal.history.count() == 3  # no new history rows either


def test_import_of_a_corrected_document_updates_and_archives(departments):
    plan_import(read_report(DOCUMENT))
    goal = Goal.objects.get(code="1.2")
    update = QuarterlyUpdateFactory(goal=Goal.objects.get(code="2.1"))
    IndicatorActualFactory(update=update, indicator=Goal.objects.get(code="2.1").indicators.get())
    corrected = DOCUMENT.replace("759亿元", "800亿元").replace(
        "1. 健全科技企业梯度培育路径,净增高企96家。(牵头单位:区科技局;责任单位:各街道)\n", ""
    )
    result = plan_import(read_report(corrected))
    goal.refresh_from_db()
    assert [i.target_value for i in goal.indicators.all()] == [Decimal("55"), Decimal("800")]
    removed = Goal.objects.get(code="2.1")
    assert removed.archived  # archived, not deleted: its update still points at it
    assert removed.updates.count() == 1
    assert result.archived["goal"] == 1
    assert result.updated["indicator"] == 1


def test_import_keeps_an_indicator_with_reported_values(departments):
    plan_import(read_report(DOCUMENT))
    goal = Goal.objects.get(code="1.2")
    IndicatorActualFactory(
        update=QuarterlyUpdateFactory(goal=goal), indicator=goal.indicators.last()
    )
    result = plan_import(read_report(DOCUMENT.replace("、计划总投资759亿元", "")))
    assert goal.indicators.count() == 2
    assert result.kept == ["1.2 总投资"]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (
            PlanDraft(title="方案", year=None, goals=[GoalDraft(text="任务。")]),
            "导入前请先设置方案年度",
        ),
        (
            PlanDraft(title="", year=2023, goals=[GoalDraft(text="任务。")]),
            "导入前请先填写方案标题",
        ),
        (PlanDraft(title="方案", year=2023), "草稿中没有可导入的任务"),
    ],
)
def test_import_refuses_an_incomplete_draft_and_writes_nothing(db, draft, message):
    with pytest.raises(ValidationError, match=message):
        plan_import(draft)
    assert not Plan.objects.exists()


def test_import_unknown_department_refused_when_creation_is_off(departments):
    draft = PlanDraft(
        title="方案",
        year=2023,
        sections=[
            SectionDraft(
                title="主题", goals=[GoalDraft(text="任务。", lead_departments=["区不存在局"])]
            )
        ],
    )
    with pytest.raises(ValidationError, match="区不存在局"):
        plan_import(draft, create_departments=False)
    assert not Plan.objects.exists()
    assert not Department.objects.filter(name="区不存在局").exists()


def test_import_activate_refused_when_another_plan_is_active(departments):
    PlanFactory(year=2023, title="另一份", state=PlanState.ACTIVE)
    with pytest.raises(ValidationError, match="已有执行中的工作方案"):
        plan_import(read_report(DOCUMENT), activate=True)
    assert Plan.objects.count() == 1


def test_import_bad_value_in_a_draft_rolls_back_everything(departments):
    draft = read_report(DOCUMENT)
    draft.all_goals()[-1].indicators.append(
        IndicatorDraft(name="x", phrase="x", value=Decimal("1e30"), unit="个")
    )
    with pytest.raises(ValidationError):
        plan_import(draft)
    assert counts()["Plan"] == 0 and counts()["Goal"] == 0


def test_import_department_names_match_long_short_and_district_forms(departments):
    draft = PlanDraft(
        title="方案",
        year=2023,
        goals=[
            GoalDraft(text="甲。", lead_departments=["洪山区发改局"]),
            GoalDraft(text="乙。", lead_departments=["洪山区发展和改革局"]),
            GoalDraft(text="丙。", lead_departments=["发改局"]),
            GoalDraft(text="丁。", lead_departments=["区发改局 "]),
        ],
    )
    plan_import(draft)
    assert {a.department for a in GoalDepartment.objects.all()} == {departments["fagai"]}


def test_sections_that_would_share_a_code_are_told_apart(db):
    draft = PlanDraft(
        title="方案",
        year=2023,
        sections=[
            SectionDraft(
                number="二、",
                title="重点工作",
                sections=[
                    SectionDraft(title="主题", goals=[GoalDraft(text="甲。")]),
                    SectionDraft(number="(一)", title="分项", goals=[GoalDraft(text="乙。")]),
                ],
            )
        ],
    )
    result = plan_import(draft)
    assert list(result.plan.sections.values_list("code", flat=True)) == ["2", "2.1", "2.1a"]
    assert list(result.plan.goals.values_list("code", flat=True)) == ["2.1.1", "2.1a.1"]


def test_import_history_names_the_user_and_the_file_on_every_row(departments, admin):
    """Created in bulk or changed one by one, every row's history says who and which file."""
    plan_import(read_report(DOCUMENT), user=admin, source_name="第一版.docx")
    corrected = DOCUMENT.replace("759亿元", "800亿元").replace(
        "配合单位:区商务局、区发改局", "配合单位:区商务局"
    )
    corrected = corrected.replace(
        "1. 健全科技企业梯度培育路径,净增高企96家。(牵头单位:区科技局;责任单位:各街道)\n", ""
    )
    plan_import(read_report(corrected), user=admin, source_name="第二版.docx")

    first, second = "import: 第一版.docx", "import: 第二版.docx"
    for model in (Plan, Goal, GoalDepartment, Indicator):
        records = model.history.all()
        assert records.exists(), model
        assert {r.history_user for r in records} == {admin}, model
        assert {r.history_change_reason for r in records} <= {first, second}, model
    assert Plan.history.earliest().history_change_reason == first
    assert {
        (r.history_type, r.history_change_reason)
        for r in GoalDepartment.history.filter(history_type__in="~-")
    } == {("-", second)}  # 区发改局 no longer supports 1.1
    assert Indicator.history.filter(history_type="~").get().history_change_reason == second
    archived = Goal.history.filter(code="2.1").latest()
    assert (archived.archived, archived.history_change_reason) == (True, second)
    # The changed goals' versions moved on, so admin forms opened before are refused.
    assert dict(Goal.objects.values_list("code", "version")) == {"1.1": 2, "1.2": 2, "2.1": 2}


# -- what an import did, in the preview's words (targets.selectors.plan_imports) ------------


def test_result_words_of_a_first_import_and_of_a_corrected_one(departments):
    first = plan_import(read_report(DOCUMENT))
    assert result_words(first.to_dict()) == (
        "新建目标任务3项、量化指标4个、章节2个；新增单位2个、责任领导2名"
    )
    corrected = DOCUMENT.replace("759亿元", "800亿元").replace(
        "1. 健全科技企业梯度培育路径,净增高企96家。(牵头单位:区科技局;责任单位:各街道)\n", ""
    )
    second = plan_import(read_report(corrected))
    assert result_words(second.to_dict()) == (
        "更新目标任务1项、量化指标1个；归档已不在文件中的目标任务1项；目标任务1项未变"
    )
    assert result_words(plan_import(read_report(corrected)).to_dict()) == (
        "没有改动：方案内容与文件一致"
    )


def test_confirm_records_tasks_without_a_lead_only_when_chosen(departments, admin):
    text = DOCUMENT.replace("(牵头单位:区科技局;责任单位:各街道)", "")
    pending = PlanImportFactory(text=text, created_by=admin)
    with pytest.raises(ValidationError) as refused:
        plan_import_confirm(pending, user=admin, version=1)
    assert refused.value.code == "without_lead"
    assert not Plan.objects.exists()
    plan_import_confirm(pending, user=admin, version=1, without_lead=True)
    assert pending.result["without_lead"] == ["2.1"]
    goal = Goal.objects.get(code="2.1")
    assert goal.history.get().history_change_reason == (
        "import: 粘贴的文本; 确认时1项任务尚无牵头单位"
    )


def test_a_long_file_name_keeps_the_history_reason_within_its_column(departments, admin):
    name = "洪山区" * 60 + ".docx"
    plan_import(
        read_report(DOCUMENT), user=admin, source_name=name, note="确认时1项任务尚无牵头单位"
    )
    reason = Plan.history.get().history_change_reason
    assert len(reason) == 100
    assert reason.startswith("import: 洪山区洪山区") and reason.endswith(
        "; 确认时1项任务尚无牵头单位"
    )


# An excerpt that opens in the middle of chapter 一 (its line left out), then 二是.
EXCERPT = """2023年区政府工作报告（节选）
加快产业项目落地。引进500强总部2个。策划55个重点投资项目。
大力提振市场信心。积极兑现税费支持政策。
二是塑优势、铸高地，释放经济发展活力。积极服务高水平科技自立自强。
增强科创平台支撑力。建成湖北洪山实验室一期工程。
"""


def codes_of(plan) -> list[str]:
    return list(plan.goals.order_by("order").values_list("code", flat=True))


def test_excerpt_goals_before_the_first_chapter_sit_under_chapter_0(db):
    """No line says which chapter the excerpt opens in: no number is invented."""
    result = plan_import(read_report(EXCERPT, year=2023))
    assert codes_of(result.plan) == ["0.1.1", "0.1.2", "0.2.1", "2.1.1"]


def test_excerpt_opening_chapter_numbers_the_goals_before_the_first_chapter(db):
    """Whoever cut the excerpt says it opens in chapter 一: its first goals are 1.1.1, not 0.1.1."""
    draft = read_report(EXCERPT, year=2023)
    draft.opening_chapter = 1
    # The draft keeps it through the import's stored preview (JSON and back).
    draft = PlanDraft.from_dict(draft.to_dict(with_source=True))
    result = plan_import(draft)
    assert codes_of(result.plan) == ["1.1.1", "1.1.2", "1.2.1", "2.1.1"]
    assert list(result.plan.sections.order_by("order").values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "2",
        "2.1",
    ]


@pytest.mark.parametrize("opening", [0, -1, "一", 1.5, True])
def test_draft_opening_chapter_must_be_a_chapter_number(opening):
    with pytest.raises(DraftError):
        PlanDraft.from_dict({"title": "x", "opening_chapter": opening})


def test_import_keeps_the_baseline_a_target_is_read_with(departments):
    # guangdong-2022-minsheng (tests/io/documents): two targets, each from its own baseline.
    draft = read_report(
        "2022年民生实事责任分解方案\n"
        "一、提高困难群众生活救助水平\n"
        "1.城乡低保对象最低生活保障人均补差水平分别从每月631元、286元提高到653元、300元。"
        "(牵头单位:区发改局)\n",
    )
    plan = plan_import(draft).plan
    (goal,) = plan.goals.all()
    assert [(i.target_value, i.unit, i.baseline) for i in goal.indicators.order_by("order")] == [
        (Decimal("653"), "元", Decimal("631")),
        (Decimal("300"), "元", Decimal("286")),
    ]
