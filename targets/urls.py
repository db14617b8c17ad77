from django.urls import path

from .views import dashboard, departments, goals

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
]
