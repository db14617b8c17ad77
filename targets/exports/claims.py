"""
A claims check as a workbook (承诺对账表): each claim of the review beside its
target, the value reported and approved, the claimed value and the verdict,
then the targets the review never mentions, as the page shows them.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import VERDICT_COLOURS, ClaimVerdict
from ..formatting import format_quantity
from ..io.xlsx_write import Column, StreamingWorkbook, Tinted
from ..models import ClaimCheck
from ..selectors.claims import ClaimRow


def claims_heading(check: ClaimCheck) -> str:
    return _("%(plan)s: claims of “%(check)s” against the targets") % {
        "plan": check.plan.title,
        "check": check.title,
    }


def claims_filename(check: ClaimCheck) -> str:
    return (
        _("Claims check %(plan)s %(check)s")
        % {
            "plan": check.plan.year,
            "check": check.title,
        }
        + ".xlsx"
    )


def _columns() -> list[Column]:
    return [
        Column(_("Claim"), width=40, wrap=True),
        Column(_("Code"), width=10),
        Column(_("Target"), width=36, wrap=True),
        Column(_("Reported and approved"), width=16, align="right"),
        Column(_("As of"), width=12),
        Column(_("Claimed"), width=16, align="right"),
        Column(_("Verdict"), width=20),
        Column(_("Match"), width=10),
        Column(_("Confirmed by"), width=12),
    ]


def _row(row: ClaimRow) -> list:
    indicator, claim = row.indicator, row.claim
    unit = indicator.unit if indicator else (claim.unit if claim else "")
    target = f"{indicator.name} {indicator.target_display}" if indicator else ""
    return [
        claim.phrase if claim else "",
        indicator.goal.code if indicator else "",
        target,
        format_quantity(row.reported, unit) if row.reported is not None else "",
        str(row.reported_in) if row.reported_in else "",
        format_quantity(row.claimed, unit)
        if row.claimed is not None
        else (format_quantity(claim.value, claim.unit) if claim else ""),
        Tinted(str(ClaimVerdict(row.verdict).label), VERDICT_COLOURS[ClaimVerdict(row.verdict)]),
        claim.get_match_state_display() if claim else "",
        (claim.matched_by.get_full_name() or claim.matched_by.username)
        if claim and claim.matched_by
        else "",
    ]


def claims_workbook(check: ClaimCheck, rows: list[ClaimRow]) -> io.BytesIO:
    """The check's rows in one sheet, formula-free, styled like the other exports."""
    content = io.BytesIO()
    with StreamingWorkbook(tz=timezone.get_current_timezone()) as book:
        sheet = book.add_sheet(
            _("Claims check"),
            _columns(),
            heading=claims_heading(check),
            note=_("Imported from %(source)s on %(date)s.")
            % {
                "source": check.source_name or _("pasted text"),
                "date": timezone.localtime(check.created_at).date().isoformat(),
            },
            freeze_columns=1,
        )
        for row in rows:
            sheet.append(_row(row))
        book.save(content)
    content.seek(0)
    return content
