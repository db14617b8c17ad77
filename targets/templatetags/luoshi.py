"""Template helpers for states, progress bars and numbers, shared with the tables."""

from django import template
from django.utils.html import format_html

from targets.choices import STATE_COLOURS, GoalState
from targets.formatting import format_number, format_quantity

register = template.Library()


@register.simple_tag
def state_badge(state) -> str:
    """A coloured badge for a goal state (grey / green / yellow / red / blue)."""
    if not state:
        return ""
    state = GoalState(state)
    colour = STATE_COLOURS[state]
    if state == GoalState.MISSING:
        css = "badge rounded-pill border border-secondary text-secondary bg-white state-missing"
    else:
        text = " text-dark" if colour in ("warning", "light") else ""
        css = f"badge rounded-pill text-bg-{colour}{text} state-{state.value}"
    return format_html('<span class="{}" data-state="{}">{}</span>', css, state.value, state.label)


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
