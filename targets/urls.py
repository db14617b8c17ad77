from django.urls import path

from .views import (
    account_imports,
    assessment,
    assessment_actions,
    bulletin,
    chasing,
    claims,
    dashboard,
    departments,
    discussion,
    exports,
    goals,
    leaders,
    notifications,
    periods,
    plan_imports,
    reorganisations,
    review,
    setup,
    update_sheets,
    updates,
    year_end,
)

app_name = "targets"

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    # The inbox (通知): the bell's page, marking read, one's own settings
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path(
        "notifications/settings/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
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
    # Setting up: the checklist, departments and accounts from a workbook
    path("setup/", setup.setup, name="setup"),
    path("account-imports/", account_imports.account_import_list, name="account_import_list"),
    path("account-imports/new/", account_imports.account_import_new, name="account_import_new"),
    path(
        "account-imports/template/",
        account_imports.account_import_template,
        name="account_import_template",
    ),
    path(
        "account-imports/<int:pk>/",
        account_imports.account_import_detail,
        name="account_import_detail",
    ),
    path(
        "account-imports/<int:pk>/confirm/",
        account_imports.account_import_confirm_view,
        name="account_import_confirm",
    ),
    path(
        "account-imports/<int:pk>/passwords/",
        account_imports.account_import_passwords,
        name="account_import_passwords",
    ),
    path(
        "account-imports/<int:pk>/discard/",
        account_imports.account_import_discard_view,
        name="account_import_discard",
    ),
    # The year's end: final results, closing, carrying goals on
    path("year-end/", year_end.year_end, name="year_end"),
    path("goals/<int:pk>/outcome/", year_end.goal_outcome_edit, name="goal_outcome"),
    path("year-end/<int:pk>/close/", year_end.year_close_confirm, name="year_close"),
    path("year-end/<int:pk>/reopen/", year_end.year_reopen_confirm, name="year_reopen"),
    path("year-end/<int:pk>/carry/", year_end.goals_carry_view, name="goals_carry"),
    # Next year's report against this year's promises
    path("claims/", claims.claim_check_list, name="claim_check_list"),
    path("claims/<int:pk>/", claims.claim_check_detail, name="claim_check_detail"),
    path("claims/<int:pk>/claims/<int:claim_pk>/", claims.claim_match, name="claim_match"),
    path("claims/<int:pk>/export/", claims.claim_check_export, name="claim_check_export"),
    # The assessment (考核)
    path("assessment/", assessment.assessment_ranking, name="assessment_ranking"),
    path(
        "assessment/departments/<int:pk>/",
        assessment.assessment_department,
        name="assessment_department",
    ),
    path("assessment/scheme/", assessment.assessment_scheme, name="assessment_scheme"),
    path("assessment/publish/", assessment.assessment_publish_view, name="assessment_publish"),
    path("assessment/withdraw/", assessment.assessment_withdraw_view, name="assessment_withdraw"),
    path(
        "assessment/adjustments/",
        assessment_actions.assessment_adjustment_create,
        name="assessment_adjustment_create",
    ),
    path(
        "assessment/adjustments/<int:pk>/withdraw/",
        assessment_actions.assessment_adjustment_withdraw_view,
        name="assessment_adjustment_withdraw",
    ),
    path(
        "assessment/adjustments/<int:pk>/evidence/",
        assessment_actions.assessment_evidence,
        name="assessment_evidence",
    ),
    path(
        "assessment/objections/",
        assessment_actions.assessment_objection_create,
        name="assessment_objection_create",
    ),
    path(
        "assessment/objections/<int:pk>/answer/",
        assessment_actions.assessment_objection_answer_view,
        name="assessment_objection_answer",
    ),
    path("exports/assessment/", assessment.assessment_export, name="assessment_export"),
    path(
        "exports/assessment/notice/",
        assessment.assessment_notice_export,
        name="assessment_notice",
    ),
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
