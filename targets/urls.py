from django.urls import path

from .views import (
    bulletin,
    chasing,
    dashboard,
    departments,
    discussion,
    exports,
    goals,
    leaders,
    periods,
    plan_imports,
    reorganisations,
    review,
    update_sheets,
    updates,
)

app_name = "targets"

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("goals/", dashboard.GoalListView.as_view(), name="goal_list"),
    path(
        "departments/<int:pk>/",
        departments.DepartmentDetailView.as_view(),
        name="department_detail",
    ),
    # Reorganisations (机构改革): administrators rename, merge and split departments
    path(
        "departments/reorganisations/",
        reorganisations.reorganisation_list,
        name="reorganisation_list",
    ),
    path(
        "departments/reorganisations/<int:pk>/",
        reorganisations.reorganisation_detail,
        name="reorganisation_detail",
    ),
    path(
        "departments/reorganisations/rename/",
        reorganisations.reorganisation_rename,
        name="reorganisation_rename",
    ),
    path(
        "departments/reorganisations/merge/",
        reorganisations.reorganisation_merge,
        name="reorganisation_merge",
    ),
    path(
        "departments/reorganisations/split/",
        reorganisations.reorganisation_split,
        name="reorganisation_split",
    ),
    path("goals/<int:pk>/", goals.GoalDetailView.as_view(), name="goal_detail"),
    path("goals/<int:pk>/report/", updates.quarterly_update_edit, name="quarterly_update_edit"),
    # The supervision cycle: periods, milestones, review
    path("periods/", periods.period_list, name="period_list"),
    path("periods/<int:pk>/", periods.period_edit, name="period_edit"),
    path("periods/<int:pk>/close/", periods.period_close_confirm, name="period_close"),
    path("periods/<int:pk>/reopen/", periods.period_reopen_confirm, name="period_reopen"),
    path("goals/<int:pk>/milestones/", periods.goal_milestones, name="goal_milestones"),
    path("reviews/", review.review_list, name="review_list"),
    path(
        "updates/<int:pk>/review/", review.quarterly_update_review, name="quarterly_update_review"
    ),
    # Comments and evidence
    path("goals/<int:pk>/comments/", discussion.goal_comment_create, name="goal_comment_create"),
    path("updates/<int:pk>/attachments/", discussion.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", discussion.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", discussion.attachment_delete, name="attachment_delete"),
    # Chasing
    path("supervision/missing/", chasing.chasing_list, name="chasing_list"),
    # Leaders and the bulletin
    path("leaders/me/", leaders.LeaderGoalsView.as_view(), name="my_goals"),
    path("leaders/<int:pk>/", leaders.LeaderGoalsView.as_view(), name="leader_goals"),
    path("exports/bulletin/", bulletin.bulletin_export, name="bulletin_export"),
    # Excel exports
    path("exports/plan/", exports.plan_export, name="plan_export"),
    # The quarterly round trip in Excel (update sheets)
    path(
        "departments/<int:pk>/update-template/",
        update_sheets.update_sheet_download,
        name="update_sheet_download",
    ),
    path("updates/upload/", update_sheets.update_sheet_upload, name="update_sheet_upload"),
    # Plan imports
    path("imports/", plan_imports.plan_import_list, name="plan_import_list"),
    path("imports/new/", plan_imports.plan_import_new, name="plan_import_new"),
    path("imports/<int:pk>/", plan_imports.plan_import_detail, name="plan_import_detail"),
    path(
        "imports/<int:pk>/goals/<int:index>/",
        plan_imports.plan_import_goal_edit,
        name="plan_import_goal_edit",
    ),
    path(
        "imports/<int:pk>/goals/<int:index>/<str:action>/",
        plan_imports.plan_import_goal_action,
        name="plan_import_goal_action",
    ),
    path(
        "imports/<int:pk>/plan/", plan_imports.plan_import_plan_edit, name="plan_import_plan_edit"
    ),
    path("imports/<int:pk>/owners/", plan_imports.plan_import_owners, name="plan_import_owners"),
    path(
        "imports/<int:pk>/confirm/",
        plan_imports.plan_import_confirm_view,
        name="plan_import_confirm",
    ),
    path(
        "imports/<int:pk>/discard/",
        plan_imports.plan_import_discard_view,
        name="plan_import_discard",
    ),
]
