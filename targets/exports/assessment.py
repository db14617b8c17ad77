"""
The assessment's results out: the score table as an Excel workbook (考核得分表:
the ranking, then every line of every department), and the 考核结果通报 as
Word, in the bulletin's layout (``targets.io.assessment``). Both show the
scorecard the pages show: as published, or the draft computed now.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ScoreLine
from ..io.assessment import (
    AssessmentNotice,
    NoticeAdjustment,
    NoticeObjection,
    NoticeRow,
    NoticeScheme,
)
from ..io.xlsx_write import Column, StreamingWorkbook
from ..models import Assessment, AssessmentAdjustment, AssessmentObjection, Plan
from ..selectors.bulletin import bulletin_office
from ..selectors.scorecard import Scorecard, explain
from .common import export_note

NUMBER = "0.00"


def assessment_heading(plan: Plan, card: Scorecard) -> str:
    """The title row: "2023年洪山区政府工作报告: assessment results (draft)"."""
    if card.published:
        return _("%(plan)s: assessment results") % {"plan": plan.title}
    return _("%(plan)s: assessment results (draft)") % {"plan": plan.title}


def assessment_filename(plan: Plan, card: Scorecard) -> str:
    return assessment_heading(plan, card).replace(" ", "_").replace(":", "") + ".xlsx"


def assessment_workbook(plan: Plan, card: Scorecard, target: str | IO[bytes]) -> None:
    """The ranking on one sheet, every department's lines on the next; numbers stay numbers."""
    heading = assessment_heading(plan, card)
    note = export_note(_scope(card))
    with StreamingWorkbook(tz=timezone.get_current_timezone()) as book:
        ranking = book.add_sheet(
            _("Ranking"),
            [
                Column(_("Rank"), 6, align="center"),
                Column(_("Department"), 24),
                Column(_("Goal points"), 10, number_format=NUMBER),
                Column(_("Deductions"), 10, number_format=NUMBER),
                Column(_("Bonuses"), 10, number_format=NUMBER),
                Column(_("Adjustments"), 10, number_format=NUMBER),
                Column(_("Total score"), 10, number_format=NUMBER),
            ],
            heading=heading,
            note=note,
            freeze_columns=2,
        )
        for row in card.rows:
            ranking.append(
                [
                    row.rank,
                    row.name,
                    row.goals,
                    row.deductions,
                    row.bonuses,
                    row.adjustments,
                    row.total,
                ]
            )
        lines = book.add_sheet(
            _("Every point"),
            [
                Column(_("Department"), 20),
                Column(_("Goal"), 10),
                Column(_("Goal title"), 30, wrap=True),
                Column(_("Item"), 16),
                Column(_("How it was counted"), 50, wrap=True),
                Column(_("Score"), 10, number_format=NUMBER),
            ],
            heading=heading,
            note=note,
            freeze_columns=1,
        )
        for row in card.rows:
            for line in row.lines:
                goal = card.goals.get(line.goal_id, {}) if line.goal_id else {}
                lines.append(
                    [
                        row.name,
                        goal.get("code", ""),
                        goal.get("title", ""),
                        ScoreLine(line.kind).label,
                        explain(line, card.year),
                        line.points,
                    ]
                )
        book.save(target)


def _scope(card: Scorecard) -> str:
    return _("Scheme version %(version)s · Quarters assessed: %(quarters)s") % {
        "version": card.scheme.get("number") or 1,
        "quarters": card.quarters_label or "—",
    }


def assessment_notice(
    plan: Plan,
    card: Scorecard,
    assessment: Assessment | None,
    *,
    issued_on: datetime.date | None = None,
) -> AssessmentNotice:
    """The 考核结果通报's contents: the scorecard, the adjustments in force and the objections."""
    adjustments = objections = []
    if assessment is not None:
        adjustments = [
            NoticeAdjustment(a.department.short_name or a.department.name, a.points, a.reason)
            for a in AssessmentAdjustment.objects.filter(assessment=assessment, withdrawn=False)
            .select_related("department")
            .order_by("created_at", "pk")
        ]
        objections = [
            NoticeObjection(
                o.department.short_name or o.department.name, o.reason, o.state, o.answer
            )
            for o in AssessmentObjection.objects.filter(assessment=assessment)
            .select_related("department")
            .order_by("filed_at", "pk")
        ]
    return AssessmentNotice(
        office=bulletin_office(),
        plan_title=plan.title,
        year=plan.year,
        through_quarter=max(card.quarters) if card.quarters else None,
        issued_on=issued_on or timezone.localdate(),
        scheme=_notice_scheme(card.scheme),
        rows=[
            NoticeRow(
                rank=row.rank,
                name=row.name,
                goals=row.goals,
                deductions=row.deductions,
                bonuses=row.bonuses,
                adjustments=row.adjustments,
                total=row.total,
            )
            for row in card.rows
        ],
        adjustments=adjustments,
        objections=objections,
        published=card.published,
    )


def _notice_scheme(numbers: dict) -> NoticeScheme:
    """The scheme's numbers as the scorecard keeps them (strings), for the 通报's text."""
    shares_and_points = (
        "goal_points",
        "completed_percent",
        "partial_percent",
        "not_completed_percent",
        "support_percent",
        "missing_report",
        "late_report",
        "returned_update",
        "yellow_quarter",
        "red_quarter",
        "exceed_bonus",
    )
    return NoticeScheme(
        version=numbers.get("number") or 1,
        **{name: _decimal(numbers.get(name)) for name in shares_and_points},
        partial_rule=numbers.get("partial_rule", "progress"),
        bonus_cap=_decimal(numbers["bonus_cap"]) if numbers.get("bonus_cap") else None,
        weighted=bool(numbers.get("weights")),
    )


def _decimal(value) -> Decimal:
    return Decimal(value) if value not in (None, "") else Decimal(0)
