"""
One language at a time: every page of the demo, as each role, in Chinese has
no English interface text and in English no Chinese interface text.

The walk follows the links each role sees from the home page, one page per
kind of page (URL name and query keys), plus the administration pages. What
the district wrote stays as written in either language (tests/interface_language.py
takes every text the database holds out of the page before looking).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from targets.demo.loader import demo_load
from targets.models import Goal
from tests.interface_language import data_strings, page_leaks

pytestmark = pytest.mark.django_db

ROLES = ["fagai", "supervisor", "leader", "admin"]
# Files and actions, not pages; the admin is walked by ADMIN_PAGES.
NOT_PAGES = ("_export=", "/exports/", "/logout/", "/admin/", "/attachments/", "update-template")
MAX_PAGES = 80


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(password="luoshi2023")
        yield data_strings()
        transaction.set_rollback(True)


def kind(path: str) -> tuple:
    """Pages of one kind: the same view, the same query keys."""
    parts = urlsplit(path)
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        name = parts.path
    return name, frozenset(key for key, _value in parse_qsl(parts.query))


def walk(client: Client) -> dict[str, str]:
    """One page of each kind the user reaches by links from the home page: path → HTML."""
    pages, seen, queue = {}, set(), ["/", "/dashboard/"]
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if kind(path) in seen:
            continue
        seen.add(kind(path))
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        if "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages[path] = html
        for href in re.findall(r'href="(/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            if not any(part in href for part in NOT_PAGES) and not href.startswith("/static/"):
                queue.append(href)
    return pages


def admin_pages() -> list[str]:
    goal = Goal.objects.order_by("pk").first()
    return [
        "/admin/",
        "/admin/targets/goal/",
        f"/admin/targets/goal/{goal.pk}/change/",
        f"/admin/targets/goal/{goal.pk}/history/",
        "/admin/targets/quarterlyupdate/",
        "/admin/accounts/user/",
        "/admin/axes/accessattempt/",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ROLES)
def test_every_page_speaks_one_language(demo, username, language):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = walk(client)
    if username == "admin":
        for path in admin_pages():
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = response.content.decode()
    assert len(pages) > 5
    leaks = {
        path: leaks for path, html in pages.items() if (leaks := page_leaks(html, language, demo))
    }
    assert not leaks, "\n".join(f"{path}: {found}" for path, found in leaks.items())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_sign_in_page_speaks_one_language(demo, client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/accounts/login/").content.decode()
    assert page_leaks(html, language, demo) == []
