"""
A goal's comment thread and the evidence attached to its updates: posting a
comment, attaching, downloading and removing files, and the part of the goal
page that shows them. Who may do what is decided in
``targets.rules`` and the models' QuerySet methods; a goal or file out of the user's sight is a
404, an action their role does not allow a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from targets import rules
from targets.models import Goal, GoalComment, QuarterlyUpdate, UpdateAttachment
from targets.selectors.goals import goal_thread
from targets.selectors.updates import goal_updates
from targets.services.discussion import (
    ACCEPT,
    ATTACHMENT_MAX_BYTES,
    COMMENT_MAX_LENGTH,
    comment_refusal,
    display_name,
    file_kind,
    goal_comment_add,
    update_attachment_delete,
    update_attachments_add,
)


def _report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def goal_comment_create(request, pk):
    """Post a comment to a goal's thread, then back to the thread."""
    goal = get_object_or_404(Goal.objects.visible_to(request.user).select_related("plan"), pk=pk)
    try:
        comment = goal_comment_add(goal, request.POST.get("text", ""), user=request.user)
    except ValidationError as error:
        _report_errors(request, error)
        return redirect(f"{goal.get_absolute_url()}#comment-form")
    messages.success(request, _("Your comment was posted."))
    return redirect(f"{goal.get_absolute_url()}#comment-{comment.pk}")


@require_POST
def attachment_upload(request, pk):
    """Attach the chosen files to an update: all of them, or none with the reasons."""
    update = get_object_or_404(QuarterlyUpdate.objects.visible_to(request.user), pk=pk)
    try:
        stored = update_attachments_add(update, request.FILES.getlist("files"), user=request.user)
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)s file attached.", "%(count)s files attached.", len(stored))
            % {"count": len(stored)},
        )
    return redirect(update)


@require_safe
def attachment_download(request, pk):
    """
    An attachment, to whoever may see its goal. It is served as the type its
    checked extension says, never as the browser claimed on upload; images
    are shown in the browser, everything else downloaded under its original
    name (RFC 5987-encoded, so Chinese names survive).
    """
    attachment = get_object_or_404(UpdateAttachment.objects.visible_to(request.user), pk=pk)
    kind = file_kind(attachment.file.name)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except (OSError, ValueError) as error:
        raise Http404(_("The file of this attachment is missing.")) from error
    fallback = f"attachment{PurePosixPath(attachment.file.name).suffix}"
    response = FileResponse(
        handle,
        as_attachment=not (kind and kind.inline),
        filename=display_name(attachment.original_name, fallback=fallback),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even an image shown inline runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True)
    return response


@require_POST
def attachment_delete(request, pk):
    """Remove an attachment (its uploader or a supervisor), then back to its update."""
    attachment = get_object_or_404(
        UpdateAttachment.objects.visible_to(request.user).select_related("update"), pk=pk
    )
    update_attachment_delete(attachment, user=request.user)
    messages.success(
        request,
        _("“%(name)s” was removed.") % {"name": display_name(attachment.original_name)},
    )
    return redirect(attachment.update)


@dataclass
class Discussion:
    """What templates/targets/goal/_comments.html and _update_attachments.html show."""

    comments: list[GoalComment]
    may_comment: bool
    comment_refusal: str
    updates: list[QuarterlyUpdate] = field(default_factory=list)  # with .evidence, .may_attach
    comment_max_length: int = COMMENT_MAX_LENGTH
    accept: str = ACCEPT
    max_megabytes: int = ATTACHMENT_MAX_BYTES // (1024 * 1024)


def goal_discussion_context(
    goal,
    user,
    *,
    may_comment: bool | None = None,
    attachable: set | None = None,
    has_comments: bool = True,
) -> dict:
    """
    Context for templates/targets/goal/_comments.html and _update_attachments.html,
    in the same number of queries however many comments and files there are:
    the comments with their authors (one), whether the user may post (one),
    the goal's updates and all their attachments (``goal_updates``, read once
    for the whole page: the page's queryset has already checked that the user
    may see the goal, so all its updates), and which updates take the user's
    attachments (one, none for a user who can attach nothing). The goal's page
    passes both answers, read from the rows it has loaded
    (``rules.goal_page_rights``): ``may_comment`` and the ids of the
    ``attachable`` updates. ``has_comments`` False: the page knows the goal has
    none (its fingerprint says so), the thread is not read.
    """
    # ``goal`` was read through ``visible_to``: its thread is the user's to read
    # (``GoalComment.objects.visible_to``), no need to ask again in a subquery.
    comments = goal_thread(goal.pk) if has_comments else []
    if may_comment is None:
        may_comment = Goal.objects.commentable_by(user).filter(pk=goal.pk).exists()
    updates = goal_updates(goal)
    if attachable is None:
        attachable = set(
            QuarterlyUpdate.objects.attachable_by(user)
            .filter(goal=goal)
            .values_list("pk", flat=True)
        )
    for update in updates:
        update.may_attach = update.pk in attachable
        update.evidence = list(update.attachments.all())
        for attachment in update.evidence:
            attachment.display_name = display_name(attachment.original_name, fallback="—")
            # Scope, not user: the page is kept per scope, and an uploader's own
            # buttons are filled in per request (``goals.own_buttons``).
            attachment.may_delete_every = rules.can_delete_every_attachment(
                user, attachable=update.may_attach
            )
    return {
        "discussion": Discussion(
            comments=comments,
            may_comment=may_comment,
            comment_refusal="" if may_comment else comment_refusal(goal),
            updates=updates,
        )
    }
