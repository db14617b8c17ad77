"""
Who may do what (targets/rules.py): every rule for every role, the rules that
depend on an object, ``may`` in templates, and a guard that nobody decides a
role question outside the rules and the models' QuerySet methods.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accounts.choices import Role
from targets import rules
from tests.factories import QuarterlyUpdateFactory, UserFactory

ROLES = ("staff", "supervisor", "leader", "admin", "superuser", "anonymous")

# rule → the roles it allows. A superuser counts as an administrator.
EXPECTED = {
    "can_see_all_departments": {"supervisor", "leader", "admin", "superuser"},
    "can_see_draft_plans": {"admin", "superuser"},
    "can_see_chasing": {"supervisor", "leader", "admin", "superuser"},
    "can_download_bulletin": {"supervisor", "leader", "admin", "superuser"},
    "can_see_leaders": {"supervisor", "leader", "admin", "superuser"},
    "can_import_plans": {"admin", "superuser"},
    "can_archive": {"admin", "superuser"},
    "can_purge_plans": {"admin", "superuser"},
    "can_open_admin": {"admin", "superuser"},
    "can_manage_accounts": {"admin", "superuser"},
    "can_reorganise": {"admin", "superuser"},
    "can_view_audit_log": {"admin", "superuser"},
    "can_manage_notifications": {"admin", "superuser"},
    "can_import_accounts": {"admin", "superuser"},
    "can_view_setup": {"admin", "superuser"},
    "can_manage_periods": {"supervisor", "admin", "superuser"},
    "can_close_year": {"supervisor", "admin", "superuser"},
    "can_carry_goals": {"supervisor", "admin", "superuser"},
    "can_check_claims": {"supervisor", "admin", "superuser"},
    "can_see_claims": {"supervisor", "leader", "admin", "superuser"},
    "can_review_updates": {"supervisor", "admin", "superuser"},
    "can_correct_updates": {"supervisor", "admin", "superuser"},
    "can_send_reminders": {"supervisor", "admin", "superuser"},
    "can_attach_to_any_update": {"supervisor", "admin", "superuser"},
    "can_comment_everywhere": {"supervisor", "leader", "admin", "superuser"},
    "can_upload_update_sheets": {"staff"},
    "can_manage_assessment": {"supervisor", "admin", "superuser"},
    "can_download_assessment": {"supervisor", "leader", "admin", "superuser"},
}


@pytest.fixture
def people(staff_a, supervisor, leader, db):
    admin = UserFactory(username="admin_role", department=None, role=Role.ADMIN, is_staff=True)
    # A superuser with a role that allows less: the flag must be what counts.
    superuser = UserFactory(
        username="root", department=None, role=Role.LEADER, is_staff=True, is_superuser=True
    )
    return {
        "staff": staff_a,
        "supervisor": supervisor,
        "leader": leader,
        "admin": admin,
        "superuser": superuser,
        "anonymous": AnonymousUser(),
    }


def test_every_rule_without_an_object_is_in_the_table():
    """A new rule must say here whom it allows."""
    assert set(EXPECTED) == {f"can_{name}" for name in rules.TEMPLATE_RULES}


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_rule_allows_exactly_its_roles(people, rule):
    allowed = {role for role, user in people.items() if getattr(rules, rule)(user)}
    assert allowed == EXPECTED[rule]


def test_the_admin_opens_only_with_is_staff_and_active(people):
    admin = people["admin"]
    admin.is_staff = False
    assert not rules.can_open_admin(admin)
    admin.is_staff, admin.is_active = True, False
    assert not rules.can_open_admin(admin)
    people["supervisor"].is_staff = True  # given by mistake: still no admin
    assert not rules.can_open_admin(people["supervisor"])


def test_reporting_on_a_goal_is_its_lead_departments_staff(
    goal_a, staff_a, staff_b, supervisor, leader, admin
):
    assert rules.can_report_on(staff_a, goal_a)
    assert not any(rules.can_report_on(u, goal_a) for u in (staff_b, supervisor, leader, admin))
    assert not rules.can_report_on(AnonymousUser(), goal_a)
    # The form opens for its reporters and for the supervision office, who correct.
    assert [rules.can_edit_update(u, goal_a) for u in (staff_a, staff_b, supervisor, leader)] == [
        True,
        False,
        True,
        False,
    ]
    assert rules.can_set_milestones(staff_a, goal_a)
    assert not rules.can_set_milestones(supervisor, goal_a)


def test_a_departments_workbook_is_its_staff_and_the_supervision_offices(
    department_a, staff_a, staff_b, supervisor, leader, admin
):
    allowed = [
        rules.can_download_update_sheet(u, department_a)
        for u in (staff_a, staff_b, supervisor, leader, admin, AnonymousUser())
    ]
    assert allowed == [True, False, True, False, True, False]


def test_an_attachment_is_removed_by_its_uploader_or_the_office_while_attachable(
    goal_a, staff_a, staff_a2, supervisor
):
    update = QuarterlyUpdateFactory(goal=goal_a)

    class Attachment:
        uploaded_by_id = staff_a.pk

    assert rules.can_delete_attachment(staff_a, Attachment, attachable=True)
    assert rules.can_delete_attachment(supervisor, Attachment, attachable=True)
    assert not rules.can_delete_attachment(staff_a2, Attachment, attachable=True)
    assert not rules.can_delete_attachment(staff_a, Attachment, attachable=False)
    assert update.goal == goal_a


def test_may_in_templates_asks_the_rules_by_name(people):
    may = rules.Allowed(people["supervisor"])
    assert may.review_updates is True
    assert may.import_plans is False
    # A rule about an object is the view's to ask; an unknown name is not a rule.
    for name in ("report_on", "download_update_sheet", "no_such_rule", "_is_administrator"):
        with pytest.raises(AttributeError):
            getattr(may, name)


def test_the_navigation_follows_the_rules(client_for, supervisor, leader, plan):
    # The supervision office reviews and chases; a leader chases (reads) but does not review.
    page = client_for(supervisor).get("/dashboard/").content.decode()
    assert 'href="/reviews/"' in page and 'href="/supervision/missing/"' in page
    page = client_for(leader).get("/dashboard/").content.decode()
    assert 'href="/reviews/"' not in page and 'href="/supervision/missing/"' in page


# -- nobody decides a role question outside the rules -----------------------------------------

BASE = Path(settings.BASE_DIR)
# The rules themselves, and the role facts on the user (``is_department_staff``…).
RULE_HOMES = {BASE / "targets" / "rules.py", BASE / "accounts" / "models.py"}
# The demo creates its accounts: it sets roles and flags, it does not ask them.
SETS_UP_ACCOUNTS = BASE / "targets" / "demo"


def _application_modules():
    for app in ("targets", "accounts", "config"):
        for path in sorted((BASE / app).rglob("*.py")):
            if "migrations" in path.parts or path in RULE_HOMES:
                continue
            if SETS_UP_ACCOUNTS in path.parents:
                continue
            yield path


def _role_questions(path: Path) -> list[str]:
    """Comparisons and membership tests that read a role or the superuser flag."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.If | ast.IfExp):
            continue
        names = {
            n.attr if isinstance(n, ast.Attribute) else n.id
            for n in ast.walk(node)
            if isinstance(n, ast.Attribute | ast.Name)
        }
        if names & {"is_superuser"} or ("role" in names and names & {"Role", "STAFF", "ADMIN"}):
            found.append(f"{path.relative_to(BASE)}:{node.lineno}")
    return found


def test_no_view_or_service_checks_a_role_itself():
    questions = [q for path in _application_modules() for q in _role_questions(path)]
    assert questions == []


def test_no_template_checks_a_role_itself():
    role_check = re.compile(r"\{%\s*(?:el)?if\b[^%]*\b(?:user\.role|is_superuser|sees_|supervises)")
    offenders = [
        str(path.relative_to(BASE))
        for path in sorted((BASE / "templates").rglob("*.html"))
        if role_check.search(path.read_text())
    ]
    assert offenders == []


def test_a_refusal_says_why_in_the_users_language(people, goal_a, department_a):
    objects = {
        rules.can_edit_update: (goal_a,),
        rules.can_set_milestones: (goal_a,),
        rules.can_download_update_sheet: (department_a,),
        rules.can_see_assessment_ranking: (None,),
        rules.can_object_to_assessment: (department_a,),
    }
    for rule, message in rules.REFUSALS.items():
        with pytest.raises(PermissionDenied) as refused:
            rules.require(rule, people["anonymous"], *objects.get(rule, ()))
        assert str(refused.value) == str(message)
    with translation.override("zh-hans"), pytest.raises(PermissionDenied) as refused:
        rules.require(rules.can_review_updates, people["leader"])
    assert str(refused.value) == "只有督查室可以审核进展。"
    rules.require(rules.can_review_updates, people["supervisor"])  # allowed: no exception


def test_the_assessment_rules_on_their_objects(people, department_a, department_b, plan):
    """
    Staff see every department's scores once published, object for their own
    department only; the office and leaders see the ranking all along.
    """
    from targets.choices import AssessmentState
    from targets.models import Assessment

    draft = Assessment(plan=plan, state=AssessmentState.DRAFT)
    published = Assessment(plan=plan, state=AssessmentState.PUBLISHED)
    ranking = {
        role
        for role, user in people.items()
        for assessment in (None, draft)
        if rules.can_see_assessment_ranking(user, assessment)
    }
    assert ranking == {"supervisor", "leader", "admin", "superuser"}
    assert rules.can_see_assessment_ranking(people["staff"], published)
    assert not rules.can_see_assessment_ranking(people["anonymous"], published)
    objecting = {
        role for role, user in people.items() if rules.can_object_to_assessment(user, department_a)
    }
    assert objecting == {"staff"}  # people["staff"] is staff_a
    assert not rules.can_object_to_assessment(people["staff"], department_b)
