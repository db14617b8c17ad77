"""The quarterly supervision bulletin (督查通报) as a Word document."""

import datetime
import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import audit
from accounts.choices import AuditAction
from targets import rules
from targets.exports.common import ExportError, export_period
from targets.io.bulletin import DOCX_CONTENT_TYPE, bulletin_filename, write_bulletin
from targets.selectors.bulletin import BulletinError, bulletin_data


@require_safe
def bulletin_export(request):
    """
    ``/exports/bulletin/?year=Y&quarter=Q[&date=YYYY-MM-DD]``: the bulletin
    for the plan and quarter (defaults as the dashboard's), dated ``date``
    (default: the day the period closed, its due date while open), as a
    .docx ready to edit and send. A year without a plan, a quarter that does
    not exist or a date that is not one is a 404, as for the Excel export; a
    plan with no goals sends the user back to the dashboard with a message,
    since its button leads here.
    """
    rules.require(rules.can_download_bulletin, request.user)
    try:
        plan, period = export_period(request.GET.get("year"), request.GET.get("quarter"))
        issued_on = _date(request.GET.get("date"))
    except ExportError as error:
        raise Http404(str(error)) from error
    try:
        data = bulletin_data(plan, period, user=request.user, issued_on=issued_on)
    except BulletinError as error:
        messages.error(request, str(error))
        query = urlencode({"year": period.year, "quarter": period.quarter})
        return redirect(f"{reverse('targets:dashboard')}?{query}")
    content = io.BytesIO()
    write_bulletin(data, content)
    content.seek(0)
    filename = bulletin_filename(period.year, period.quarter)
    audit.record_download(request, AuditAction.BULLETIN_DOWNLOADED, filename)
    return FileResponse(
        content, as_attachment=True, filename=filename, content_type=DOCX_CONTENT_TYPE
    )


def _date(text) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ExportError(_("The date must be written as YYYY-MM-DD.")) from None
