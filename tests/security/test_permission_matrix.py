"""
The permission matrix: every URL of the site, for every role (anonymous, staff of
department A, staff of department B, supervisor, leader, admin), for GET and POST,
against department A's objects, gets the status ``expectations.EXPECTATIONS``
says; and every refused POST leaves the database exactly as it was.

A cell's id reads ``targets:goal_detail-staff_b-GET``. The URLconf is walked, not
listed by hand: a URL name without a row, or a row without a URL, fails
``test_every_url_has_a_row``. The Django admin follows one rule (the last tests).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

from .expectations import (
    ADMIN_NAMESPACE,
    EXPECTATIONS,
    LOGIN,
    admin_urls,
    cells,
    expected,
    is_refusal,
    url_patterns,
)
from .world import ANONYMOUS, ROLES, changed_tables, snapshot

CELLS = cells()


def observed(response):
    """
    The response as the table writes it: LOGIN for a redirect to the sign-in page
    that comes back here afterwards (``?next=``), as LoginRequiredMiddleware sends
    it; signing out also ends on the sign-in page, but that is a plain 302.
    """
    status = response.status_code
    if status == 302 and response.url.startswith(reverse("login") + "?next="):
        return LOGIN
    return status


def describe(response) -> str:
    """What a failing cell shows: where it redirected, or the start of the page."""
    if response.status_code in (301, 302):
        return f"redirect to {response.url}"
    if getattr(response, "streaming", False):
        return response.get("Content-Type", "")
    return response.content.decode(errors="replace")[:400]


def request(client, method, url, data):
    response = client.get(url) if method == "GET" else client.post(url, data)
    if response.streaming:
        # Read a download to its end: the test client then closes it the way it
        # closes a page. response.close() would fire request_finished, which
        # closes the database connection, and with it the module's transaction.
        b"".join(response.streaming_content)
    return response


def test_every_url_has_a_row():
    """Every named URL outside the admin has a row, and every row a URL."""
    named, unnamed = url_patterns()
    names = {p.name for p in named if not p.name.startswith(f"{ADMIN_NAMESPACE}:")}
    assert sorted(names - EXPECTATIONS.keys()) == [], "URL names without a row in EXPECTATIONS"
    assert sorted(EXPECTATIONS.keys() - names) == [], "rows in EXPECTATIONS for no URL"
    # An unnamed pattern cannot be reversed, so it could not be in the table at all.
    # The admin's own (a redirect to the change page, the catch-all) follow its rule.
    assert [route for route in unnamed if not route.startswith("admin/")] == []


def test_snapshot_sees_a_write(w):
    """The "nothing changed" check notices a change to a row, to a history table, to a count."""
    before = snapshot()
    update = w.a.update
    update.progress = "改了"
    update.save()  # a changed row and a new history row
    assert changed_tables(before, snapshot()) == [
        "targets.HistoricalQuarterlyUpdate",
        "targets.QuarterlyUpdate",
    ]


@pytest.mark.parametrize(
    ("name", "role", "method"), CELLS, ids=[f"{n}-{r}-{m}" for n, r, m in CELLS]
)
def test_cell(w, name, role, method):
    row = EXPECTATIONS[name]
    want = expected(name, role, method)
    url = reverse(name, kwargs=row.kwargs(w))
    client = w.client(role)
    check_unchanged = method == "POST" and is_refusal(want)
    before = snapshot() if check_unchanged else None

    response = request(client, method, url, row.data(w, role) if method == "POST" else None)

    assert observed(response) == want, f"{method} {url} as {role}: {describe(response)}"
    if check_unchanged:
        assert changed_tables(before, snapshot()) == [], "a refused POST wrote to these tables"


# -- the Django admin -----------------------------------------------------------------------


def admin_refusal(name: str, response) -> bool:
    """
    How the admin turns away someone who is not an administrator: to a sign-in
    page (the admin's or the site's), 403 or 404; its own sign-in form is shown
    (200) and refuses their credentials; signing out of an admin one is not
    in leads to its index, which sends them to sign in.
    """
    status = response.status_code
    if name == "admin:login":
        return status == 200 or (status == 302 and response.url.startswith(reverse("login")))
    if status in (403, 404):
        return True
    if status != 302:
        return False
    target = response.url.split("?")[0]
    allowed = {reverse("admin:login"), reverse("login")}
    if name == "admin:logout":
        allowed.add(reverse("admin:index"))
    return target in allowed


NON_ADMINS = [role for role in ROLES if role != "admin"]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", NON_ADMINS)
def test_admin_closed_to_everyone_but_administrators(w, role, method):
    client = w.client(role)
    user = w.users["staff_a" if role == ANONYMOUS else role]
    before = snapshot()
    wrong = []
    for name, url in admin_urls():
        data = {"username": user.username, "password": PASSWORD}
        response = request(client, method, url, data)
        if not admin_refusal(name, response):
            wrong.append(f"{name} {url}: {response.status_code} {describe(response)[:80]}")
    assert wrong == []
    assert changed_tables(before, snapshot()) == []
    # The admin's sign-in form did not let them in either.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_admin_refuses_a_supervisor_given_is_staff(w):
    """The role decides, not the flag: is_staff set by mistake opens nothing."""
    User.objects.filter(pk=w.users["supervisor"].pk).update(is_staff=True)
    client = w.client("supervisor")
    wrong = [
        name
        for name, url in admin_urls()
        if not admin_refusal(name, request(client, "GET", url, None))
    ]
    assert wrong == []


def test_admin_open_to_administrators(w):
    client = w.client("admin")
    assert client.get(reverse("admin:index")).status_code == 200
    closed = []
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if client.get(url).status_code != 200:
            closed.append(url)
    assert closed == []
