"""
The Django admin for every model, for administrators who fix data by hand:
plans with their sections and goals, goals with owners, indicators and
updates, and the change history of what people edit.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Department,
    DepartmentAlias,
    Goal,
    GoalDepartment,
    Indicator,
    IndicatorActual,
    Leader,
    Plan,
    PlanImport,
    QuarterlyUpdate,
    Section,
)


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


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ["code", "title", "section", "deadline_text", "archived"]
    extra = 0
    show_change_link = True
    autocomplete_fields = ["section"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "state", "goal_count", "updated_at"]
    list_filter = ["state", "year"]
    search_fields = ["title"]
    inlines = [SectionInline, GoalInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("goals"))

    @admin.display(description=_("goals"), ordering="goal_count")
    def goal_count(self, obj):
        return obj.goal_count


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent", "order"]
    list_filter = ["plan"]
    search_fields = ["number", "title", "plan__title"]
    autocomplete_fields = ["parent", "leaders"]
    list_select_related = ["plan", "parent"]


class GoalDepartmentInline(admin.TabularInline):
    model = GoalDepartment
    fields = ["department", "role", "order"]
    extra = 0
    autocomplete_fields = ["department"]


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


class QuarterlyUpdateInline(admin.TabularInline):
    model = QuarterlyUpdate
    fields = ["year", "quarter", "status", "percent_complete", "submitted_by", "submitted_at"]
    readonly_fields = ["submitted_by", "submitted_at"]
    extra = 0
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "plan", "section", "lead_names", "deadline_text", "archived"]
    list_filter = ["plan", "archived", "assignments__role", "assignments__department"]
    search_fields = ["code", "title", "text"]
    autocomplete_fields = ["section", "leaders"]
    inlines = [GoalDepartmentInline, IndicatorInline, QuarterlyUpdateInline]
    list_select_related = ["plan", "section"]
    history_list_display = ["title", "archived"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments__department")

    @admin.display(description=_("lead departments"))
    def lead_names(self, obj):
        return "、".join(str(a.department) for a in obj.assignments.all() if a.role == "lead")


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "goal", "comparator", "target_value", "target_value_max", "unit"]
    list_filter = ["comparator", "unit", "goal__plan"]
    search_fields = ["name", "phrase", "goal__code", "goal__title"]
    autocomplete_fields = ["goal"]
    list_select_related = ["goal"]


class IndicatorActualInline(admin.TabularInline):
    model = IndicatorActual
    fields = ["indicator", "value"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the indicators of the update's own goal make sense here.
        if db_field.name == "indicator" and getattr(request, "_update_goal_id", None):
            kwargs["queryset"] = Indicator.objects.filter(goal_id=request._update_goal_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(QuarterlyUpdate)
class QuarterlyUpdateAdmin(SimpleHistoryAdmin):
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

from django.db import transaction  # noqa: E402

from .models import GoalComment, UpdateAttachment  # noqa: E402


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

from .models import ReminderLog  # noqa: E402  (appended section; see the module's imports)


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

from .models import GoalMilestone, ReportingPeriod, UpdateEvent  # noqa: E402


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
