"""Template helpers of the dashboard's department ranking (see targets/tables.py)."""

from django import template

from targets.tables import ratio

register = template.Library()


@register.simple_tag
def ratio_cell(part, whole, rate):
    """ "2/3 (67%)": a rate with the figures behind it; "—" when nothing was expected."""
    return ratio(part, whole, rate)
