"""A goal's comment thread and the evidence attached to its updates (being written)."""

from django.http import Http404


def goal_comment_create(request, pk):
    raise Http404


def attachment_upload(request, pk):
    raise Http404


def attachment_download(request, pk):
    raise Http404


def attachment_delete(request, pk):
    raise Http404


def goal_discussion_context(goal, user) -> dict:
    """Context for templates/targets/goal/_comments.html and _update_attachments.html."""
    return {}
