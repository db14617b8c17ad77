"""The page shown to a sign-in refused by the throttle (django-axes)."""

from axes.helpers import get_cool_off
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """
    Too many wrong passwords for this user from this address: say how long to
    wait and whom to ask (``AXES_LOCKOUT_CALLABLE``). 429 Too Many Requests.
    """
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "username": (credentials or {}).get("username", "")},
        status=429,
    )
