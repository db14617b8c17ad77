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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts import audit
from accounts.choices import AuditAction
from targets import rules
from targets.choices import ImportState
from targets.forms.plan_imports import (
    DraftGoalForm,
    DraftIndicatorFormSet,
    DraftOwnersForm,
    DraftPlanForm,
    PlanImportForm,
    indicator_initial,
)
from targets.io import editing
from targets.io.draft import DraftError, PlanDraft
from targets.io.editing import goal_key
from targets.models import Department, PlanImport
from targets.selectors.plan_imports import (
    from_workbook,
    plan_import_preview,
    preview_url,
    result_words,
)
from targets.services.plan_imports import (
    StaleDraft,
    plan_import_confirm,
    plan_import_create,
    plan_import_discard,
    plan_import_save_draft,
)

STALE_MESSAGE = gettext_lazy(
    "The draft was changed in another window since you opened this page. "
    "Nothing was saved; here is the current draft."
)
STALE_OWNERS_MESSAGE = gettext_lazy(
    "The draft was changed in another window since you opened this table. Nothing was "
    "saved; what you typed is shown again on the current draft: check it and save again."
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


def _preview(request, plan_import: PlanImport, *, owners_form=None, entries=None):
    """
    The preview page: the draft, the owners table (``owners_form`` when refused)
    and forms; one page of the tasks, the one asked for (the one posted from).
    """
    page = request.POST.get("page") or request.GET.get("page") or 1
    context = plan_import_preview(plan_import, entries=entries, page=page)
    draft = context["draft"]
    context["plan_form"] = DraftPlanForm(
        initial={"version": plan_import.version, "title": draft.title, "year": draft.year}
    )
    errors = owners_form.row_errors if owners_form is not None else {}
    for row in context["rows"]:
        if row["kind"] == "goal":
            row["errors"] = errors.get(row["index"], [])
    context["scopes"] = DraftOwnersForm.SCOPES
    context["tab"] = (
        "owners" if owners_form is not None or request.GET.get("tab") == "owners" else "draft"
    )
    return render(request, "targets/plan_import_detail.html", context)


@require_safe
def plan_import_detail(request, pk):
    """The draft as a tree, with targets highlighted and warnings beside their lines."""
    return _preview(request, _pending_import(request, pk))


@require_POST
def plan_import_owners(request, pk):
    """
    Save the owners table in one request. A table opened on an older draft
    is refused, and what was typed is shown again on the current draft.
    """
    plan_import = _pending_import(request, pk)
    if plan_import.state != ImportState.PENDING:
        return redirect(plan_import)
    draft = PlanDraft.from_dict(plan_import.draft)
    form = DraftOwnersForm(
        request.POST,
        goal_count=len(draft.all_goals()),
        section_count=sum(1 for _section in draft.walk_sections()),
    )
    valid = form.is_valid()
    if form.cleaned_data.get("version") != plan_import.version:
        return _stale_owners(request, plan_import, form)
    if not valid:
        messages.error(request, " ".join(form.non_field_errors()))
        return _preview(request, plan_import, owners_form=form, entries=form.entries)
    changed = form.apply(draft)
    if not changed:
        messages.info(request, _("Nothing was changed."))
        return redirect(_owners_page(plan_import, request))
    try:
        plan_import_save_draft(plan_import, draft.to_dict(), version=plan_import.version)
    except StaleDraft:
        plan_import.refresh_from_db()
        return _stale_owners(request, plan_import, form)
    messages.success(
        request,
        ngettext(
            "Owners saved: %(count)s task changed.",
            "Owners saved: %(count)s tasks changed.",
            changed,
        )
        % {"count": changed},
    )
    return redirect(_owners_page(plan_import, request))


def _owners_page(plan_import: PlanImport, request) -> str:
    """The owners table at the page it was sent from."""
    page = request.POST.get("page", "")
    query = f"&page={page}" if page.isdecimal() and page != "1" else ""
    return f"{plan_import.get_absolute_url()}?tab=owners{query}#owners"


def _stale_owners(request, plan_import: PlanImport, form: DraftOwnersForm):
    """
    The draft changed since the table was opened: nothing is saved; each row
    typed goes back on the goal it was typed for, if the draft still has it.
    """
    typed = form.typed_by_key()
    draft = PlanDraft.from_dict(plan_import.draft)
    entries = {
        i: typed.pop(goal_key(goal))
        for i, goal in enumerate(draft.all_goals())
        if goal_key(goal) in typed
    }
    messages.error(request, STALE_OWNERS_MESSAGE)
    if typed:
        messages.warning(
            request,
            _("These entries were for tasks no longer in the draft: %(entries)s")
            % {"entries": "；".join("、".join([*lead, *co]) or "—" for lead, co in typed.values())},
        )
    fresh = DraftOwnersForm(
        goal_count=len(draft.all_goals()),
        section_count=sum(1 for _section in draft.walk_sections()),
    )
    return _preview(request, plan_import, owners_form=fresh, entries=entries)


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
            return redirect(preview_url(plan_import, goal=index))
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
            "from_workbook": from_workbook(plan_import),
            "back_url": preview_url(plan_import, goal=index),
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
    return redirect(preview_url(plan_import, goal=max(index - 1, 0)))


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
            without_lead=request.POST.get("without_lead") == "on",
        )
    except StaleDraft:
        messages.error(request, STALE_MESSAGE)
        return redirect(plan_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan_import)
    audit.record(
        request,
        AuditAction.PLAN_IMPORTED,
        target=result.plan,
        details={"file": plan_import.source_name},
    )
    messages.success(
        request,
        _("Imported “%(plan)s”: %(result)s.")
        % {"plan": result.plan, "result": result_words(plan_import.result)},
    )
    return redirect(plan_import)


@require_POST
def plan_import_discard_view(request, pk):
    plan_import = _pending_import(request, pk)
    plan_import_discard(plan_import)
    messages.info(request, _("The draft was discarded."))
    return redirect("targets:plan_import_list")
