"""
The inbox's pages: the bell on every page and what it costs, the list and its
filters, marking read (one, all, or one as it is opened), and the settings.
"""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from targets.choices import NotificationChannel, NotificationKind
from targets.models import Notification, NotificationPreference
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

INBOX = "/notifications/"
READ = "/notifications/read/"
SETTINGS = "/notifications/settings/"


def parse(page):
    return lxml_html.fromstring(page if isinstance(page, str) else page.decode())


def bell(page) -> str:
    """The bell's figure as the menu shows it ('' when nothing is unread)."""
    found = parse(page).xpath('//*[@id="notification-count"]')
    return found[0].text_content().strip() if found else ""


def line_ids(page) -> list[str]:
    return [li.get("id") for li in parse(page).xpath('//*[@id="notification-list"]/li')]


def checked(page, name) -> bool:
    box = parse(page).xpath(f'//input[@name="{name}"]')[0]
    return box.get("checked") is not None


def test_the_bell_counts_the_unread_on_every_page(client_for, staff_a, staff_b, goal_a):
    NotificationFactory.create_batch(3, recipient=staff_a)
    NotificationFactory(recipient=staff_a, read_at="2023-10-01T00:00Z")
    NotificationFactory(recipient=staff_b)
    client = client_for(staff_a)
    for url in ("/dashboard/", f"/goals/{goal_a.pk}/", INBOX):
        page = client.get(url).content.decode()
        assert bell(page) == "3", url
    assert bell(client_for(staff_b).get("/dashboard/").content.decode()) == "1"


def test_the_bell_costs_no_query_of_its_own(client_for, staff_a, django_assert_num_queries):
    """
    The count is read with the user (a subquery of the per-request user query),
    so a page costs the same with none unread as with many: pinned at 20 lines.
    """
    client = client_for(staff_a)
    client.get("/dashboard/")  # warm what a first request reads once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as empty:
        client.get("/dashboard/")
    NotificationFactory.create_batch(20, recipient=staff_a)
    with django_assert_num_queries(len(empty)):
        page = client.get("/dashboard/").content.decode()
    assert bell(page) == "20"


def test_the_inbox_is_read_in_a_fixed_number_of_queries(
    client_for, staff_a, django_assert_num_queries
):
    client = client_for(staff_a)
    NotificationFactory(recipient=staff_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    NotificationFactory.create_batch(19, recipient=staff_a)
    with django_assert_num_queries(len(one)):
        page = client.get(INBOX).content.decode()
    assert len(line_ids(page)) == 20


def test_the_inbox_lists_ones_own_lines_with_filters(client_for, staff_a, staff_b):
    returned = NotificationFactory(
        recipient=staff_a,
        kind=NotificationKind.UPDATE_RETURNED,
        params={
            "goal_code": "2.2.3",
            "goal_title": "净增高企",
            "year": 2023,
            "quarter": 3,
            "actor": "督查室",
            "comment": "请补充。",
        },
    )
    closed = NotificationFactory(
        recipient=staff_a, kind=NotificationKind.PERIOD_CLOSED, read_at="2023-10-01T00:00Z"
    )
    NotificationFactory(recipient=staff_b)
    client = client_for(staff_a)

    def ids(url):
        return line_ids(client.get(url).content)

    assert ids(INBOX) == [f"notification-{closed.pk}", f"notification-{returned.pk}"]
    assert ids(INBOX + "?unread=1") == [f"notification-{returned.pk}"]
    assert ids(INBOX + "?kind=period_closed") == [f"notification-{closed.pk}"]
    item = parse(client.get(INBOX).content).xpath(f'//*[@id="notification-{returned.pk}"]')[0]
    text = item.text_content()
    assert "督查室退回了2.2.3 净增高企的2023年第3季度进展：请补充。" in text


def test_opening_a_line_marks_it_read_and_goes_to_its_link(client_for, staff_a, goal_a):
    line = NotificationFactory(recipient=staff_a, link=f"/goals/{goal_a.pk}/")
    other = NotificationFactory(recipient=staff_a)
    response = client_for(staff_a).post(READ, {"ids": line.pk, "next": line.link})
    assert response.status_code == 302 and response.url == f"/goals/{goal_a.pk}/"
    line.refresh_from_db()
    other.refresh_from_db()
    assert line.read_at is not None and other.read_at is None


def test_read_refuses_to_go_elsewhere_and_to_mark_anothers_lines(client_for, staff_a, staff_b):
    theirs = NotificationFactory(recipient=staff_b)
    response = client_for(staff_a).post(READ, {"ids": theirs.pk, "next": "https://evil.example/"})
    assert response.url == reverse("targets:notification_list")
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("ids", ["abc", "-1", "99999999999999999999999", ""])
def test_read_with_nonsense_ids_changes_nothing(client_for, staff_a, ids):
    line = NotificationFactory(recipient=staff_a)
    response = client_for(staff_a).post(READ, {"ids": ids})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.read_at is None


def test_mark_all_read(client_for, staff_a, staff_b):
    NotificationFactory.create_batch(3, recipient=staff_a)
    NotificationFactory(recipient=staff_b)
    client_for(staff_a).post(READ, {"all": "1"})
    assert Notification.objects.unread().filter(recipient=staff_a).count() == 0
    assert Notification.objects.unread().filter(recipient=staff_b).count() == 1


def test_settings_page_shows_and_saves_the_users_choices(client_for, staff_a):
    client = client_for(staff_a)
    page = client.get(SETTINGS).content
    assert checked(page, "update_returned:email")  # Luoshi's default
    assert not checked(page, "period_closed:email")
    response = client.post(SETTINGS, {"period_closed:email": "on"})
    assert response.status_code == 302
    saved = {
        (p.kind, p.enabled)
        for p in NotificationPreference.objects.filter(
            user=staff_a, channel=NotificationChannel.EMAIL
        )
    }
    assert (NotificationKind.PERIOD_CLOSED, True) in saved
    assert (NotificationKind.UPDATE_RETURNED, False) in saved
    assert not checked(client.get(SETTINGS).content, "update_returned:email")


def test_the_admins_outbox_shows_failures_and_resends_them(client_for, admin):
    from django.contrib.admin import helpers

    from tests.factories import DeliveryFactory

    failed = DeliveryFactory(state="failed", attempts=4, last_response="HTTP 500 boom")
    sent = DeliveryFactory(state="sent", attempts=1, last_response="HTTP 200 ok")
    client = client_for(admin)
    page = client.get("/admin/targets/delivery/?state__exact=failed").content.decode()
    assert "HTTP 500 boom" in page and "HTTP 200 ok" not in page
    response = client.post(
        "/admin/targets/delivery/",
        {"action": "resend", helpers.ACTION_CHECKBOX_NAME: [failed.pk, sent.pk]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.state, failed.attempts) == ("pending", 0)
    assert sent.state == "sent"
