"""
Notifications (通知): what happened, for whom, and how it reaches them.

A ``Notification`` is one line in one user's inbox. A ``Delivery`` is a row of
the outbox: a message still to send by e-mail (to a notification's recipient)
or to a department's group robot (``NotificationWebhook``), written in the
same transaction as the change that caused it, and sent by the worker
(``manage.py send_notifications``), never by the web request.
``NotificationPreference`` says which events reach a user, or by default a
department's users, by which channel. The writes are
``targets.services.notifications``; the worker's claim and send are
``targets.services.notification_delivery``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..choices import DeliveryState, NotificationChannel, NotificationKind, RobotPlatform
from .departments import Department


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own inbox, nobody else's: not even the office reads another's."""
        if not rules.is_signed_in(user):
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """
    One event in one user's inbox: its kind, what it is about (the goal, the
    period, the update, the plan by id, and the link to open), the words that
    fill its sentence (``params``: the goal's code and title, who did it…), and
    when it was read. The sentence itself is written when shown, in the
    reader's language (``targets.selectors.notifications.notification_text``).
    The subject is kept as ids rather than foreign keys: a goal purged with its
    plan leaves a line whose link answers 404, and no purge waits on an inbox.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("event"), max_length=30, choices=NotificationKind.choices)
    plan_id_ref = models.PositiveIntegerField(_("plan"), null=True, blank=True)
    goal_id_ref = models.PositiveIntegerField(_("goal"), null=True, blank=True)
    period_id_ref = models.PositiveIntegerField(_("period"), null=True, blank=True)
    update_id_ref = models.PositiveIntegerField(_("update"), null=True, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell counts a user's unread lines on every page: this index answers it.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self):
        return f"{self.recipient} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.link


class NotificationWebhookQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Webhooks hold secrets: administrators only, on the admin site."""
        return self if rules.can_manage_notifications(user) else self.none()


PLATFORM_BASE_URLS = {
    RobotPlatform.WECOM: "https://qyapi.weixin.qq.com",
    RobotPlatform.DINGTALK: "https://oapi.dingtalk.com",
    RobotPlatform.FEISHU: "https://open.feishu.cn",
    RobotPlatform.CONSOLE: "",
}


class NotificationWebhook(models.Model):
    """
    A group robot (群机器人) of a department, or of the supervision office
    (no department), on 企业微信, 钉钉 or 飞书, or the console (the demo).
    The base URL is the platform's public host unless set: on-premise
    government editions (政务微信, 浙政钉, 飞书私有化) live on intranet hosts.
    ``token`` is the robot's key (企业微信), access_token (钉钉) or hook id
    (飞书); ``secret`` turns on the signed mode (钉钉 加签, 飞书 签名校验).
    ``window_started_at`` and ``window_count`` are the rate window the worker
    keeps in the database (about 20 messages a minute per robot), so every
    worker process sees the same one.
    """

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="webhooks",
        null=True,
        blank=True,
        help_text=_("Leave empty for the supervision office's group."),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=RobotPlatform.choices)
    base_url = models.URLField(
        _("base URL"),
        blank=True,
        help_text=_("Empty: the platform's public address. Set it for an on-premise edition."),
    )
    token = models.CharField(_("robot key or token"), max_length=200, blank=True)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk's 加签 secret (SEC…) or Feishu's signature secret, if enabled."),
    )
    active = models.BooleanField(_("active"), default=True)
    window_started_at = models.DateTimeField(_("rate window started"), null=True, blank=True)
    window_count = models.PositiveIntegerField(_("messages in the rate window"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NotificationWebhookQuerySet.as_manager()

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["department__order", "department__name", "pk"]

    def __str__(self):
        owner = self.department or _("Supervision office")
        return f"{owner} · {self.get_platform_display()}"

    @property
    def address(self) -> str:
        """The base URL in use: the one set, else the platform's."""
        return (self.base_url or PLATFORM_BASE_URLS.get(self.platform, "")).rstrip("/")


class DeliveryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The outbox is the administrators' (failures, resends), on the admin site."""
        return self if rules.can_manage_notifications(user) else self.none()


class Delivery(models.Model):
    """
    A row of the transactional outbox: one message to send by one channel,
    e-mail to a notification's recipient or a post to a group robot, written
    in the transaction of the change it tells about. The worker claims due
    rows (``claimed_by`` / ``claimed_at``: a lease, so a second worker leaves
    them alone and a crashed one's rows come back), sends, and records the
    platform's answer; a failure is retried with exponential backoff
    (``next_attempt_at``) until ``NOTIFY_MAX_AGE`` has passed, then the row is
    dead. Rows of one robot sent together in one message share a ``batch``.
    A robot row keeps its own kind, link and words, since no inbox line is it.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    webhook = models.ForeignKey(
        NotificationWebhook,
        verbose_name=_("group robot"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("event"), max_length=30, choices=NotificationKind.choices)
    link = models.CharField(_("link"), max_length=300, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_response = models.TextField(_("last answer"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    batch = models.UUIDField(_("batch"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(channel=NotificationChannel.EMAIL, notification__isnull=False)
                    | Q(channel=NotificationChannel.ROBOT, webhook__isnull=False)
                ),
                name="delivery_has_its_target",
            ),
        ]

    def __str__(self):
        target = self.webhook if self.channel == NotificationChannel.ROBOT else self.notification
        return f"{self.get_channel_display()} → {target} ({self.get_state_display()})"


class NotificationPreferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own choices, and their department's defaults."""
        if not rules.is_signed_in(user):
            return self.none()
        return self.filter(Q(user=user) | Q(department_id=user.department_id, user__isnull=True))


class NotificationPreference(models.Model):
    """
    One choice: this event by this channel, on or off, for a user, or as a
    department's default for its users (and whether its group robot posts
    it). A user's own choice wins over the department's; with neither,
    Luoshi's defaults apply (``targets.services.notifications.DEFAULTS``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("event"), max_length=30, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    enabled = models.BooleanField(_("on"), default=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        ordering = ["department", "user", "kind", "channel"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, department__isnull=True)
                | Q(user__isnull=True, department__isnull=False),
                name="notificationpreference_user_or_department",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "channel"],
                condition=Q(user__isnull=False),
                name="notificationpreference_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["department", "kind", "channel"],
                condition=Q(department__isnull=False),
                name="notificationpreference_once_per_department",
            ),
        ]

    def __str__(self):
        owner = self.user or self.department
        state = _("on") if self.enabled else _("off")
        return f"{owner} {self.get_kind_display()} {self.get_channel_display()} {state}"
