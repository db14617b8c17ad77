from django.urls import path

from .views import (
    bulletin,
    dashboard,
    departments,
    discussion,
    exports,
    goals,
    imports,
    leaders,
    periods,
    review,
    supervision,
    update_files,
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
    path("goals/<int:pk>/", goals.GoalDetailView.as_view(), name="goal_detail"),
    path("goals/<int:pk>/report/", goals.quarterly_update_edit, name="quarterly_update_edit"),
    # The supervision cycle: periods, milestones, review
    path("periods/", periods.period_list, name="period_list"),
    path("periods/<int:pk>/", periods.period_edit, name="period_edit"),
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
    path("supervision/missing/", supervision.missing_list, name="missing_list"),
    # Leaders and the bulletin
    path("leaders/me/", leaders.leader_goals, name="my_goals"),
    path("leaders/<int:pk>/", leaders.leader_goals, name="leader_goals"),
    path("exports/bulletin/", bulletin.bulletin_export, name="bulletin_export"),
    # Excel exports
    path("exports/plan/", exports.plan_export, name="plan_export"),
    # The quarterly round trip in Excel
    path(
        "departments/<int:pk>/update-template/",
        update_files.update_template_download,
        name="update_template",
    ),
    path("updates/upload/", update_files.update_upload, name="update_upload"),
    # Plan imports
    path("imports/", imports.plan_import_list, name="plan_import_list"),
    path("imports/new/", imports.plan_import_new, name="plan_import_new"),
    path("imports/<int:pk>/", imports.plan_import_detail, name="plan_import_detail"),
    path(
        "imports/<int:pk>/goals/<int:index>/",
        imports.plan_import_goal_edit,
        name="plan_import_goal_edit",
    ),
    path(
        "imports/<int:pk>/goals/<int:index>/<str:action>/",
        imports.plan_import_goal_action,
        name="plan_import_goal_action",
    ),
    path("imports/<int:pk>/plan/", imports.plan_import_plan_edit, name="plan_import_plan_edit"),
    path("imports/<int:pk>/confirm/", imports.plan_import_confirm_view, name="plan_import_confirm"),
    path("imports/<int:pk>/discard/", imports.plan_import_discard_view, name="plan_import_discard"),
]
