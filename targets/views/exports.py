"""Excel downloads: the whole plan, and every table as it is shown. (Being written.)"""

from django.http import Http404


def plan_export(request):
    raise Http404
