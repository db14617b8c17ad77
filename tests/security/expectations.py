"""
Who gets what from every URL of the site: the permission matrix as data.

``url_patterns()`` walks the URLconf (``get_resolver()``, recursively) and lists
every named pattern as ``namespace:name``; ``EXPECTATIONS`` says, for each name
outside the Django admin, the status each role gets for GET and for POST on
department A's object. The tests fail when the two disagree in either
direction, so a new page cannot be added without deciding who may open it.
Admin URLs (``admin:*``) follow one rule instead (``ADMIN_NAMESPACE``): see
test_permission_matrix.py.

Statuses are HTTP codes, and ``LOGIN``: a redirect to the sign-in page (what
LoginRequiredMiddleware does to the anonymous visitor). A 302 means a redirect
anywhere else: the action was done, or the page sent the user on. A page that
only shows or downloads answers POST with 405, whoever asks, before looking at
who it is: the method is wrong for everyone.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import Workbook

from targets.forms.reorganisations import FORMS
from targets.io.account_imports import AccountSheet
from targets.selectors.account_imports import account_import_changes
from targets.selectors.reorganisations import reorganisation_preview
from tests.factories import PASSWORD, ReorganisationFactory

from .world import ANONYMOUS, PDF_BYTES, ROLES, World

LOGIN = "login"  # a redirect to the sign-in page
OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405
MOVED = 301

ADMIN_NAMESPACE = "admin"


@dataclass(frozen=True)
class UrlPattern:
    """A named pattern of the URLconf and the names of the arguments it takes."""

    name: str  # namespace:name
    arguments: tuple[str, ...]  # keyword arguments
    positional: int = 0  # unnamed groups of a regular expression (django-simple-history's)


def url_patterns() -> tuple[list[UrlPattern], list[str]]:
    """Every named pattern of the URLconf, and the routes of those without a name."""
    named: list[UrlPattern] = []
    unnamed: list[str] = []

    def walk(resolver, namespace, arguments, prefix):
        for pattern in resolver.url_patterns:
            names, count = _arguments(pattern.pattern)
            here = (arguments[0] + names, arguments[1] + count)
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner, here, route)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    unnamed.append(route)
                else:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    named.append(UrlPattern(name, *here))

    walk(get_resolver(), "", ((), 0), "")
    return named, unnamed


def _arguments(pattern) -> tuple[tuple[str, ...], int]:
    """The keyword arguments a pattern takes, and how many positional ones."""
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters), 0
    keywords = tuple(pattern.regex.groupindex)
    return keywords, pattern.regex.groups - len(keywords)


# -- the table ------------------------------------------------------------------------------


def roles(default, **cells) -> dict[str, int | str]:
    """The status for every signed-in role: ``default`` unless named; anonymous: LOGIN."""
    unknown = set(cells) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    table = {role: default for role in ROLES}
    table[ANONYMOUS] = LOGIN
    table.update(cells)
    return table


@dataclass(frozen=True)
class Row:
    """One URL name: its arguments in the world, who gets what, and a POST body."""

    get: dict[str, int | str]
    post: dict[str, int | str]
    kwargs: Callable[[World], dict] = lambda w: {}
    # A body that the action accepts from a role allowed to do it: a refusal is then
    # for who is asking, never for an empty form.
    data: Callable[[World, str], dict] = lambda w, role: {}


def _update_form(w: World, role: str) -> dict:
    side = w.a
    return {
        "year": 2023,
        "quarter": 4,
        "version": side.update.version,
        "snapshot": "",
        "action": "submit",
        "status": "on_track",
        "percent_complete": 90,
        "override_reason": "按计划推进。",
        "progress": "四季度完成全年目标的九成。",
        "problems": "",
        "next_steps": "",
        f"indicator_{side.indicator.pk}": "90",
    }


def _import_goal_form(w: World, role: str) -> dict:
    return {
        "version": w.plan_import.version,
        "text": "健全科技企业梯度培育路径，净增高企96家。",
        "title": "净增高企",
        "lead_departments": "区科技局",
        "co_departments": "",
        "leaders": "",
        "deadline": "",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }


def _credentials(w: World, role: str) -> dict:
    """The acting user's own credentials (staff_a's for the anonymous visitor)."""
    user = w.users["staff_a" if role == ANONYMOUS else role]
    return {"username": user.username, "password": PASSWORD}


def _pdf(w: World, role: str) -> dict:
    return {"files": [SimpleUploadedFile("证明.pdf", PDF_BYTES, "application/pdf")]}


def _fingerprint(w: World, role: str) -> dict:
    """What the account import's preview shows now, as its confirmation posts it."""
    sheet = AccountSheet.from_dict(w.account_import.sheet)
    return {"fingerprint": account_import_changes(sheet, user=w.users["admin"]).fingerprint}


def _account_list(w: World, role: str) -> dict:
    rows = [["单位名称", "姓名", "账号"], ["区发改局", "新同事", "newcomer"]]
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return {"file": SimpleUploadedFile("名单.xlsx", buffer.getvalue())}


def _workbook(w: World, role: str) -> dict:
    return {"file": SimpleUploadedFile("区发改局进展.xlsx", w.workbook_a)}


def _scheme_form(w: World, role: str) -> dict:
    """The scoring scheme's form as the office sends it: the defaults, one chapter weighed 1."""
    numbers = {
        "goal_points": "10",
        "completed_percent": "100",
        "partial_rule": "progress",
        "partial_percent": "100",
        "not_completed_percent": "0",
        "support_percent": "30",
        "missing_report": "1",
        "late_report": "0.5",
        "returned_update": "0.2",
        "yellow_quarter": "0.2",
        "red_quarter": "1",
        "exceed_bonus": "0.5",
        "bonus_cap": "2",
    }
    return {"year": 2023, "based_on": 0, "goal_weights": "", "note": "红灯扣1分。", **numbers}


def _reorganisation(kind: str, fields: Callable[[World], dict]) -> Callable[[World, str], dict]:
    """
    A reorganisation confirmed from its preview: the fields and the digest of
    the preview an administrator saw (an apply without it is refused for anyone).
    """

    def data(w: World, role: str) -> dict:
        form = {"effective_on": "2023-10-01", "reason": "区委机构改革方案。", **fields(w)}
        bound = FORMS[kind](form)
        assert bound.is_valid(), bound.errors
        digest = reorganisation_preview(bound.proposal()).digest
        return {**form, "action": "apply", "digest": digest}

    return data


def _a_reorganisation(w: World) -> dict:
    # Made here, before the cell's snapshot, and undone with the cell's savepoint.
    return {"pk": ReorganisationFactory(performed_by=w.users["admin"]).pk}


_goal_a = lambda w: {"pk": w.a.goal.pk}  # noqa: E731
_update_a = lambda w: {"pk": w.a.update.pk}  # noqa: E731
_attachment_a = lambda w: {"pk": w.a.attachment.pk}  # noqa: E731
_import = lambda w: {"pk": w.plan_import.pk}  # noqa: E731
_account_import = lambda w: {"pk": w.account_import.pk}  # noqa: E731
_import_goal = lambda w: {"pk": w.plan_import.pk, "index": 0}  # noqa: E731


def everyone(status) -> dict[str, int | str]:
    """The same status for every role, the anonymous visitor included."""
    return dict.fromkeys(ROLES, status)


SUPERVISORS_ONLY = {"supervisor": OK, "admin": OK}
ADMIN_ONLY = {"admin": OK}

EXPECTATIONS: dict[str, Row] = {
    # -- the site, signing in and out, one's own password --
    "home": Row(get=roles(FOUND), post=roles(NOT_ALLOWED)),
    "login": Row(get=everyone(OK), post=everyone(FOUND), data=_credentials),
    "logout": Row(get=roles(NOT_ALLOWED), post=roles(FOUND)),
    "password_change": Row(
        get=roles(OK),
        post=roles(FOUND),
        data=lambda w, role: {
            "old_password": PASSWORD,
            "new_password1": "洛书 new passphrase 2023",
            "new_password2": "洛书 new passphrase 2023",
        },
    ),
    "password_change_done": Row(get=roles(OK), post=roles(NOT_ALLOWED)),
    # The security audit log: administrators read it; nobody writes to it through a page.
    "audit_log": Row(get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED)),
    "set_language": Row(
        get=everyone(FOUND),
        post=everyone(FOUND),
        data=lambda w, role: {"language": "zh-hans", "next": "/"},
    ),
    # Browsers ask for it before signing in: the icon's static file, for everyone.
    "favicon": Row(get=everyone(MOVED), post=everyone(NOT_ALLOWED)),
    # -- dashboards and lists: everyone signed in, their own goals only --
    # -- the inbox: each user their own --
    "targets:notification_list": Row(get=roles(OK), post=roles(NOT_ALLOWED)),
    "targets:notifications_read": Row(
        get=roles(NOT_ALLOWED), post=roles(FOUND), data=lambda w, role: {"all": "1"}
    ),
    "targets:notification_preferences": Row(
        get=roles(OK), post=roles(FOUND), data=lambda w, role: {"update_returned:email": "on"}
    ),
    "targets:dashboard": Row(get=roles(OK), post=roles(NOT_ALLOWED)),
    "targets:goal_list": Row(get=roles(OK), post=roles(NOT_ALLOWED)),
    "targets:department_detail": Row(
        get=roles(OK, staff_b=NOT_FOUND),
        post=roles(NOT_ALLOWED, staff_b=NOT_FOUND),
        kwargs=lambda w: {"pk": w.a.department.pk},
    ),
    "targets:goal_detail": Row(
        get=roles(OK, staff_b=NOT_FOUND), post=roles(NOT_ALLOWED), kwargs=_goal_a
    ),
    # -- reporting: staff of the lead department; the supervision office only once
    #    the period has closed (Q4 is open) --
    "targets:quarterly_update_edit": Row(
        get=roles(FORBIDDEN, staff_a=OK, staff_b=NOT_FOUND),
        post=roles(FORBIDDEN, staff_a=FOUND, staff_b=NOT_FOUND),
        kwargs=_goal_a,
        data=_update_form,
    ),
    "targets:goal_milestones": Row(
        get=roles(FORBIDDEN, staff_a=OK, staff_b=NOT_FOUND),
        post=roles(FORBIDDEN, staff_a=FOUND, staff_b=NOT_FOUND),
        kwargs=_goal_a,
        data=lambda w, role: {"percent_1": 10, "percent_2": 30, "percent_3": 60, "percent_4": 100},
    ),
    "targets:update_sheet_download": Row(
        get=roles(OK, staff_b=NOT_FOUND, leader=FORBIDDEN),
        post=roles(NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.a.department.pk},
    ),
    # staff_b's own upload page; A's workbook is then refused in the preview (200).
    "targets:update_sheet_upload": Row(
        get=roles(FORBIDDEN, staff_a=OK, staff_b=OK),
        post=roles(FORBIDDEN, staff_a=OK, staff_b=OK),
        data=_workbook,
    ),
    # -- the supervision office --
    "targets:period_list": Row(get=roles(FORBIDDEN, **SUPERVISORS_ONLY), post=roles(NOT_ALLOWED)),
    "targets:period_edit": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.period.pk},
        data=lambda w, role: {"due_date": "2023-12-20"},
    ),
    # Closing asks first (GET), with the goals not reported; reopening asks why (Q3 is closed).
    "targets:period_close": Row(
        get=roles(FORBIDDEN, **SUPERVISORS_ONLY),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.period.pk},
    ),
    "targets:period_reopen": Row(
        get=roles(FORBIDDEN, **SUPERVISORS_ONLY),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.closed_period.pk},
        data=lambda w, role: {"reason": "区政府要求补报第三季度进展。"},
    ),
    # The queue reviews one update (``update``) or approves those ticked, and comes back.
    "targets:review_list": Row(
        get=roles(FORBIDDEN, **SUPERVISORS_ONLY),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        data=lambda w, role: {
            "update": w.a.update.pk,
            "action": "approve",
            "version": w.a.update.version,
            "comment": "",
        },
    ),
    "targets:quarterly_update_review": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, staff_b=NOT_FOUND, supervisor=FOUND, admin=FOUND),
        kwargs=_update_a,
        data=lambda w, role: {"action": "approve", "version": w.a.update.version, "comment": ""},
    ),
    # Leaders look at who is behind; only the supervision office sends reminders.
    "targets:chasing_list": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
    ),
    # -- comments and evidence --
    "targets:goal_comment_create": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FOUND, staff_b=NOT_FOUND),
        kwargs=_goal_a,
        data=lambda w, role: {"text": "已协调解决用地问题。"},
    ),
    "targets:attachment_upload": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FOUND, staff_b=NOT_FOUND, leader=FORBIDDEN),
        kwargs=_update_a,
        data=_pdf,
    ),
    "targets:attachment_download": Row(
        get=roles(OK, staff_b=NOT_FOUND), post=roles(NOT_ALLOWED), kwargs=_attachment_a
    ),
    "targets:attachment_delete": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FOUND, staff_b=NOT_FOUND, leader=FORBIDDEN),
        kwargs=_attachment_a,
    ),
    # -- leaders' pages, the bulletin and exports --
    "targets:my_goals": Row(
        get=roles(OK, staff_a=NOT_FOUND, staff_b=NOT_FOUND),
        post=roles(NOT_ALLOWED, staff_a=NOT_FOUND, staff_b=NOT_FOUND),
    ),
    "targets:leader_goals": Row(
        get=roles(OK, staff_a=NOT_FOUND, staff_b=NOT_FOUND),
        post=roles(NOT_ALLOWED, staff_a=NOT_FOUND, staff_b=NOT_FOUND),
        kwargs=lambda w: {"pk": w.leader.pk},
    ),
    "targets:bulletin_export": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN), post=roles(NOT_ALLOWED)
    ),
    # Everyone exports the goals they see (staff_b: B's only).
    "targets:plan_export": Row(get=roles(OK), post=roles(NOT_ALLOWED)),
    # -- the year's end: everyone sees the final results of the goals they see; the
    #    supervision office confirms them, closes and reopens the year and carries goals on --
    "targets:year_end": Row(get=roles(OK), post=roles(NOT_ALLOWED)),
    "targets:goal_outcome": Row(
        get=roles(FORBIDDEN, staff_b=NOT_FOUND, **SUPERVISORS_ONLY),
        post=roles(FORBIDDEN, staff_b=NOT_FOUND, supervisor=FOUND, admin=FOUND),
        kwargs=_goal_a,
        data=lambda w, role: {
            "result": "not_completed",
            "note": "",
            f"value_{w.a.indicator.pk}": "80",
        },
    ),
    # Closing asks first (GET); with goals still without a result it is refused, back to the page.
    "targets:year_close": Row(
        get=roles(FORBIDDEN, **SUPERVISORS_ONLY),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.plan.pk},
    ),
    # The year is open: asking to reopen it goes back to the year's end page.
    "targets:year_reopen": Row(
        get=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.plan.pk},
        data=lambda w, role: {"reason": "区政府要求更正第四季度数据。"},
    ),
    "targets:goals_carry": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.plan.pk},
        data=lambda w, role: {"goals": [w.a.goal.pk]},
    ),
    # -- next year's report against this year's promises: the office imports and confirms;
    #    leaders look; department staff do not see other departments' figures --
    "targets:claim_check_list": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        data=lambda w, role: {"title": "2024年报告·回顾", "text": "过去一年，净增高企102家。"},
    ),
    "targets:claim_check_detail": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN),
        post=roles(NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.claim_check.pk},
    ),
    "targets:claim_match": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.claim_check.pk, "claim_pk": w.claim.pk},
        data=lambda w, role: {"indicator": w.a.indicator.pk},
    ),
    "targets:claim_check_export": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN),
        post=roles(NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.claim_check.pk},
    ),
    # -- the assessment (考核): a draft. Staff see their own breakdown and are sent there from
    #    the ranking; the office keeps the scheme, adjusts, answers and publishes. --
    "targets:assessment_ranking": Row(
        get=roles(OK, staff_a=FOUND, staff_b=FOUND), post=roles(NOT_ALLOWED)
    ),
    "targets:assessment_department": Row(
        get=roles(OK, staff_b=NOT_FOUND),
        post=roles(NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.a.department.pk},
    ),
    "targets:assessment_scheme": Row(
        get=roles(FORBIDDEN, **SUPERVISORS_ONLY),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        data=_scheme_form,
    ),
    "targets:assessment_publish": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        data=lambda w, role: {"year": 2023, "version": w.objection.assessment.version},
    ),
    # A draft is not published: the office is sent back to the ranking.
    "targets:assessment_withdraw": Row(
        get=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        data=lambda w, role: {"year": 2023, "version": 1, "reason": "评分有误。"},
    ),
    "targets:assessment_adjustment_create": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, supervisor=FOUND, admin=FOUND),
        data=lambda w, role: {
            "year": 2023,
            "department": w.a.department.pk,
            "points": "-0.5",
            "reason": "材料不实。",
        },
    ),
    "targets:assessment_adjustment_withdraw": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, staff_b=NOT_FOUND, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.adjustment.pk},
        data=lambda w, role: {"reason": "重复加分。"},
    ),
    "targets:assessment_evidence": Row(
        get=roles(OK, staff_b=NOT_FOUND),
        post=roles(NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.adjustment.pk},
    ),
    # Each department's own staff object (A's is told its objection is still open).
    "targets:assessment_objection_create": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, staff_a=FOUND, staff_b=FOUND),
        data=lambda w, role: {"year": 2023, "reason": "第四季度已按时报送。"},
    ),
    "targets:assessment_objection_answer": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, staff_b=NOT_FOUND, supervisor=FOUND, admin=FOUND),
        kwargs=lambda w: {"pk": w.objection.pk},
        data=lambda w, role: {"upheld": "0", "answer": "经核实，维持原结果。"},
    ),
    "targets:assessment_export": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN), post=roles(NOT_ALLOWED)
    ),
    "targets:assessment_notice": Row(
        get=roles(OK, staff_a=FORBIDDEN, staff_b=FORBIDDEN), post=roles(NOT_ALLOWED)
    ),
    # -- reorganisations (机构改革): administrators only --
    "targets:reorganisation_list": Row(get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED)),
    "targets:reorganisation_detail": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED), kwargs=_a_reorganisation
    ),
    "targets:reorganisation_rename": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY),
        post=roles(FORBIDDEN, admin=FOUND),
        data=_reorganisation(
            "rename",
            lambda w: {
                "department": w.a.department.pk,
                "name": "洪山区发展改革委",
                "short_name": "",
            },
        ),
    ),
    "targets:reorganisation_merge": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY),
        post=roles(FORBIDDEN, admin=FOUND),
        data=_reorganisation(
            "merge",
            lambda w: {
                "departments": [w.a.department.pk, w.b.department.pk],
                "into": str(w.a.department.pk),
            },
        ),
    ),
    "targets:reorganisation_split": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY),
        post=roles(FORBIDDEN, admin=FOUND),
        data=_reorganisation(
            "split",
            lambda w: {
                "department": w.a.department.pk,
                "existing_units": [w.a.department.pk],
                "new_units": "洪山区数据局，区数据局",
            },
        ),
    ),
    # -- plan imports: administrators only --
    "targets:plan_import_list": Row(get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED)),
    "targets:plan_import_new": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY),
        post=roles(FORBIDDEN, admin=FOUND),
        data=lambda w, role: {"text": "二是加快发展。\n\n增强创新。净增高企96家。"},
    ),
    "targets:plan_import_detail": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED), kwargs=_import
    ),
    "targets:plan_import_goal_edit": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY),
        post=roles(FORBIDDEN, admin=FOUND),
        kwargs=_import_goal,
        data=_import_goal_form,
    ),
    "targets:plan_import_goal_action": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, admin=FOUND),
        kwargs=lambda w: {"pk": w.plan_import.pk, "index": 0, "action": "delete"},
        data=lambda w, role: {"version": w.plan_import.version},
    ),
    "targets:plan_import_plan_edit": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, admin=FOUND),
        kwargs=_import,
        data=lambda w, role: {
            "version": w.plan_import.version,
            "title": "2024年方案",
            "year": 2024,
        },
    ),
    "targets:plan_import_owners": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, admin=FOUND),
        kwargs=_import,
        data=lambda w, role: {
            "version": w.plan_import.version,
            "lead-0": "区科技局",
            "co-0": "区财政局",
            "section-lead-0": "区发改局",
        },
    ),
    "targets:plan_import_confirm": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, admin=FOUND),
        kwargs=_import,
        # The draft names no owners: confirming it takes the explicit choice.
        data=lambda w, role: {"version": w.plan_import.version, "without_lead": "on"},
    ),
    "targets:plan_import_discard": Row(
        get=roles(NOT_ALLOWED), post=roles(FORBIDDEN, admin=FOUND), kwargs=_import
    ),
    # -- setting up: the checklist and imports of departments and accounts, administrators only --
    "targets:setup": Row(get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED)),
    "targets:account_import_list": Row(get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED)),
    "targets:account_import_template": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED)
    ),
    "targets:account_import_new": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY),
        post=roles(FORBIDDEN, admin=FOUND),
        data=_account_list,
    ),
    "targets:account_import_detail": Row(
        get=roles(FORBIDDEN, **ADMIN_ONLY), post=roles(NOT_ALLOWED), kwargs=_account_import
    ),
    # Confirming answers with the first passwords' slips (200), never a redirect.
    "targets:account_import_confirm": Row(
        get=roles(NOT_ALLOWED),
        post=roles(FORBIDDEN, **ADMIN_ONLY),
        kwargs=_account_import,
        data=_fingerprint,
    ),
    # Without the signed list the slips page holds: sent back to the import.
    "targets:account_import_passwords": Row(
        get=roles(NOT_ALLOWED), post=roles(FORBIDDEN, admin=FOUND), kwargs=_account_import
    ),
    "targets:account_import_discard": Row(
        get=roles(NOT_ALLOWED), post=roles(FORBIDDEN, admin=FOUND), kwargs=_account_import
    ),
}


def is_refusal(expected) -> bool:
    """A cell where the request must be turned away: nothing may be written."""
    return expected == LOGIN or (isinstance(expected, int) and expected >= 400)


def cells() -> list[tuple[str, str, str]]:
    """(URL name, role, method) for every cell of the table."""
    return [
        (name, role, method)
        for name, row in EXPECTATIONS.items()
        for method in ("GET", "POST")
        for role in ROLES
    ]


def expected(name: str, role: str, method: str):
    row = EXPECTATIONS[name]
    return (row.get if method == "GET" else row.post)[role]


# -- the Django admin -------------------------------------------------------------------------

ADMIN_ARGUMENTS = {"app_label": "targets"}  # any other argument: "1"


def admin_urls() -> list[tuple[str, str]]:
    """(name, URL) of every named admin pattern, with placeholder arguments."""
    urls = []
    for pattern in url_patterns()[0]:
        if not pattern.name.startswith(f"{ADMIN_NAMESPACE}:"):
            continue
        if pattern.positional:
            url = reverse(pattern.name, args=["1"] * pattern.positional)
        else:
            kwargs = {a: ADMIN_ARGUMENTS.get(a, "1") for a in pattern.arguments}
            url = reverse(pattern.name, kwargs=kwargs)
        urls.append((pattern.name, url))
    return urls
