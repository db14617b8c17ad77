"""
A leader's own page (我的任务): the goals the leader is responsible for, with
their state, progress and this quarter's update, in the dashboard's table.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from targets.models import Goal, Leader
from targets.selectors.goals import goals_tally, leader_goals, plan_goals

from .dashboard import GoalListView


class LeaderGoalsView(GoalListView):
    """
    ``/leaders/me/``: the signed-in leader's goals; ``/leaders/<pk>/``: any
    leader's, for supervisors, admins and leaders. A leader is responsible for
    the goals that name them, and for the goals naming no leader under a
    section that does (``selectors.goals.leader_goals``).

    Leaders are outside what department staff see, so both addresses are a
    404 for them. ``/leaders/me/`` for an account not linked to a leader
    shows the leaders to choose from instead. The list, its filter and its
    download are the plan-wide goal list's.
    """

    template_name = "targets/leader_goals.html"

    def dispatch(self, request, *args, **kwargs):
        leaders = Leader.objects.visible_to(request.user)
        if "pk" in kwargs:
            self.leader = get_object_or_404(leaders, pk=kwargs["pk"])
        else:
            self.leader = leaders.filter(user=request.user).first()
            if self.leader is None and not leaders.exists():
                raise Http404(_("No leader's page is open to you."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if self.plan is None or self.leader is None:
            return Goal.objects.none()
        # Built once (it reads the sections' leaders): the filter, the table
        # and the tally each narrow it.
        if not hasattr(self, "goals"):
            self.goals = plan_goals(
                self.plan,
                self.period,
                leader_goals(self.leader, self.plan, Goal.objects.visible_to(self.request.user)),
            )
        return self.goals

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["leader"] = self.leader
        context["is_me"] = self.leader is not None and self.leader.user_id == self.request.user.pk
        context["tally"] = (
            goals_tally(self.get_queryset()) if self.leader is not None and self.plan else None
        )
        context["leaders"] = list(Leader.objects.visible_to(self.request.user))
        return context

    def get_export_heading(self, context):
        name = str(self.leader) if self.leader else _("Leader")
        if self.plan is None:
            return name
        return _("%(leader)s: goals, %(period)s") % {
            "leader": name,
            "period": self.period.formal_label,
        }

    def get_export_sheet_title(self, context):
        return str(self.leader) if self.leader else _("Leader")
