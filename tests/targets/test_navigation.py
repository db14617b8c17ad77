"""
The menu every page shares, kept per process by ``{% navigation %}``
(targets/templatetags/frame.py): exactly what a fresh rendering shows, any
change to what it shows on the next request, and each response's own CSRF
token and return path.
"""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from accounts.models import Role
from targets.templatetags import frame
from tests.factories import GoalFactory, NotificationFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def nav(page) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(page.content.decode()).xpath("//nav")[0]


def sign_out_token(page) -> str:
    return nav(page).xpath('//form[contains(@action, "logout")]/input/@value')[0]


@pytest.mark.parametrize("who", ["staff_a", "supervisor", "leader", "admin"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_navigation_kept_is_the_page_rendered_afresh(request, client, goal_a, who, language):
    client.force_login(request.getfixturevalue(who))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in ("/dashboard/", f"/goals/{goal_a.pk}/", "/notifications/"):
        frame.forget()
        fresh = client.get(url)
        kept = client.get(url)
        assert frame._kept, "the second request found the menu kept"
        assert TOKEN.sub("", kept.content.decode()) == TOKEN.sub("", fresh.content.decode())


def test_navigation_shows_a_new_name_department_and_role_on_the_next_request(
    client_for, staff_a, department_a
):
    client = client_for(staff_a)
    assert "区发改局" in nav(client.get("/dashboard/")).text_content()
    staff_a.first_name, staff_a.last_name = "小明", "王"
    staff_a.save()
    department_a.short_name = "区发展改革局"
    department_a.save()
    text = nav(client.get("/dashboard/")).text_content()
    assert "王小明" in text or "小明 王" in text
    assert "区发展改革局" in text
    assert "/reviews/" not in lxml_html.tostring(nav(client.get("/dashboard/"))).decode()
    staff_a.role, staff_a.department = Role.SUPERVISOR, None
    staff_a.save()
    menu = nav(client.get("/dashboard/"))
    assert menu.xpath('//a[@href="/reviews/"]')
    assert "区发展改革局" not in menu.text_content()


def test_navigation_bell_counts_a_new_notification_on_the_next_request(client_for, staff_a):
    client = client_for(staff_a)
    assert not nav(client.get("/dashboard/")).xpath('//*[@id="notification-count"]')
    NotificationFactory(recipient=staff_a)
    assert nav(client.get("/dashboard/")).xpath('//*[@id="notification-count"]')[0].text == "1"


def test_navigation_returns_the_language_switch_to_each_page(client_for, staff_a):
    client = client_for(staff_a)
    for path in ("/dashboard/", "/dashboard/?year=2023&quarter=2", "/notifications/?kind=x"):
        assert nav(client.get(path)).xpath('//input[@name="next"]/@value') == [path]
    # Escaped as the template escapes it.
    page = client.get("/dashboard/?year=2023&quarter=2").content.decode()
    assert '<input name="next" type="hidden" value="/dashboard/?year=2023&amp;quarter=2">' in page


def test_navigation_csrf_token_is_each_sessions_own(staff_a):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(staff_a)
    second.force_login(staff_a)
    first_token = sign_out_token(first.get("/dashboard/"))
    second_page = second.get("/dashboard/")  # the same menu, found kept
    second_token = sign_out_token(second_page)
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert _unmask_cipher_token(second_token) == secret
    assert _unmask_cipher_token(first_token) != secret
    # The other session's token is refused; this response's own signs out.
    assert second.post(reverse("logout"), {"csrfmiddlewaretoken": first_token}).status_code == 403
    assert second.post(reverse("logout"), {"csrfmiddlewaretoken": second_token}).status_code == 302


def test_navigation_marks_my_department_only_on_its_own_page(
    client_for, staff_a, department_a, department_b, goal_a
):
    client = client_for(staff_a)
    own = f"/departments/{department_a.pk}/"

    def active(url) -> list[str]:
        return nav(client.get(url)).xpath('//a[contains(@class, "nav-link active")]/@href')

    assert active(own) == [own]
    assert active(f"/departments/{department_b.pk}/") == []
    assert active("/dashboard/") == ["/dashboard/"]
    other = GoalFactory(plan=goal_a.plan, code="2.2.4", leads=[department_a])
    frame.forget()
    assert client.get(f"/goals/{goal_a.pk}/").status_code == 200
    assert client.get(f"/goals/{other.pk}/").status_code == 200
    assert len(frame._kept) == 1, "one menu for every goal page of a user"


# Names the menu's template defines itself ({% with %}, {% for %}, "as"), and what is keyed
# otherwise: LANGUAGE_CODE is the language, part of every key; csrf_token is filled per response.
_KEYWORDS = {"and", "or", "not", "in", "is", "None", "True", "False"}
_KEYED_OTHERWISE = {"LANGUAGE_CODE", "csrf_token"}


def test_navigation_keys_every_value_its_template_reads():
    """
    The kept menu is keyed by the names ``frame._LOOKUP`` finds in its source. A
    name the template reads that the pattern misses (a new ``{{ plan.year }}`` in
    the menu, say) would be served from a menu rendered for another value: every
    name read must be keyed, defined by the template itself, or filled per request.
    """
    source = (settings.BASE_DIR / "templates" / frame.NAVIGATION).read_text()
    defined = set(re.findall(r"\bas (\w+)", source))
    defined |= set(re.findall(r"{%\s*for (\w+) in", source))
    defined |= set(re.findall(r"{%\s*(?:with|blocktranslate with)\b[^%]*?\b(\w+)=", source))
    expressions = re.findall(r"{{(.*?)}}", source)
    for tag, rest in re.findall(r"{%\s*(if|elif|with|for|url)\b(.*?)%}", source):
        if tag == "for":
            rest = rest.split(" in ", 1)[1]
        if tag == "with":
            rest = " ".join(part.split("=", 1)[1] for part in rest.split())
        expressions.append(rest)
    read = set()
    for expression in expressions:
        expression = re.sub(r"'[^']*'|\"[^\"]*\"", " ", expression)  # literals
        expression = re.sub(r"\|\w+(?::)?", " ", expression)  # filters (not their arguments)
        read |= set(re.findall(r"\b[A-Za-z_]\w*(?:\.\w+)*", expression)) - _KEYWORDS
    assert read  # the scan found the menu's values at all
    unkeyed = {
        name
        for name in read
        if name.split(".")[0] not in defined | _KEYED_OTHERWISE
        and not frame._LOOKUP.fullmatch(name)
    }
    assert not unkeyed, f"the kept menu's key misses {sorted(unkeyed)}"
