"""A goal's page: the task, its owners and targets, and the parts in goal_*.py."""

from django.db.models import Prefetch
from django.views.generic import DetailView

from targets import rules
from targets.choices import OwnerRole
from targets.models import Goal, GoalDepartment
from targets.selectors.plans import default_quarter, reportable_quarters
from targets.selectors.updates import goal_updates

from .discussion import goal_discussion_context
from .goal_charts import goal_charts_context
from .goal_timeline import goal_timeline_context
from .year_end import goal_year_end_context


class GoalDetailView(DetailView):
    """The task as written, its owners and indicators, and its quarter-by-quarter timeline."""

    template_name = "targets/goal_detail.html"
    context_object_name = "goal"

    def get_queryset(self):
        return (
            Goal.objects.visible_to(self.request.user)
            .select_related(
                "plan",
                "section__parent",
                "outcome__confirmed_by",
                "carried_from__source__plan",
                "carried_into__goal__plan",
            )
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=GoalDepartment.objects.select_related("department"),
                ),
                "leaders",
                "indicators",
                "milestones",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = self.object
        user = self.request.user
        latest_actual = {}
        for update in reversed(goal_updates(goal)):  # oldest first, so the newest value wins
            for actual in update.actuals.all():
                latest_actual[actual.indicator_id] = (actual, update)
        assignments = list(goal.assignments.all())
        reportable = rules.can_report_on(user, goal)
        # The report button opens the period that takes reports now, not the calendar's.
        report_period = default_quarter(goal.plan) if reportable else None
        if report_period not in reportable_quarters(goal.plan):
            report_period = None
        context.update(
            leads=[a.department for a in assignments if a.role == OwnerRole.LEAD],
            # Links only to pages the user may open: staff see a co-lead's name, no link.
            openable={
                a.department_id
                for a in assignments
                if rules.can_open_department(user, a.department)
            },
            supports=[a.department for a in assignments if a.role == OwnerRole.SUPPORT],
            indicators=[(i, latest_actual.get(i.pk)) for i in goal.indicators.all()],
            reportable=reportable,
            report_period=report_period,
        )
        # Each part of the page brings its own context (see the includes in
        # templates/targets/goal_detail.html).
        context.update(goal_timeline_context(goal, user))
        context.update(goal_discussion_context(goal, user))
        context.update(goal_charts_context(goal, user))
        context.update(goal_year_end_context(goal, user))
        return context


def goal_page_after_refused_review(request, refused):
    """
    The goal's page shown again in answer to a review it refused (a POST to
    the review URL): the reasons and the comment typed on the update's card,
    as the reviewer left it, the update read afresh.
    """
    view = GoalDetailView()
    view.setup(request, pk=refused.update.goal_id)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    for entry in context["timeline_entries"]:
        if entry.update.pk == refused.update.pk:
            entry.card.errors = refused.errors
            entry.card.changes = refused.changes
            entry.card.comment = refused.comment
    # The page's own address, for the language switch (this response answers a POST).
    context["page_path"] = view.object.get_absolute_url()
    return view.render_to_response(context)
