"""
Importing a plan in the browser: upload or paste, preview the draft with
every target highlighted in its sentence, correct it, confirm. The draft is
kept in the database (``PlanImport``), so a reload or another app server
finds it as it was.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from targets import rules
from targets.choices import ImportState
from targets.forms.plan_imports import (
    DraftGoalForm,
    DraftIndicatorFormSet,
    DraftPlanForm,
    PlanImportForm,
    indicator_initial,
)
from targets.io import editing
from targets.io.draft import DraftError, PlanDraft
from targets.io.text import split_sentences
from targets.models import Department, PlanImport
from targets.selectors.departments import DepartmentDirectory
from targets.services.plan_imports import (
    StaleDraft,
    goal_codes,
    plan_import_confirm,
    plan_import_create,
    plan_import_discard,
    plan_import_save_draft,
)

STALE_MESSAGE = gettext_lazy(
    "The draft was changed in another window since you opened this page. "
    "Nothing was saved; here is the current draft."
)


def _pending_import(request, pk) -> PlanImport:
    rules.require(rules.can_import_plans, request.user)
    return get_object_or_404(PlanImport.objects.visible_to(request.user), pk=pk)


@require_safe
def plan_import_list(request):
    """Earlier imports, newest first, and the form for a new one."""
    rules.require(rules.can_import_plans, request.user)
    imports = PlanImport.objects.visible_to(request.user).select_related("created_by", "plan")
    return render(
        request,
        "targets/plan_import_list.html",
        {"imports": imports[:50], "form": PlanImportForm()},
    )


def plan_import_new(request):
    """Read an uploaded or pasted document into a draft and open its preview."""
    rules.require(rules.can_import_plans, request.user)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan_import = plan_import_create(
            form.cleaned_data["draft"],
            user=request.user,
            source_name=form.cleaned_data["source_name"],
        )
        return redirect(plan_import)
    return render(request, "targets/plan_import_new.html", {"form": form})


def _preview_context(plan_import: PlanImport) -> dict:
    """
    The draft flattened into rows for the template: each section at its depth,
    each goal with its code, its position (for edits) and the warnings of its line.
    """
    draft = PlanDraft.from_dict(plan_import.draft)
    goals = draft.all_goals()
    codes = {id(goal): code for goal, code, _ in goal_codes(draft)}
    index = {id(goal): i for i, goal in enumerate(goals)}
    warnings: dict[str, list] = {}
    for warning in draft.warnings:
        warnings.setdefault(warning.where, []).append(warning)

    rows = []

    def goal_rows(section_goals, depth):
        for goal in section_goals:
            rows.append(
                {
                    "kind": "goal",
                    "goal": goal,
                    "depth": depth,
                    "code": codes[id(goal)],
                    "index": index[id(goal)],
                    "warnings": _warnings_at(warnings, goal.line),
                    "sentences": len(split_sentences(goal.text)),
                    "last_in_section": goal is section_goals[-1],
                }
            )

    def section_rows(sections, depth):
        for section in sections:
            rows.append({"kind": "section", "section": section, "depth": depth})
            goal_rows(section.goals, depth + 1)
            section_rows(section.sections, depth + 1)

    goal_rows(draft.goals, 0)
    section_rows(draft.sections, 0)
    names = [n for g in goals for n in (*g.lead_departments, *g.co_departments)]
    return {
        "plan_import": plan_import,
        "draft": draft,
        "rows": rows,
        "other_warnings": [w for ws in warnings.values() for w in ws],
        "unknown_departments": DepartmentDirectory().unknown(names),
        "goal_count": len(goals),
        "target_count": sum(len(g.indicators) for g in goals),
        "pending": plan_import.state == ImportState.PENDING,
    }


def _warnings_at(warnings: dict[str, list], line: int | None) -> list:
    """Take the warnings about a goal's line ("line 12") or table row ("…, row 12")."""
    if line is None:
        return []
    found = warnings.pop(f"line {line}", [])
    for where in [w for w in warnings if w.endswith(f", row {line}")]:
        found.extend(warnings.pop(where))
    return found


@require_safe
def plan_import_detail(request, pk):
    """The draft as a tree, with targets highlighted and warnings beside their lines."""
    plan_import = _pending_import(request, pk)
    context = _preview_context(plan_import)
    context["plan_form"] = DraftPlanForm(
        initial={
            "version": plan_import.version,
            "title": context["draft"].title,
            "year": context["draft"].year,
        }
    )
    return render(request, "targets/plan_import_detail.html", context)


@require_POST
def plan_import_plan_edit(request, pk):
    """Set the draft's title and year."""
    plan_import = _pending_import(request, pk)
    form = DraftPlanForm(request.POST)
    if plan_import.state != ImportState.PENDING:
        return redirect(plan_import)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(plan_import)
    draft = PlanDraft.from_dict(plan_import.draft)
    draft.title, draft.year = form.cleaned_data["title"].strip(), form.cleaned_data["year"]
    if _save(request, plan_import, draft):
        messages.success(request, _("The title and year were saved."))
    return redirect(plan_import)


def plan_import_goal_edit(request, pk, index):
    """Correct one goal of the draft: text, owners, deadline and its targets."""
    plan_import = _pending_import(request, pk)
    if plan_import.state != ImportState.PENDING:
        return redirect(plan_import)
    draft = PlanDraft.from_dict(plan_import.draft)
    try:
        goal = editing.goal_at(draft, index)
    except DraftError:
        messages.error(request, _("That task is no longer in the draft."))
        return redirect(plan_import)

    if request.method == "POST":
        form = DraftGoalForm(request.POST)
        formset = DraftIndicatorFormSet(request.POST, prefix="indicators")
        if form.is_valid() and formset.is_valid():
            if form.cleaned_data["version"] != plan_import.version:
                messages.error(request, STALE_MESSAGE)
                return redirect(plan_import)
            edited = form.goal_draft(goal, formset)
            editing.replace_goal(draft, index, edited)
            if _save(request, plan_import, draft):
                messages.success(request, _("The task was corrected."))
            return redirect(f"{plan_import.get_absolute_url()}#goal-{index}")
    else:
        form = DraftGoalForm(initial=DraftGoalForm.initial_for(goal, plan_import.version))
        formset = DraftIndicatorFormSet(prefix="indicators", initial=indicator_initial(goal))
    return render(
        request,
        "targets/plan_import_goal_form.html",
        {
            "plan_import": plan_import,
            "goal": goal,
            "index": index,
            "form": form,
            "formset": formset,
            "departments": Department.objects.filter(active=True),
        },
    )


def _save(request, plan_import, draft) -> bool:
    """Store the corrected draft; a stale version is refused with a message."""
    try:
        plan_import_save_draft(
            plan_import, draft.to_dict(), version=int(request.POST.get("version", 0))
        )
    except StaleDraft:
        messages.error(request, STALE_MESSAGE)
        return False
    except (DraftError, ValueError):
        messages.error(request, _("The correction does not hold together; nothing was saved."))
        return False
    return True


@require_POST
def plan_import_goal_action(request, pk, index, action):
    """Split a goal into its sentences, merge it with the next one, or drop it from the draft."""
    plan_import = _pending_import(request, pk)
    if plan_import.state != ImportState.PENDING:
        return redirect(plan_import)
    draft = PlanDraft.from_dict(plan_import.draft)
    operations = {
        "split": (editing.split_goal, _("The task was split into its sentences.")),
        "merge": (editing.merge_with_next, _("The task was merged with the next one.")),
        "delete": (editing.delete_goal, _("The task was removed from the draft.")),
    }
    if action not in operations:
        raise Http404
    operation, done = operations[action]
    try:
        operation(draft, index)
    except DraftError:
        messages.error(request, _("That cannot be done to this task; nothing was changed."))
        return redirect(plan_import)
    if _save(request, plan_import, draft):
        messages.success(request, done)
    return redirect(f"{plan_import.get_absolute_url()}#goal-{max(index - 1, 0)}")


@require_POST
def plan_import_confirm_view(request, pk):
    """Apply the draft; the plan then appears in the admin and, once active, on dashboards."""
    plan_import = _pending_import(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        result = plan_import_confirm(
            plan_import,
            user=request.user,
            version=version,
            activate=request.POST.get("activate") == "on",
        )
    except StaleDraft:
        messages.error(request, STALE_MESSAGE)
        return redirect(plan_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan_import)
    messages.success(
        request,
        _("Imported “%(plan)s”: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "plan": result.plan,
            "created": sum(result.created.values()),
            "updated": sum(result.updated.values()),
            "unchanged": sum(result.unchanged.values()),
        },
    )
    return redirect(plan_import)


@require_POST
def plan_import_discard_view(request, pk):
    plan_import = _pending_import(request, pk)
    plan_import_discard(plan_import)
    messages.info(request, _("The draft was discarded."))
    return redirect("targets:plan_import_list")
