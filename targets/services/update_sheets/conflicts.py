"""
An old workbook never overwrites newer work: each goal's row of an upload
compared with what it was based on and with the goal's report in Luoshi now.

A row was based on what the workbook showed when it was downloaded (its base,
kept in the hidden sheet) and, once the same workbook was uploaded, on what
that upload wrote (``UpdateSheetUpload``). A row that differs from the report
as stored is then:

- as it was based on, the report having changed since: left as it is (KEPT);
- edited, the report being as the row was based on: an ordinary change;
- edited, the report having changed since too: a conflict (CONFLICT). The
  report is kept unless the uploader picks the workbook's values for that row.

Workbooks made before the bases were kept say only when they were made: a
row that differs from a report changed in Luoshi after that is a conflict,
whether or not it was edited; when a workbook does not say when it was made
either, every row that differs from a report is.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from ...io.update_sheets import UpdateSheet, row_digest
from ...models import QuarterlyUpdate, UpdateSheetUpload
from ...selectors.history import OVER_NEWER, report_last_changes
from ..updates import UpdateData
from .results import (
    CONFLICT,
    KEPT,
    UPDATED,
    GoalChange,
    NewerChange,
    UpdateSheetResult,
)

UPLOAD_REASON = "upload: "  # how history names an upload's writes: "upload: <file name>"
REASON_LENGTH = 100  # what django-simple-history keeps of a reason


def digest_of_report(report: QuarterlyUpdate | None, indicators) -> str:
    """What a row filled in from ``report`` shows, for ``indicators`` (None: an empty row)."""
    actuals = {a.indicator_id: a.value for a in report.actuals.all()} if report else {}
    return row_digest(
        status=report.status if report else "",
        percent=report.percent_complete if report else None,
        progress=report.progress if report else "",
        problems=report.problems if report else "",
        next_steps=report.next_steps if report else "",
        actuals={indicator.pk: actuals.get(indicator.pk) for indicator in indicators},
    )


def digest_of_data(data: UpdateData, indicators) -> str:
    """What a filled row says, for ``indicators``: comparable with ``digest_of_report``."""
    actuals = data.actuals or {}
    return row_digest(
        status=data.status,
        percent=data.percent_complete,
        progress=data.progress,
        problems=data.problems,
        next_steps=data.next_steps,
        actuals={indicator.pk: actuals.get(indicator.pk) for indicator in indicators},
    )


def conflicts_mark(result: UpdateSheetResult, sheet: UpdateSheet, *, take_file=frozenset()) -> None:
    """
    Turn the checked upload's changes of reports that were changed in Luoshi
    after the workbook was downloaded into conflicts (``take_file``: the ids
    of the goals whose workbook values the uploader picked) or into reports
    left as they are, with who changed them and when. At most three queries,
    none when no row would change a stored report.
    """
    # Tokens and bases came together: a workbook with either was made knowing its bases.
    result.based = bool(sheet.workbook or sheet.bases)
    result.generated = _moment(sheet.generated)
    changes = [c for c in result.goals if c.action == UPDATED and c.report is not None]
    if not changes:
        return
    written = _written(sheet, changes)
    undecided = []
    for change in changes:
        base = sheet.bases.get(change.goal.code)
        if base is None:
            undecided.append(change)  # a workbook without bases: decided by time below
            continue
        known = {base, written.get(change.report.pk)}
        if change.digest in known:
            change.action, change.changes = KEPT, []
        elif change.report_digest not in known:
            change.action = CONFLICT
    newer = [c for c in changes if c.action != UPDATED] + undecided
    last = report_last_changes(c.report.pk for c in newer) if newer else {}
    for change in undecided:
        moment = last.get(change.report.pk)
        # No time for the workbook or the report: the report may be newer, so it is.
        if result.generated is None or moment is None or moment.when > result.generated:
            change.action = CONFLICT
    for change in changes:
        if change.action == UPDATED:
            continue
        moment = last.get(change.report.pk)
        if moment is not None:
            change.newer = NewerChange(who=moment.who, when=moment.when, how=_how(moment.reason))
        change.take_file = change.action == CONFLICT and change.goal.pk in take_file


def upload_record(sheet: UpdateSheet, change: GoalChange, update: QuarterlyUpdate) -> None:
    """
    Keep what this upload wrote to ``update``, so the same workbook uploaded
    again is compared with it rather than with what it was downloaded with.
    """
    if not sheet.workbook:
        return  # a workbook made before downloads had a token: nothing to recognise it by
    UpdateSheetUpload.objects.update_or_create(
        workbook=sheet.workbook, update=update, defaults={"digest": change.digest}
    )


def upload_reason(source_name: str, *, over_newer: bool = False) -> str:
    """
    What history records of an upload's write, in fixed words (worded for the
    reader by ``reason_shown``): ``upload: <file>``, and when the uploader
    picked the workbook's values over a newer change, ``; workbook over newer``.
    """
    if not over_newer:
        return f"{UPLOAD_REASON}{source_name}"
    note = f"; {OVER_NEWER}"
    # The history keeps 100 characters: a long file name is cut, the note is not.
    return f"{UPLOAD_REASON}{source_name[: REASON_LENGTH - len(UPLOAD_REASON) - len(note)]}{note}"


def _written(sheet: UpdateSheet, changes: list[GoalChange]) -> dict[int, str]:
    """What earlier uploads of this workbook wrote to these reports, by update id."""
    if not sheet.workbook or not sheet.bases:
        return {}
    return dict(
        UpdateSheetUpload.objects.filter(
            workbook=sheet.workbook, update_id__in=[c.report.pk for c in changes]
        ).values_list("update_id", "digest")
    )


def _how(reason: str) -> str:
    """How a report was changed, from its history's reason (already worded for the reader)."""
    return reason or _("on the web")


def _moment(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment
