"""The quarterly round trip in Excel: the fill-in template and its upload (being written)."""

from django.http import Http404


def update_template_download(request, pk):
    raise Http404


def update_upload(request):
    raise Http404
