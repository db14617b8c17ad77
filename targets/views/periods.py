"""Reporting periods, due dates and owners' milestones (being written)."""

from django.http import Http404


def period_list(request):
    raise Http404


def period_edit(request, pk):
    raise Http404


def goal_milestones(request, pk):
    raise Http404
