"""
A goal's comment thread (讨论) and the evidence (佐证材料) attached to its
quarterly updates: who may write to them, and the writes themselves.

Who may do what is decided by the models' QuerySet methods
(``Goal.objects.commentable_by``, ``QuarterlyUpdate.objects.attachable_by``,
``UpdateAttachment.objects.visible_to``) and ``targets.rules``, so the views,
the goal page and any command ask the same question the same way:

- reading a thread or downloading a file: whoever may see the goal;
- posting a comment: staff of the goal's lead and supporting departments,
  supervisors, leaders and administrators, on a live goal (not archived) of
  the active plan; an archived goal's thread is a closed record;
- attaching and removing evidence: staff of a lead department on the updates
  they may still edit (open period, or returned to them), and supervisors and
  administrators (督查室, who attach what they collect on inspections) on every
  update of a live goal of the active plan. A file is removed by its uploader
  or a supervisor.

Uploads are untrusted. A file is accepted only if its extension is on the
list below *and* its first bytes are that format's signature, so an .exe
renamed .pdf or an HTML page named .jpg is refused; nothing is stored unless
every file of the upload passes. The stored name is random (``attachment_path``);
the name the user chose is kept only to be shown, cleaned of control
characters and path separators.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules
from ..choices import NotificationKind, PlanState
from ..models import Goal, GoalComment, QuarterlyUpdate, UpdateAttachment
from .notifications import actor_name, goal_owners, goal_words, notify

COMMENT_MAX_LENGTH = 2000
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 10
MAX_ATTACHMENTS_PER_UPDATE = 30
NAME_MAX_LENGTH = 255  # UpdateAttachment.original_name


# -- comments -------------------------------------------------------------------------------


def goal_comment_add(goal: Goal, text: str, *, user) -> GoalComment:
    """
    Post ``text`` to the goal's thread as ``user``. Comments are a record:
    they are never edited, and this is the only way one is written.

    Raises ``PermissionDenied`` unless the user may post to the goal
    (``Goal.objects.commentable_by``) and ``ValidationError`` for an empty comment or
    one over ``COMMENT_MAX_LENGTH`` characters; nothing is written then.
    """
    if not Goal.objects.commentable_by(user).filter(pk=goal.pk).exists():
        raise PermissionDenied(comment_refusal(goal))
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Write a comment before posting."), code="empty")
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("A comment can be at most %(limit)s characters long; yours has %(count)s.")
            % {"limit": COMMENT_MAX_LENGTH, "count": len(text)},
            code="too_long",
        )
    with transaction.atomic():
        earlier = list(
            get_user_model().objects.filter(goal_comments__goal=goal).exclude(pk=user.pk).distinct()
        )
        comment = GoalComment.objects.create(goal=goal, author=user, text=text)
        # Its owners and whoever spoke in the thread before hear of it.
        notify(
            NotificationKind.GOAL_COMMENTED,
            link=f"{goal.get_absolute_url()}#comment-{comment.pk}",
            params={**goal_words(goal), "actor": actor_name(user), "comment": text[:200]},
            users=earlier,
            departments=goal_owners(goal),
            actor=user,
            plan=goal.plan_id,
            goal=goal,
        )
    return comment


def comment_refusal(goal: Goal) -> str:
    """Why a user who sees the goal cannot post to its thread."""
    if goal.archived or goal.plan.state != PlanState.ACTIVE:
        return _("Comments are closed: the goal is archived or its plan is no longer active.")
    return _("Only the goal's departments, supervisors and leaders can comment on it.")


# -- what an attachment may be --------------------------------------------------------------


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, .ppt (and encrypted Office)
ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class FileKind:
    """An accepted kind of evidence: how it is named, checked and served."""

    label: str  # in messages: "PDF", "Word"
    content_type: str  # what it is served as, whatever the browser claimed on upload
    signature: bytes  # the first bytes of every such file
    package: str = ""  # Office Open XML: the folder its main part lives in
    inline: bool = False  # shown in the browser (images) rather than downloaded


_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_JPEG = FileKind("JPEG", "image/jpeg", b"\xff\xd8\xff", inline=True)

# No archives (.zip would carry anything past these checks), no HTML, SVG,
# scripts or executables, no macro-enabled Office files (.docm, .xlsm).
FILE_KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("PDF", "application/pdf", b"%PDF-"),
    ".doc": FileKind("Word", "application/msword", OLE_SIGNATURE),
    ".docx": FileKind("Word", _WORD, ZIP_SIGNATURE, package="word/"),
    ".xls": FileKind("Excel", "application/vnd.ms-excel", OLE_SIGNATURE),
    ".xlsx": FileKind("Excel", _EXCEL, ZIP_SIGNATURE, package="xl/"),
    ".ppt": FileKind("PowerPoint", "application/vnd.ms-powerpoint", OLE_SIGNATURE),
    ".pptx": FileKind("PowerPoint", _POWERPOINT, ZIP_SIGNATURE, package="ppt/"),
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": FileKind("PNG", "image/png", b"\x89PNG\r\n\x1a\n", inline=True),
}
ACCEPT = ",".join(FILE_KINDS)  # for <input type="file" accept="…">


def _suffix(name: str | None) -> str:
    return PurePosixPath((name or "").replace("\\", "/")).suffix.lower()


def file_kind(name: str) -> FileKind | None:
    """The kind a file name's extension claims, or None if it is not accepted."""
    return FILE_KINDS.get(_suffix(name))


def display_name(name: str, *, fallback: str = "") -> str:
    """
    A file name fit to show and to offer as a download name: the last path
    component only, without control or format characters (a right-to-left
    override can make "gpj.exe" read "exe.jpg"), on one line, not hidden,
    at most 255 characters with its extension kept.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = " ".join(base.split()).lstrip(". ")
    if not base:
        return fallback
    if len(base) > NAME_MAX_LENGTH:
        suffix = PurePosixPath(base).suffix[:10]
        base = base[: NAME_MAX_LENGTH - len(suffix)] + suffix
    return base


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what will be stored about it."""

    upload: object  # django.core.files.uploadedfile.UploadedFile
    name: str  # cleaned, for display
    suffix: str  # the accepted extension, lower case; the stored name ends with it
    kind: FileKind


def attachment_check(upload) -> CheckedFile:
    """
    Check one uploaded file: an accepted extension, not empty, at most
    ``ATTACHMENT_MAX_BYTES``, and content that is what the extension says
    (its signature; for .docx/.xlsx/.pptx a zip holding that package's main
    folder and no macros). Raises ``ValidationError`` naming the file.
    """
    name = display_name(upload.name, fallback=_("unnamed file"))
    suffix = _suffix(upload.name)
    kind = FILE_KINDS.get(suffix)
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s”: %(suffix)s files cannot be attached. Attach PDF, Word, Excel, "
                "PowerPoint, JPEG or PNG files."
            )
            % {"name": name, "suffix": _suffix(name) or _("(no extension)")},
            code="unsupported",
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than the %(limit)s MB limit.")
            % {"name": name, "limit": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(kind.signature))
    upload.seek(0)
    if head != kind.signature or (kind.package and not _is_package(upload, kind, name)):
        raise ValidationError(
            _(
                "“%(name)s” is not a %(kind)s file: its content does not match its extension. "
                "Open it in the program that made it and save it again."
            )
            % {"name": name, "kind": kind.label},
            code="mismatch",
        )
    return CheckedFile(upload=upload, name=name, suffix=suffix, kind=kind)


def _is_package(upload, kind: FileKind, name: str) -> bool:
    """
    An Office Open XML file of the kind claimed, judged from the zip's
    directory alone (nothing is unpacked): a content-types part and the main
    folder (word/, xl/, ppt/). A VBA project means macros, which are refused.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    if any(PurePosixPath(n).name.lower() == "vbaproject.bin" for n in names):
        raise ValidationError(
            _("“%(name)s” contains macros, which are not accepted: save it without macros.")
            % {"name": name},
            code="macro",
        )
    return "[Content_Types].xml" in names and any(n.startswith(kind.package) for n in names)


# -- attachments ----------------------------------------------------------------------------


def update_attachments_add(
    update: QuarterlyUpdate, uploads: Sequence, *, user
) -> list[UpdateAttachment]:
    """
    Attach ``uploads`` (Django ``UploadedFile``s) to ``update`` as ``user``:
    all of them or, if any is refused, none. Each is stored under a random
    name in the default storage (the shared MEDIA_ROOT) and recorded with its
    cleaned original name, the content type of its checked kind and its size.

    Raises ``PermissionDenied`` unless the update takes the user's attachments
    (``QuarterlyUpdate.objects.attachable_by``), and ``ValidationError`` listing every refused
    file, or for no file, too many at once or too many on the update.
    """
    if not QuarterlyUpdate.objects.attachable_by(user).filter(pk=update.pk).exists():
        raise PermissionDenied(
            _(
                "Only staff of the lead department, while they may report, and supervisors "
                "can attach evidence to this update."
            )
        )
    checked = _checked_uploads(list(uploads))
    stored: list[UpdateAttachment] = []
    try:
        with transaction.atomic():
            # Lock the update so two uploads at once cannot both pass the limit.
            QuarterlyUpdate.objects.select_for_update().filter(pk=update.pk).get()
            if update.attachments.count() + len(checked) > MAX_ATTACHMENTS_PER_UPDATE:
                raise ValidationError(
                    _("An update can have at most %(limit)s attachments.")
                    % {"limit": MAX_ATTACHMENTS_PER_UPDATE},
                    code="too_many",
                )
            for item in checked:
                attachment = UpdateAttachment(
                    update=update,
                    original_name=item.name,
                    content_type=item.kind.content_type,
                    size=item.upload.size,
                    uploaded_by=user,
                )
                # upload_to (attachment_path) makes a random name with this extension.
                attachment.file.save(f"attachment{item.suffix}", item.upload, save=False)
                stored.append(attachment)
                attachment.save()
    except BaseException:
        # The rows are rolled back; the files written so far must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


def _checked_uploads(uploads: list) -> list[CheckedFile]:
    """Every file of an upload checked; one ``ValidationError`` listing all that are refused."""
    if not uploads:
        raise ValidationError(_("Choose at least one file to attach."), code="required")
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(
            _("Attach at most %(limit)s files at a time.") % {"limit": MAX_FILES_PER_UPLOAD},
            code="too_many",
        )
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(attachment_check(upload))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


def update_attachment_delete(attachment: UpdateAttachment, *, user) -> None:
    """
    Remove an attachment: its row now, its file from storage once the
    transaction commits (so a rollback never leaves a row without its file).

    Raises ``PermissionDenied`` unless the user uploaded it or is the supervision office,
    and the update still takes attachments from them.
    """
    attachable = QuarterlyUpdate.objects.attachable_by(user).filter(pk=attachment.update_id)
    if not rules.can_delete_attachment(user, attachment, attachable=attachable.exists()):
        raise PermissionDenied(
            _(
                "Only the person who attached a file, or a supervisor, can remove it, "
                "and only while the update can still be changed."
            )
        )
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
