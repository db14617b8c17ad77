"""
CSRF: every URL that takes a POST refuses one without the token (403, the
"form has expired" page) and writes nothing, whoever sends it; the sign-in form,
the language switch and signing out included. The list comes from the
permission matrix (a URL whose POST some role may make), so a new form is
covered as soon as it has its row. Real forms, sent with the token from the
rendered page, go through.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from targets.models import GoalComment
from tests.factories import PASSWORD

from .expectations import EXPECTATIONS, FOUND, OK, admin_urls
from .world import ROLES, changed_tables, snapshot

EXPIRED = "表单已过期"  # templates/403_csrf.html
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def postable() -> list[tuple[str, str]]:
    """(URL name, the first role whose POST to it would be accepted) for every such URL."""
    found = []
    for name, row in EXPECTATIONS.items():
        role = next((r for r in ROLES if row.post[r] in (OK, FOUND)), None)
        if role is not None:
            found.append((name, role))
    return found


POSTABLE = postable()


def token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_list_covers_the_forms():
    """
    The login form, the language switch, signing out and the reporting forms
    are in it, and so is every URL a form of the site's templates posts to.
    """
    names = {name for name, _role in POSTABLE}
    assert {"login", "set_language", "logout", "targets:quarterly_update_edit"} <= names
    posted_to = set()
    for template in TEMPLATES.rglob("*.html"):
        for form in re.findall(r"<form[^>]*>", template.read_text(encoding="utf-8")):
            if 'method="post"' in form:
                posted_to.update(re.findall(r"action=\"\{% url '([\w:]+)'", form))
    assert len(posted_to) >= 15
    assert posted_to <= names, posted_to - names


@pytest.mark.parametrize(("name", "role"), POSTABLE, ids=[f"{n}-{r}" for n, r in POSTABLE])
def test_post_without_token_is_refused(w, name, role):
    row = EXPECTATIONS[name]
    client = w.client(role, enforce_csrf_checks=True)
    before = snapshot()
    response = client.post(reverse(name, kwargs=row.kwargs(w)), row.data(w, role))
    assert response.status_code == 403
    assert EXPIRED in response.content.decode()
    assert changed_tables(before, snapshot()) == []


def test_admin_post_without_token_is_refused(w):
    client = w.client("admin", enforce_csrf_checks=True)
    before = snapshot()
    accepted = [
        name for name, url in admin_urls() if client.post(url, {"post": "yes"}).status_code != 403
    ]
    assert accepted == []
    assert changed_tables(before, snapshot()) == []


def test_post_with_a_made_up_token_is_refused(w):
    client = w.client("staff_a", enforce_csrf_checks=True)
    client.get(reverse("targets:goal_detail", args=[w.a.goal.pk]))  # sets the CSRF cookie
    response = client.post(
        reverse("targets:goal_comment_create", args=[w.a.goal.pk]),
        {"text": "意见", "csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403
    assert not GoalComment.objects.filter(text="意见").exists()


def test_login_form_with_its_token_signs_in(w):
    client = w.client("anonymous", enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {
            "username": "staff_a",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token_of(page.content.decode()),
        },
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(w.users["staff_a"].pk)


def test_comment_form_with_its_token_posts(w):
    client = w.client("staff_a", enforce_csrf_checks=True)
    page = client.get(reverse("targets:goal_detail", args=[w.a.goal.pk])).content.decode()
    form = page.split('id="comment-form"', 1)[1].split("</form>", 1)[0]
    response = client.post(
        reverse("targets:goal_comment_create", args=[w.a.goal.pk]),
        {"text": "带令牌的意见", "csrfmiddlewaretoken": token_of(form)},
    )
    assert response.status_code == 302
    assert GoalComment.objects.filter(goal=w.a.goal, text="带令牌的意见").count() == 1
