"""Excel downloads: the whole plan, and every table as it is shown."""

import tempfile

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import audit
from accounts.choices import AuditAction
from targets.exports.common import ExportError, export_note, export_period
from targets.exports.plan import plan_filename, plan_workbook
from targets.exports.tables import table_workbook
from targets.io.xlsx_write import XLSX_CONTENT_TYPE

EXPORT_PARAM = "_export"
EXPORT_FORMAT = "xlsx"


def _file_response(write, filename: str) -> FileResponse:
    """
    Write the workbook to a temporary file and stream it from there, so a
    large plan never sits in memory whole; the file goes when the response closes.
    """
    handle = tempfile.TemporaryFile()
    try:
        write(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@require_safe
def plan_export(request):
    """
    ``/exports/plan/?year=Y[&quarter=Q]``: the plan's goals the user may see,
    with owners, targets and every quarter's progress up to Q, as one workbook.
    A year without a plan or a quarter that does not exist is a 404.
    """
    try:
        plan, period = export_period(request.GET.get("year"), request.GET.get("quarter"))
    except ExportError as error:
        raise Http404(str(error)) from error
    filename = plan_filename(plan, period)
    response = _file_response(
        lambda handle: plan_workbook(plan, period, user=request.user, target=handle), filename
    )
    audit.record_download(request, AuditAction.EXPORTED, filename)
    return response


class TableExportMixin:
    """
    ``?_export=xlsx`` on a page with a django-tables2 table returns the table
    as shown, filters and sort applied and every page of it, as an .xlsx file.
    Views give the file its title with ``get_export_heading``; the page itself
    renders (and queries) exactly as without the mixin.
    """

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get(EXPORT_PARAM) != EXPORT_FORMAT:
            return super().render_to_response(context, **response_kwargs)
        heading = self.get_export_heading(context)
        note = export_note(describe_filters(context.get("filter")))
        filename = heading.replace(" ", "_") + ".xlsx"
        response = _file_response(
            lambda handle: table_workbook(
                context["table"],
                title=self.get_export_sheet_title(context),
                heading=heading,
                note=note,
                target=handle,
            ),
            filename,
        )
        audit.record_download(self.request, AuditAction.EXPORTED, filename)
        return response

    def get_export_heading(self, context) -> str:
        """The title row of the file (and its name)."""
        raise NotImplementedError

    def get_export_sheet_title(self, context) -> str:
        return self.get_export_heading(context)


def describe_filters(filterset) -> str:
    """The filters in force, as a person reads them: "筛选条件：状态：未报送；搜索：领军"."""
    if filterset is None or not filterset.is_bound:
        return _("No filters")
    form = filterset.form
    # A value the form refuses leaves the table empty; say what was asked for.
    values = form.cleaned_data if form.is_valid() else form.data
    parts = []
    for name, field in form.fields.items():
        value = values.get(name)
        if value in (None, "", []):
            continue
        choices = dict((str(k), v) for k, v in getattr(field, "choices", ()))
        shown = choices.get(str(value), value)
        parts.append(f"{field.label}：{str(shown).strip()}")
    if not parts:
        return _("No filters")
    return _("Filters: %(filters)s") % {"filters": "；".join(parts)}
