"""
Claims checks (services.claims, selectors.claims, views.claims): the real Jiangsu pair
imported as a plan (2023's targets) and a review (from the 2024 report), each claim
beside its target, the value reported and approved, and a verdict; the office confirms
or corrects a match; the page and its Excel export.
"""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from targets.choices import ClaimMatchState, ClaimVerdict
from targets.io.report import read_report
from targets.models import Claim, ClaimCheck, Indicator
from targets.selectors.claims import claim_rows, verdict_counts
from targets.services.claims import claim_check_create, claim_match_set
from targets.services.plan_imports import plan_import
from tests.factories import IndicatorActualFactory, IndicatorFactory, QuarterlyUpdateFactory
from tests.io.test_claims import CLAIMS

pytestmark = pytest.mark.django_db

REVIEW = (CLAIMS / "jiangsu-2024-report-opening.txt").read_text("utf-8")


@pytest.fixture
def jiangsu(admin):
    """2023's targets of Jiangsu as a plan, read and imported like any report."""
    text = (CLAIMS / "jiangsu-2023-targets.txt").read_text("utf-8")
    draft = read_report(text, year=2023, title="2023年江苏省政府工作报告（主要预期目标）")
    return plan_import(
        draft, user=admin, source_name="jiangsu-2023-targets.txt", activate=True
    ).plan


def _indicator(plan, name) -> Indicator:
    return Indicator.objects.get(goal__plan=plan, name=name)


def _approve(indicator, value, quarter=4):
    update = QuarterlyUpdateFactory(goal=indicator.goal, quarter=quarter)
    IndicatorActualFactory(update=update, indicator=indicator, value=Decimal(value))


def _row(rows, phrase):
    return next(row for row in rows if row.claim and row.claim.phrase == phrase)


def test_real_review_against_its_plan(jiangsu, supervisor):
    growth = _indicator(jiangsu, "经济增长")
    revenue = _indicator(jiangsu, "一般公共预算收入增长")
    _approve(growth, "5.8")
    _approve(revenue, "6.9")
    check = claim_check_create(jiangsu, title="2024年报告·回顾", text=REVIEW, user=supervisor)
    rows = claim_rows(check)
    # Side by side: the target, the last approved value, the claim, the verdict.
    row = _row(rows, "增长 5.8%")
    assert (row.indicator, row.reported, row.claimed, row.verdict) == (
        growth,
        Decimal("5.8"),
        Decimal("5.8"),
        ClaimVerdict.CONSISTENT,
    )
    # 经济增长5%左右 is "about": 5.8 is beyond its ±5 % (progress.indicator_met).
    assert row.met is False
    assert _row(rows, "增长 7.3%").verdict == ClaimVerdict.BETTER
    assert _row(rows, "粮食总产量 759.5 亿斤").verdict == ClaimVerdict.NEVER_A_TARGET
    unmentioned = [r.indicator.name for r in rows if r.verdict == ClaimVerdict.NOT_MENTIONED]
    assert unmentioned == [
        "居民消费价格涨幅",
        "城镇新增就业",
        "城镇调查失业率",
        "单位地区生产总值能耗下降",
        "数字经济规模",
    ]
    counts = verdict_counts(rows)
    assert (counts["consistent"], counts["better"], counts["never_a_target"]) == (2, 1, 7)


def test_claimed_worse_and_unreported(jiangsu, supervisor):
    _approve(_indicator(jiangsu, "经济增长"), "6.1")
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    rows = claim_rows(check)
    assert _row(rows, "增长 5.8%").verdict == ClaimVerdict.WORSE
    assert _row(rows, "增长 7.3%").verdict == ClaimVerdict.UNREPORTED


def test_office_confirms_or_corrects_a_match(jiangsu, supervisor):
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    growth = check.claims.get(phrase="增长 5.8%", order=2)
    claim_match_set(growth, growth.indicator, user=supervisor)
    growth.refresh_from_db()
    assert (growth.match_state, growth.matched_by) == (ClaimMatchState.CONFIRMED, supervisor)
    grain = check.claims.get(phrase="粮食总产量 759.5 亿斤")
    jobs = _indicator(jiangsu, "城镇新增就业")
    claim_match_set(grain, jobs, user=supervisor)
    grain.refresh_from_db()
    assert (grain.match_state, grain.indicator) == (ClaimMatchState.CORRECTED, jobs)
    claim_match_set(grain, None, user=supervisor)
    assert Claim.objects.get(pk=grain.pk).indicator is None
    assert grain.history.count() == 3


def test_match_to_another_plans_target_is_refused(jiangsu, supervisor):
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    claim = check.claims.first()
    other = IndicatorFactory(goal__plan__year=2022)
    with pytest.raises(ValidationError, match="本次对账所对应方案"):
        claim_match_set(claim, other, user=supervisor)
    assert Claim.objects.get(pk=claim.pk).match_state == ClaimMatchState.SUGGESTED


@pytest.mark.parametrize("role", ["staff_a", "leader"])
def test_only_the_office_imports_and_confirms(jiangsu, supervisor, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        claim_check_create(jiangsu, title="回顾", text=REVIEW, user=user)
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    with pytest.raises(PermissionDenied):
        claim_match_set(check.claims.first(), None, user=user)


def test_text_without_figures_writes_nothing(jiangsu, supervisor):
    with pytest.raises(ValidationError, match="没有找到关于过去一年的数据"):
        claim_check_create(jiangsu, title="回顾", text="过去一年，成绩来之不易。", user=supervisor)
    assert not ClaimCheck.objects.exists()


# -- the pages ---------------------------------------------------------------------------------


def test_import_from_a_file_then_the_page(jiangsu, supervisor, client_for):
    client = client_for(supervisor)
    upload = SimpleUploadedFile("2024年报告.txt", REVIEW.encode("gb18030"))
    response = client.post(
        reverse("targets:claim_check_list") + "?year=2023",
        {"title": "2024年报告·回顾", "text": "", "file": upload},
    )
    check = ClaimCheck.objects.get()
    assert response.status_code == 302 and response.url == check.get_absolute_url()
    assert check.source_name == "2024年报告.txt"
    page = client.get(check.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-verdict="never_a_target"' in html and "粮食总产量 759.5 亿斤" in html
    assert html.count('class="d-flex gap-1 mt-1 d-print-none match-form"') == 10


def test_unreadable_file_is_refused_in_words(jiangsu, supervisor, client_for):
    client = client_for(supervisor)
    upload = SimpleUploadedFile("报告.doc", b"\xd0\xcf\x11\xe0 old word")
    response = client.post(
        reverse("targets:claim_check_list"), {"title": "回顾", "text": "", "file": upload}
    )
    assert response.status_code == 200
    assert ".docx" in response.content.decode()
    assert not ClaimCheck.objects.exists()


def test_leader_sees_the_check_without_forms(jiangsu, supervisor, leader, client_for):
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    html = client_for(leader).get(check.get_absolute_url()).content.decode()
    assert "match-form" not in html and "增长 7.3%" in html


def test_staff_are_refused_the_check(jiangsu, supervisor, staff_a, client_for):
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    assert client_for(staff_a).get(check.get_absolute_url()).status_code == 403


def test_match_form_corrects_a_claim(jiangsu, supervisor, client_for):
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    claim = check.claims.get(phrase="粮食总产量 759.5 亿斤")
    jobs = _indicator(jiangsu, "城镇新增就业")
    url = reverse("targets:claim_match", args=[check.pk, claim.pk])
    response = client_for(supervisor).post(url, {"indicator": jobs.pk})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.indicator, claim.match_state) == (jobs, ClaimMatchState.CORRECTED)


def test_export_has_every_row_with_its_verdict(jiangsu, supervisor, client_for):
    _approve(_indicator(jiangsu, "经济增长"), "5.8")
    check = claim_check_create(jiangsu, title="回顾", text=REVIEW, user=supervisor)
    response = client_for(supervisor).get(reverse("targets:claim_check_export", args=[check.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "声明")
    body = values[header + 1 :]
    assert len(body) == len(claim_rows(check)) == 15
    growth = next(row for row in body if row[0] == "增长 5.8%")
    assert growth[2].startswith("经济增长") and growth[6] == "一致"
    assert not any(str(v).startswith("=") for row in body for v in row if v)


def test_check_page_reads_a_fixed_number_of_queries(jiangsu, supervisor, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(supervisor)
    short = claim_check_create(jiangsu, title="短", text="过去一年,增长 5.8%。", user=supervisor)
    full = claim_check_create(jiangsu, title="全", text=REVIEW, user=supervisor)
    for claim in full.claims.all():
        claim_match_set(claim, claim.indicator, user=supervisor)
    counts = []
    for check in (short, full):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(check.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
