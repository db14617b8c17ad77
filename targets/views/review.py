"""Reviewing quarterly updates: the queue, approve, return (being written)."""

from django.http import Http404


def review_list(request):
    raise Http404


def quarterly_update_review(request, pk):
    raise Http404
