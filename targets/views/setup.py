"""The setup page (开通检查): what is done and what is missing before a quarter can open."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from targets import rules
from targets.selectors.setup import setup_state


@require_safe
def setup(request):
    """Each step of setting Luoshi up, done or not, with a link to where it is done."""
    rules.require(rules.can_view_setup, request.user)
    return render(
        request,
        "targets/setup.html",
        {"setup": setup_state(), "site_url": settings.SITE_URL},
    )
