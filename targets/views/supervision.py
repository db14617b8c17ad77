"""Chasing: the supervisors' page of missing and late updates (being written)."""

from django.http import Http404


def missing_list(request):
    raise Http404


def department_notices_context(department, plan, period, user) -> dict:
    """Context for templates/targets/_department_notices.html."""
    return {}
