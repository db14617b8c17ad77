"""A goal's page: the task, its owners and targets, and the parts in goal_*.py."""

import re

from django.http import Http404
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from targets import rules
from targets.choices import OwnerRole
from targets.models import Goal
from targets.rules import goal_page_rights
from targets.selectors import page_cache
from targets.selectors.goals import goal_frame, goal_page_goal
from targets.selectors.periods import plan_periods
from targets.selectors.plans import default_quarter, reportable_quarters
from targets.selectors.updates import goal_updates

from . import conditional
from .discussion import goal_discussion_context
from .goal_charts import goal_charts_context
from .goal_timeline import goal_timeline_context
from .year_end import goal_year_end_context

# Stands for the CSRF token in a goal page kept in the cache: each request puts its own in.
CSRF_PLACEHOLDER = "csrf-token-of-this-request-4c1d"
# An uploader's own delete button in a kept page, the uploader's id in the opening mark
# (templates/targets/goal/_update_attachments.html). Users' text is escaped, so no name
# or comment can forge the mark.
OWN_BUTTON = re.compile(r"<!--own:(\d+)-->(.*?)<!--/own-->", re.S)
# A goal the user may not see, as get_object_or_404 says it; the 404 page shows its own words.
NOT_FOUND = f"No {Goal._meta.object_name} matches the given query."


def own_buttons(html: str, user_id) -> str:
    """The kept page with this user's own delete buttons, and nobody else's."""
    if "<!--own:" not in html:
        return html
    mine = str(user_id)
    return OWN_BUTTON.sub(lambda m: m[2] if m[1] == mine else "", html)


class GoalDetailView(DetailView):
    """
    The task as written, its owners and indicators, and its quarter-by-quarter
    timeline. The page's content is rendered once per goal fingerprint and
    scope (``page_cache``) and reused until the goal's data changes; what
    differs between users of one scope (the CSRF token, an uploader's own
    delete buttons) is filled in per request (``page_context``).
    """

    template_name = "targets/goal_detail.html"
    context_object_name = "goal"
    # Which of the goal's tables have rows, by the fingerprint the page is kept under
    # (``page_cache.goal_fingerprint_rows``): an empty part is not read. None: not
    # known (a page shown in answer to a refused review), every part is read.
    parts = None

    def get(self, request, *args, **kwargs):
        pk = kwargs["pk"]
        # Visible to the user, or a 404 before anything is answered; with its fingerprint.
        frame = goal_frame(request.user, pk)
        if frame is None:
            raise Http404(NOT_FOUND)
        self.parts = frame.page_parts
        key = page_cache.page_key("goal", frame.fingerprint, request.user, pk)
        etag = conditional.page_etag(request, key)
        if unchanged := conditional.not_modified(request, etag):
            return unchanged
        html = page_cache.kept(key)
        if html is None:
            # Read again with everything the page shows (``goal_page_goal``).
            self.object = self.get_object()
            html = self.render_page(self.get_context_data(object=self.object))
            page_cache.keep(key, html)
        else:
            self.object = frame
        return conditional.with_etag(self.render_to_response(self.page_context(html)), etag)

    def render_page(self, context) -> str:
        """The page's content, a placeholder where its forms' CSRF token goes (``page_context``)."""
        return str(
            render_to_string(
                "targets/goal/_page.html", {**context, "csrf_token": CSRF_PLACEHOLDER}, self.request
            )
        )

    def page_context(self, html: str, **context) -> dict:
        """
        The frame's context: the goal, and its content with this request's CSRF
        token and this user's own delete buttons.
        """
        token = get_token(self.request)
        page = mark_safe(own_buttons(html, self.request.user.pk).replace(CSRF_PLACEHOLDER, token))
        return {**context, "goal": self.object, "goal_page": page}

    def get_object(self, queryset=None):
        """The goal with everything its page shows, if the user may see it; else a 404."""
        goal = goal_page_goal(self.request.user, self.kwargs["pk"], self.parts)
        if goal is None:
            raise Http404(NOT_FOUND)
        return goal

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = self.object
        user = self.request.user
        updates = goal_updates(goal, self.parts)
        # The plan's periods, once: the closed ones for the timeline and the rights,
        # those of the plan's year for the period the report button opens.
        closed, this_year = plan_periods(goal.plan)
        rights = goal_page_rights(goal, user, updates, closed)
        latest_actual = {}
        for update in reversed(updates):  # oldest first, so the newest value wins
            for actual in update.actuals.all():
                latest_actual[actual.indicator_id] = (actual, update)
        assignments = list(goal.assignments.all())
        reportable = rights["reportable"]
        # The report button opens the period that takes reports now, not the calendar's.
        report_period = default_quarter(goal.plan, this_year) if reportable else None
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
        context.update(goal_timeline_context(goal, user, reportable=reportable, closed=closed))
        context.update(
            goal_discussion_context(
                goal,
                user,
                may_comment=rights["commentable"],
                attachable=rights["attachable"],
                has_comments=self.parts is None or "comments" in self.parts,
            )
        )
        context.update(goal_charts_context(goal, user, self.parts))
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
    return view.render_to_response(view.page_context(view.render_page(context), **context))
