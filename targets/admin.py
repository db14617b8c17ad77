"""
The Django admin for every model, for administrators who fix data by hand:
plans with their sections and goals, goals with owners, indicators and
updates, and the change history of what people edit.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import rules
from .admin_versions import VersionedAdminMixin
from .choices import PlanState
from .models import (
    Delivery,
    Department,
    DepartmentAlias,
    Goal,
    GoalComment,
    GoalDepartment,
    GoalMilestone,
    Indicator,
    IndicatorActual,
    Leader,
    Notification,
    NotificationPreference,
    NotificationWebhook,
    Plan,
    PlanImport,
    PurgeRecord,
    QuarterlyUpdate,
    ReminderLog,
    ReportingPeriod,
    Section,
    UpdateAttachment,
    UpdateEvent,
)
from .services.archive import (
    goal_archive,
    goal_unarchive,
    plan_archive,
    plan_purge,
    plan_purge_summary,
    plan_unarchive,
    purge_lines,
)
from .services.notifications import deliveries_resend


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 1


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "active", "order", "goal_count"]
    list_editable = ["active", "order"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "short_name", "code", "aliases__alias"]
    inlines = [DepartmentAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("assignments"))

    @admin.display(description=_("goals"), ordering="goal_count")
    def goal_count(self, obj):
        return obj.goal_count


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "user", "order"]
    search_fields = ["name", "position", "user__username"]
    autocomplete_fields = ["user"]


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "number", "title", "parent"]
    extra = 0
    show_change_link = True
    autocomplete_fields = ["parent"]


class _NoDelete:
    """
    Reported data is archived, never deleted, in the admin: the delete
    button and the "delete selected" action go (the action needs this
    permission). A plan is removed only by a purge, which is recorded.
    """

    def has_delete_permission(self, request, obj=None):
        return False


class GoalInline(_NoDelete, admin.TabularInline):
    """Listed on the plan's page; edited on the goal's own page, where its version is checked."""

    model = Goal
    fields = ["code", "title", "section", "deadline_text", "archived"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, service, done_message, **kwargs):
    """Call an archive service on each selected object; log and count what it changed."""
    changed = 0
    for obj in queryset:
        try:
            if service(obj, user=request.user, **kwargs):
                modeladmin.log_change(request, obj, str(done_message))
                changed += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
    modeladmin.message_user(
        request,
        ngettext("%(count)d %(name)s changed.", "%(count)d %(name)s changed.", changed)
        % {"count": changed, "name": queryset.model._meta.verbose_name_plural},
        messages.SUCCESS,
    )


@admin.register(Plan)
class PlanAdmin(_NoDelete, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "title", "state", "goal_count", "updated_at"]
    list_filter = ["state", "year"]
    search_fields = ["title"]
    inlines = [SectionInline, GoalInline]
    actions = ["archive", "unarchive", "purge"]
    history_list_display = ["state", "version"]
    # Kept verbatim, so that every goal can be traced to the words it came from.
    readonly_fields = ["source_text"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("goals"))

    @admin.display(description=_("goals"), ordering="goal_count")
    def goal_count(self, obj):
        return obj.goal_count

    @admin.action(description=_("Archive the selected plans"))
    def archive(self, request, queryset):
        _run(self, request, queryset, plan_archive, _("Archived."))

    @admin.action(description=_("Restore the selected archived plans"))
    def unarchive(self, request, queryset):
        _run(self, request, queryset, plan_unarchive, _("Restored from the archive."))

    def has_purge_permission(self, request):
        return rules.can_purge_plans(request.user)

    @admin.action(
        description=_("Purge the selected archived plans for good"), permissions=["purge"]
    )
    def purge(self, request, queryset):
        """
        A confirmation page with what would go, then the purge with a reason.
        Administrators only; every purge leaves a PurgeRecord.
        """
        if not self.has_purge_permission(request):
            raise PermissionDenied
        not_archived = [p for p in queryset if p.state != PlanState.ARCHIVED]
        if not_archived:
            self.message_user(
                request,
                gettext("Only archived plans can be purged: %(plans)s is not archived.")
                % {"plans": "、".join(str(p) for p in not_archived)},
                messages.ERROR,
            )
            return None
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") == "yes" and reason:
            for plan in queryset:
                record = plan_purge(plan, user=request.user, reason=reason)
                self.message_user(
                    request,
                    gettext("%(plan)s was purged; the purge is recorded.")
                    % {"plan": f"{record.plan_year} {record.plan_title}"},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/targets/plan/purge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Purge plans for good"),
                "opts": self.model._meta,
                "plans": [(plan, purge_lines(plan_purge_summary(plan))) for plan in queryset],
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "missing_reason": request.POST.get("confirm") == "yes",
            },
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent", "order"]
    list_filter = ["plan"]
    search_fields = ["number", "title", "plan__title"]
    autocomplete_fields = ["parent", "leaders"]
    list_select_related = ["plan", "parent"]


def _reported(goal) -> bool:
    """True once anything was reported on the goal: its owners and indicators then stay."""
    return goal is not None and goal.updates.exists()


class GoalDepartmentInline(admin.TabularInline):
    model = GoalDepartment
    fields = ["department", "role", "order"]
    extra = 0
    autocomplete_fields = ["department"]

    def has_delete_permission(self, request, obj=None):
        # Before anything is reported, an owner typed wrongly can be removed.
        return not _reported(obj) and super().has_delete_permission(request, obj)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = [
        "order",
        "name",
        "comparator",
        "target_value",
        "target_value_max",
        "unit",
        "baseline",
        "phrase",
    ]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return not _reported(obj) and super().has_delete_permission(request, obj)


class QuarterlyUpdateInline(_NoDelete, admin.TabularInline):
    """Listed on the goal's page; edited on the update's own page, where its version is checked."""

    model = QuarterlyUpdate
    fields = ["year", "quarter", "status", "percent_complete", "submitted_by", "submitted_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Goal)
class GoalAdmin(_NoDelete, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "plan", "section", "lead_names", "deadline_text", "archived"]
    list_filter = ["plan", "archived", "assignments__role", "assignments__department"]
    search_fields = ["code", "title", "text"]
    autocomplete_fields = ["section", "leaders"]
    inlines = [GoalDepartmentInline, IndicatorInline, QuarterlyUpdateInline]
    list_select_related = ["plan", "section"]
    # Not "archived": the history list prints a field's raw value (False), and the
    # changes column already says when a goal was archived or restored.
    history_list_display = ["title", "version"]
    actions = ["archive", "unarchive"]
    # Archiving goes through the actions, so it is recorded as such.
    readonly_fields = ["archived"]

    @admin.action(description=_("Archive the selected goals"))
    def archive(self, request, queryset):
        _run(self, request, queryset, goal_archive, _("Archived."))

    @admin.action(description=_("Restore the selected archived goals"))
    def unarchive(self, request, queryset):
        _run(self, request, queryset, goal_unarchive, _("Restored from the archive."))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments__department")

    @admin.display(description=_("lead departments"))
    def lead_names(self, obj):
        return "、".join(str(a.department) for a in obj.assignments.all() if a.role == "lead")


@admin.register(Indicator)
class IndicatorAdmin(_NoDelete, SimpleHistoryAdmin):
    """
    Listed and searched here; changed on the goal's page, where the goal's
    version guards its indicators against two people saving at once.
    """

    list_display = ["name", "goal", "comparator", "target_value", "target_value_max", "unit"]
    list_filter = ["comparator", "unit", "goal__plan"]
    search_fields = ["name", "phrase", "goal__code", "goal__title"]
    autocomplete_fields = ["goal"]
    list_select_related = ["goal"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IndicatorActualInline(_NoDelete, admin.TabularInline):
    model = IndicatorActual
    fields = ["indicator", "value"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the indicators of the update's own goal make sense here.
        if db_field.name == "indicator" and getattr(request, "_update_goal_id", None):
            kwargs["queryset"] = Indicator.objects.filter(goal_id=request._update_goal_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(QuarterlyUpdate)
class QuarterlyUpdateAdmin(_NoDelete, VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "goal",
        "year",
        "quarter",
        "status",
        "percent_complete",
        "submitted_by",
        "submitted_at",
    ]
    list_filter = ["year", "quarter", "status", "goal__plan"]
    search_fields = ["goal__code", "goal__title", "progress", "problems"]
    autocomplete_fields = ["goal", "submitted_by"]
    list_select_related = ["goal", "submitted_by"]
    inlines = [IndicatorActualInline]
    date_hierarchy = "submitted_at"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._update_goal_id = obj.goal_id
        return obj


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    """Imports are made and confirmed on their own pages; the admin lists and audits them."""

    list_display = ["source_name", "state", "plan", "created_by", "created_at", "applied_at"]
    list_filter = ["state"]
    search_fields = ["source_name"]
    readonly_fields = [f.name for f in PlanImport._meta.fields]
    list_select_related = ["plan", "created_by"]

    def has_add_permission(self, request):
        return False


# -- Comments and evidence (targets/services/discussion.py) --------------------------------
# Both are records: the admin lists them and may remove one (a comment with personal
# data, a file attached by mistake) but never writes or edits them.


class _RecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GoalComment)
class GoalCommentAdmin(_RecordAdmin):
    list_display = ["goal", "author", "created_at", "text"]
    list_filter = ["goal__plan"]
    search_fields = ["text", "goal__code", "goal__title", "author__username"]
    list_select_related = ["goal", "author"]
    date_hierarchy = "created_at"


@admin.register(UpdateAttachment)
class UpdateAttachmentAdmin(_RecordAdmin):
    """The file itself opens through "view on site", which checks who may see it."""

    list_display = ["original_name", "update", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type", "update__goal__plan"]
    search_fields = ["original_name", "update__goal__code", "update__goal__title"]
    list_select_related = ["update__goal", "uploaded_by"]
    exclude = ["file"]
    date_hierarchy = "uploaded_at"

    def delete_model(self, request, obj):
        self.delete_queryset(request, UpdateAttachment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # The files go once the rows are gone for good.
        with transaction.atomic():
            files = [(a.file.storage, a.file.name) for a in queryset if a.file.name]
            queryset.delete()
            for storage, name in files:
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))


# -- Reminders (chasing) --------------------------------------------------------------------


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Reminders are written by the send_reminders command and button; the admin audits them."""

    list_display = ["sent_on", "department", "goal", "year", "quarter", "recipients", "sent_at"]
    list_filter = ["year", "quarter", "sent_on"]
    search_fields = ["goal__code", "goal__title", "department__name", "recipients"]
    list_select_related = ["department", "goal"]
    date_hierarchy = "sent_on"
    readonly_fields = [f.name for f in ReminderLog._meta.fields]

    def has_add_permission(self, request):
        return False


# -- Reporting periods, milestones and the review trail (targets/services/reporting.py) -----
# Periods are created when first needed and run from /periods/, where every change is
# recorded in this admin's log; milestones are set by the lead departments; events are
# the review trail and are never edited.


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["plan", "year", "quarter", "due_date", "state", "closed_by", "closed_at"]
    list_filter = ["state", "year", "plan"]
    search_fields = ["plan__title"]
    list_select_related = ["plan", "closed_by"]
    autocomplete_fields = ["closed_by"]


@admin.register(GoalMilestone)
class GoalMilestoneAdmin(admin.ModelAdmin):
    list_display = ["goal", "quarter", "expected_percent", "note"]
    list_filter = ["quarter", "goal__plan"]
    search_fields = ["goal__code", "goal__title", "note"]
    list_select_related = ["goal"]
    autocomplete_fields = ["goal"]


@admin.register(UpdateEvent)
class UpdateEventAdmin(admin.ModelAdmin):
    """The review trail: listed and searched, never written by hand."""

    list_display = ["update", "action", "actor", "at", "comment"]
    list_filter = ["action", "update__year", "update__quarter"]
    search_fields = ["update__goal__code", "update__goal__title", "comment", "actor__username"]
    list_select_related = ["update__goal", "actor"]
    date_hierarchy = "at"
    readonly_fields = ["update", "action", "actor", "at", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# -- Purges (targets/services/archive.py) ---------------------------------------------------------


@admin.register(PurgeRecord)
class PurgeRecordAdmin(_NoDelete, admin.ModelAdmin):
    """The record of every purge: listed and read, never written, changed or removed by hand."""

    list_display = ["performed_at", "plan_year", "plan_title", "performed_by_name", "reason"]
    list_filter = ["plan_year"]
    search_fields = ["plan_title", "performed_by_name", "reason"]
    readonly_fields = [f.name for f in PurgeRecord._meta.fields]
    date_hierarchy = "performed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# -- Notifications: group robots, the outbox, preferences (targets/services/notifications.py) -
# Robots are configured here (they hold secrets); the outbox is written by the services that
# cause events and sent by ``send_notifications``: here its failures are seen and resent.


@admin.register(NotificationWebhook)
class NotificationWebhookAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "platform", "address_shown", "active", "window_count"]
    list_filter = ["platform", "active"]
    search_fields = ["name", "department__name", "department__short_name"]
    list_select_related = ["department"]
    fields = ["department", "name", "platform", "base_url", "token", "secret", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request) & NotificationWebhook.objects.visible_to(request.user)

    @admin.display(description=_("address"))
    def address_shown(self, obj):
        return obj.address


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what is retried and what was given up, with the answers."""

    list_display = [
        "created_at",
        "channel",
        "kind",
        "target",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "answer",
    ]
    list_filter = ["state", "channel", "kind", "webhook__platform"]
    search_fields = [
        "last_response",
        "webhook__department__name",
        "notification__recipient__username",
    ]
    list_select_related = ["webhook__department", "notification__recipient"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    date_hierarchy = "created_at"
    actions = ["resend"]

    def get_queryset(self, request):
        return super().get_queryset(request) & Delivery.objects.visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("to"))
    def target(self, obj):
        if obj.webhook_id:
            return str(obj.webhook)
        return obj.notification.recipient if obj.notification_id else ""

    @admin.display(description=_("last answer"))
    def answer(self, obj):
        return obj.last_response[:120]

    @admin.action(description=_("Send the selected failed messages again"))
    def resend(self, request, queryset):
        try:
            count = deliveries_resend(queryset, user=request.user)
        except PermissionDenied as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(_RecordAdmin):
    list_display = ["created_at", "recipient", "kind", "link", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "link"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Departments' defaults (which events their staff get by e-mail, their robot posts)."""

    list_display = ["__str__", "department", "user", "kind", "channel", "enabled"]
    list_filter = ["channel", "kind", "enabled"]
    search_fields = ["department__name", "user__username"]
    list_select_related = ["department", "user"]
