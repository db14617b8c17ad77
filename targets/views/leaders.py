"""A leader's own page: the goals they are responsible for (being written)."""

from django.http import Http404


def leader_goals(request, pk=None):
    raise Http404
