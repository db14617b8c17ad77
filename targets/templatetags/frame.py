"""
The frame every page shares: its navigation (menus, bell, language switch,
the signed-in user, sign-out), rendered once per what it shows and reused.

Rendering the menu cost about a millisecond of every page — a third of what a
kept cockpit costs — for HTML that is the same for every request of a user
on a page of one section. ``{% navigation %}`` keeps it in the process under a
key made of *every value the template reads* (found in its source: the user's
name, department, role and rules, the active section, the bell's figure) with
the language and the script prefix, so a change to any of them is a new key:
the menu is never older than the data, with nothing to invalidate. What
differs between responses is filled in per request: the CSRF token of the
language and sign-out forms (freshly masked for each response, as Django's
``{% csrf_token %}`` does) and the page the language switch comes back to.
"""

from __future__ import annotations

import re
import secrets

from django import template
from django.core.signals import setting_changed
from django.template.base import Variable, VariableDoesNotExist
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config import compression
from targets.recent import Recent

register = template.Library()

NAVIGATION = "_navigation.html"
# Random per process, so that no text a user can write (a name, a query string) can be one.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(12)}"
NEXT_PLACEHOLDER = f"next-{secrets.token_hex(12)}"
# The page the language switch returns to: filled per request, so left out of the key.
PER_REQUEST = {"page_path", "request.get_full_path"}
# Menus kept per process (~4 KB each): one per (person, section, bell figure) seen;
# the least recently used dropped past it, which costs a rendering (0.7 ms) if asked again.
MAX_KEPT = 1000

_LOOKUP = re.compile(
    r"\b(?:user|may|request|unread_notifications|page_path|on_own_department)(?:\.\w+)*"
)
_kept = Recent(MAX_KEPT)
_lookups: dict[str, list[Variable]] = {}


def _keyed_lookups(navigation) -> list[Variable]:
    """Every variable the navigation's source reads, but the per-request ones."""
    lookups = _lookups.get(navigation.source)
    if lookups is None:
        names = sorted(set(_LOOKUP.findall(navigation.source)) - PER_REQUEST)
        lookups = _lookups[navigation.source] = [Variable(name) for name in names]
    return lookups


def _value(variable: Variable, context) -> str:
    try:
        return str(variable.resolve(context))
    except VariableDoesNotExist:
        return ""


@register.simple_tag(takes_context=True)
def navigation(context) -> str:
    """``_navigation.html`` for this request, reused from an earlier one that showed the same."""
    navigation = context.template.engine.get_template(NAVIGATION)
    request = context.get("request")
    token = context.get("csrf_token")
    with context.push(on_own_department=_on_own_department(request, context.get("user"))):
        if request is None or not token or str(token) == "NOTPROVIDED":
            # An error page or a bare Context: rendered as it is, nothing to fill in.
            return navigation.render(context)
        return _kept_navigation(navigation, request, token, context)


def _on_own_department(request, user) -> bool:
    """
    Whether this is the page of the user's own department ("My department" is
    then the active item). A flag rather than the page's pk in the template,
    so that every goal and department page shares one key per section.
    """
    match = getattr(request, "resolver_match", None)
    return bool(
        match is not None
        and match.url_name == "department_detail"
        and getattr(user, "department_id", None)
        and match.kwargs.get("pk") == user.department_id
    )


def _kept_navigation(navigation, request, token, context) -> str:
    """The menu kept for this key (rendered if it is not), with this response's parts."""
    lookups = _keyed_lookups(navigation)
    key = (get_language(), get_script_prefix(), *(_value(v, context) for v in lookups))

    def render():
        with context.push(csrf_token=CSRF_PLACEHOLDER, page_path=NEXT_PLACEHOLDER):
            return navigation.render(context)

    html = _kept.get(key, render)
    page = context.get("page_path") or request.get_full_path()
    # The token compressed apart from the page's text (config.compression, BREACH).
    token = compression.secret(request, str(token))
    html = html.replace(CSRF_PLACEHOLDER, conditional_escape(token))
    return mark_safe(html.replace(NEXT_PLACEHOLDER, conditional_escape(page)))


def forget(**kwargs) -> None:
    """Drop every kept menu (a setting changed: the URLs or languages may have)."""
    _kept.clear()
    _lookups.clear()


setting_changed.connect(forget)
