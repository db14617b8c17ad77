"""Template helpers for states, progress bars and numbers, shared with the tables."""

import functools
import re
from types import SimpleNamespace

from django import template
from django.utils.encoding import force_str
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from targets.choices import (
    REPORT_COLOURS,
    RESULT_COLOURS,
    STATE_COLOURS,
    VERDICT_COLOURS,
    ClaimVerdict,
    GoalResult,
    GoalState,
    ReportState,
)
from targets.formatting import format_number, format_quantity, format_target
from targets.selectors.history import reason_shown
from targets.selectors.states import quarter_of, state_label

register = template.Library()


@register.simple_tag
def state_badge(state, since=None, period=None) -> str:
    """
    A coloured badge for a goal's state (grey / green / yellow / red / blue;
    "not yet assessed" outlined). With ``since`` (``states.quarter_key`` of the
    approved update behind it) earlier than ``period``, the badge says which
    quarter the state comes from: 滞后·第3季度.
    """
    if not state:
        return ""
    state = GoalState(state)
    colour = STATE_COLOURS[state]
    if state == GoalState.UNASSESSED:
        css = "badge rounded-pill border border-secondary text-secondary bg-white state-unassessed"
    else:
        text = " text-dark" if colour in ("warning", "light") else ""
        css = f"badge rounded-pill text-bg-{colour}{text} state-{state.value}"
    label = state_label(state, since, period)
    title = ""
    if label != state.label:
        title = gettext("As assessed in %(quarter)s: no newer report approved yet") % {
            "quarter": quarter_of(since)
        }
        css += " state-carried"
    return format_html(
        '<span class="{}" data-state="{}"{}>{}</span>',
        css,
        state.value,
        format_html(' title="{}"', title) if title else "",
        label,
    )


# The review badge's colour per review state (a draft's: outlined).
REVIEW_BADGE_COLOURS = {
    "approved": "text-bg-success",
    "submitted": "text-bg-info",
    "returned": "text-bg-danger",
}


@register.simple_tag
def review_badge(update) -> str:
    """
    The review state of an update (草稿 / 待审核 / 已审核 / 已退回). A tag rather
    than an included template: the goal page shows one per update, and an
    include costs more than the badge.
    """
    state = update.review_state
    return format_html(
        '<span class="badge review-badge review-{} {}" data-review="{}">{}</span>',
        state,
        REVIEW_BADGE_COLOURS.get(state, "text-bg-light border"),
        state,
        shown(update, "review_state"),
    )


@functools.cache
def _choice_labels(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


@register.filter
def shown(instance, name: str) -> str:
    """
    ``instance.get_<name>_display()``: the label of the field's value, else the
    value itself. The labels are gathered once per process; Django's method
    gathers them on every call and translates each to hash it, a dozen times
    a goal page.
    """
    if instance is None:
        return ""
    value = getattr(instance, name)
    return force_str(_choice_labels(type(instance), name).get(value, value), strings_only=True)


@register.filter(expects_localtime=True)
def minute(value) -> str:
    """
    A moment to the minute in the current time zone, as ``date:"Y-m-d H:i"``
    writes it: the goal page shows one per update, event, file and comment,
    and Django's ``date`` filter parses its format anew each time.
    """
    if not value:
        return ""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"


@register.filter(expects_localtime=True)
def iso_moment(value) -> str:
    """A moment in ISO 8601 in the current time zone, as ``date:'c'`` writes it."""
    if not value:
        return ""
    return value.isoformat()


@register.simple_tag
def report_badge(report) -> str:
    """Whether a goal reported this quarter: 已报送 / 待审核 / 未报送 / 无需报送."""
    if not report:
        return ""
    report = ReportState(report)
    if report == ReportState.MISSING:
        css = "badge border border-danger text-danger bg-white"
    elif report == ReportState.NOT_DUE:
        css = "badge border border-secondary text-secondary bg-white"
    else:
        css = f"badge text-bg-{REPORT_COLOURS[report]}"
    return format_html(
        '<span class="{} report-{}" data-report="{}">{}</span>',
        css,
        report.value,
        report.value,
        report.label,
    )


@register.simple_tag
def progress_bar(percent, state=None) -> str:
    """A thin progress bar with the percentage, coloured by state."""
    percent = int(percent or 0)
    colour = STATE_COLOURS.get(GoalState(state), "secondary") if state else "primary"
    if colour == "light":
        colour = "secondary"
    return format_html(
        '<div class="d-flex align-items-center gap-2 progress-cell">'
        '<div class="progress flex-grow-1" role="progressbar" aria-valuenow="{0}" '
        'aria-valuemin="0" aria-valuemax="100" style="height: .5rem">'
        '<div class="progress-bar bg-{1}" style="width: {0}%"></div></div>'
        '<span class="small text-body-secondary tabular">{0}%</span></div>',
        percent,
        colour,
    )


@register.filter
def number(value) -> str:
    """A decimal without trailing zeros: 1.1000 → 1.1."""
    return format_number(value)


@register.simple_tag
def quantity(value, unit) -> str:
    return format_quantity(value, unit)


@register.simple_tag
def highlight_targets(text: str, indicators) -> str:
    """
    The text with each indicator's phrase marked, in order, so a person
    checking an import sees exactly which words each target was read from.
    """
    marks, cursor = [], 0
    for indicator in indicators:
        phrase = indicator.phrase
        start = text.find(phrase, cursor) if phrase else -1
        if start < 0:
            continue
        marks.append((start, start + len(phrase), indicator))
        cursor = start + len(phrase)
    pieces, position = [], 0
    for start, end, indicator in marks:
        pieces.append(escape(text[position:start]))
        target = format_target_draft(indicator)
        pieces.append(
            format_html(
                '<mark class="target" title="{}: {}">{}</mark>',
                indicator.name,
                target,
                text[start:end],
            )
        )
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped or format_html


@register.simple_tag
def draft_target(indicator) -> str:
    return format_target_draft(indicator)


def format_target_draft(indicator) -> str:
    """A draft indicator's target as the goal page shows a saved one: "≥ 50万平方米"."""
    return format_target(
        SimpleNamespace(
            comparator=indicator.comparator,
            target_value=indicator.value,
            target_value_max=indicator.value_max,
            unit=indicator.unit,
        )
    )


@register.filter
def recorded_reason(reason: str) -> str:
    """A reason or comment as recorded, services' fixed words in the reader's language."""
    return reason_shown(reason or "")


@register.filter
def warning_text(warning) -> str:
    """A draft warning in the user's language (readers write them in English)."""
    if warning.template:
        try:
            return gettext(warning.template) % warning.params
        except (KeyError, TypeError, ValueError):
            pass
    return warning.message


@register.filter
def where_text(where: str) -> str:
    """
    "line 12" → 第12行, "sheet 1 (分解表), row 7" → 第1个工作表（分解表）第7行, "table 2,
    row 5" (a Word document's) → 表2第5行, "page 3, table 1, row 4" (a PDF's) → 第3页表1第4行.
    """
    match = re.fullmatch(r"line (\d+)", where or "")
    if match:
        return gettext("line %(number)s") % {"number": match.group(1)}
    match = re.fullmatch(r"sheet (\d+) \((.*)\)(?:, row (\d+))?", where or "")
    if match:
        number, name, row = match.groups()
        if row is None:
            return gettext("sheet %(number)s (%(name)s)") % {"number": number, "name": name}
        return gettext("sheet %(number)s (%(name)s), row %(row)s") % {
            "number": number,
            "name": name,
            "row": row,
        }
    match = re.fullmatch(r"(?:page (\d+), )?table (\d+)(?:, row (\d+))?", where or "")
    if match:
        page, number, row = match.groups()
        if row is None:
            return gettext("table %(number)s") % {"number": number}
        if page is None:
            return gettext("table %(number)s, row %(row)s") % {"number": number, "row": row}
        return gettext("page %(page)s, table %(number)s, row %(row)s") % {
            "page": page,
            "number": number,
            "row": row,
        }
    return where


@register.simple_tag
def select_options(field) -> str:
    """
    The ``<option>`` elements of a choice field, the bound value selected.
    Written in Python: a filter offering a hundred departments or sections,
    rendered an option at a time in the template, took longer than the table
    of goals below it.
    """
    selected = field.value()
    selected = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == selected else "", label)
            for value, label in field.field.choices
        ),
    )


@register.simple_tag
def result_badge(result) -> str:
    """A goal's final result at the year's end: 已完成 / 基本完成 / 未完成 / 持续推进."""
    if not result:
        return ""
    result = GoalResult(result)
    return format_html(
        '<span class="badge text-bg-{} result-{}" data-result="{}">{}</span>',
        RESULT_COLOURS[result],
        result.value,
        result.value,
        result.label,
    )


@register.simple_tag
def verdict_badge(verdict) -> str:
    """How a claim of next year's report stands against what was reported during the year."""
    verdict = ClaimVerdict(verdict)
    colour = VERDICT_COLOURS[verdict]
    if colour == "light":
        css = "badge border border-secondary text-secondary bg-white"
    else:
        css = f"badge text-bg-{colour}" + (" text-dark" if colour == "warning" else "")
    return format_html(
        '<span class="{} verdict" data-verdict="{}">{}</span>', css, verdict.value, verdict.label
    )


class _KeptNode(template.Node):
    def __init__(self, key, nodelist):
        self.key, self.nodelist = key, nodelist

    def render(self, context):
        from targets.tables import recent_headers

        # A table without ``header_key`` gives the empty string: written each time.
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        return recent_headers.get(key, lambda: self.nodelist.render(context))


@register.tag
def kept_header(parser, token):
    """
    ``{% kept_header key %}…{% endkept_header %}``: what is inside written once per
    ``key`` in this process (``tables.recent_headers``), which must name everything
    it is written from (``GoalTable.header_key``); written each time when ``key`` is empty or None.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("kept_header takes one key")
    nodelist = parser.parse(("endkept_header",))
    parser.delete_first_token()
    return _KeptNode(parser.compile_filter(bits[1]), nodelist)
