"""
A checked upload written: when there is no mistake, every goal whose report
differs goes through ``quarterly_update_submit`` in one transaction, or
nothing does; a report changed in Luoshi since the download only when the
uploader picked the workbook's values for it, which its history then says.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ...io.update_sheets import UpdateSheet
from ..updates import StaleUpdate, quarterly_update_submit
from .check import update_sheet_check
from .conflicts import upload_reason, upload_record
from .results import CONFLICT, UpdateSheetResult


def update_sheet_apply(
    sheet: UpdateSheet,
    *,
    user,
    source_name: str,
    fingerprint: str | None = None,
    take_file=frozenset(),
) -> UpdateSheetResult:
    """
    Check the workbook again and, when there is no mistake, write every goal
    whose report differs, in one transaction, as ``user`` (history says
    ``upload: <source_name>``). A conflict (a report changed in Luoshi after
    the workbook was downloaded) keeps the report unless its goal's id is in
    ``take_file``; then the workbook's values are written and the update's
    review history says whose change they replaced.

    With ``fingerprint`` (a preview's), nothing is written if what would
    change is no longer what the preview showed: the result is marked
    ``stale``, as it is when another request writes one of these reports
    while this one runs (two confirmations of one file).
    """
    result = UpdateSheetResult(sheet=sheet.sheet)
    try:
        with transaction.atomic():
            result = update_sheet_check(sheet, user=user, take_file=take_file)
            if result.errors:
                return result
            if fingerprint is not None and fingerprint != result.fingerprint:
                result.stale = True
                return result
            for change in result.goals:
                if change.writes:
                    # Picked over a newer change: the review timeline says so too.
                    over_newer = change.action == CONFLICT
                    reason = upload_reason(source_name, over_newer=over_newer)
                    update, _created = quarterly_update_submit(
                        change.goal,
                        result.period,
                        change.data,
                        user=user,
                        reason=reason,
                        comment=reason if over_newer else "",
                    )
                    upload_record(sheet, change, update)
            result.applied = True
    except StaleUpdate:
        # Another request (the same file confirmed twice at once, a colleague's
        # form) wrote one of these reports after the check: nothing of this
        # upload was written. Say what applying it would do now instead.
        result = update_sheet_check(sheet, user=user, take_file=take_file)
        result.stale = True
    except (PermissionDenied, ValidationError) as error:
        # The rules changed under the check (another request): nothing was written.
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        result.applied = False
        for message in messages:
            result.error(message)
    return result
