"""The quarterly supervision bulletin (督查通报) as a Word document (being written)."""

from django.http import Http404


def bulletin_export(request):
    raise Http404
