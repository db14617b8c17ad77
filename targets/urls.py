from django.urls import path

from .views import dashboard, departments, exports, goals, imports, update_files

app_name = "targets"

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path(
        "departments/<int:pk>/",
        departments.DepartmentDetailView.as_view(),
        name="department_detail",
    ),
    path("goals/<int:pk>/", goals.GoalDetailView.as_view(), name="goal_detail"),
    path("goals/<int:pk>/report/", goals.quarterly_update_edit, name="quarterly_update_edit"),
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
