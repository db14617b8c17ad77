"""
The department and goal pages as light as the cockpit (issue 17): their rows
reused per data fingerprint and scope, conditional GET, compression. Exact:
a change shows on the next request, and nobody is shown another scope's rows.
"""

import gzip
import re
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from targets.models import GoalComment, GoalMilestone, UpdateAttachment
from targets.selectors import page_cache
from targets.views.goals import CSRF_PLACEHOLDER
from tests.caches import clear_caches
from tests.factories import (
    GoalCommentFactory,
    GoalFactory,
    GoalMilestoneFactory,
    IndicatorActualFactory,
    IndicatorFactory,
    NotificationFactory,
    QuarterlyUpdateFactory,
    UpdateAttachmentFactory,
    UpdateEventFactory,
    UserFactory,
)
from tests.html import table_rows
from tests.targets.submissions import submit

pytestmark = pytest.mark.django_db

Q3 = {"year": 2023, "quarter": 3}


def department_url(department):
    return reverse("targets:department_detail", args=[department.pk])


def goal_url(goal):
    return reverse("targets:goal_detail", args=[goal.pk])


def rows(response) -> list[list[str]]:
    return table_rows(response, "goal-table")


def fresh_rows(client, url, query=Q3):
    """The rows as rendered from scratch, nothing reused: what the page must show."""
    clear_caches()
    return rows(client.get(url, query))


@pytest.fixture
def other_goal(plan, department_b):
    goal = GoalFactory(plan=plan, code="3.1.1", title="新增上市企业", leads=[department_b])
    IndicatorFactory(goal=goal)
    return goal


def test_department_rows_are_reused_until_a_save_changes_them(
    client_for, staff_a, department_a, goal_a, django_assert_max_num_queries
):
    client = client_for(staff_a)
    first = client.get(department_url(department_a), Q3)
    with django_assert_max_num_queries(6):  # reused: no filter, table, tally or notice built
        again = client.get(department_url(department_a), Q3)
    assert rows(again) == rows(first)
    assert rows(again)[0][6] == "未报送"

    submit(goal_a, staff_a)

    after = rows(client.get(department_url(department_a), Q3))
    assert after != rows(first)
    assert after == fresh_rows(client, department_url(department_a))


def test_department_rows_are_never_shown_to_another_scope(
    client_for, staff_a, supervisor, department_a, goal_a
):
    """Staff of the department get report buttons; the supervision office, seeing the same rows
    after them, does not."""
    mine = rows(client_for(staff_a).get(department_url(department_a), Q3))
    assert "填报" in mine[0][7]
    theirs = rows(client_for(supervisor).get(department_url(department_a), Q3))
    assert theirs[0][7] == ""
    assert theirs == fresh_rows(client_for(supervisor), department_url(department_a))


def test_department_page_reload_is_304_until_a_save(client_for, staff_a, department_a, goal_a):
    client = client_for(staff_a)
    page = client.get(department_url(department_a), Q3)
    etag = page.headers["ETag"]
    assert "private" in page.headers["Cache-Control"]
    assert "no-cache" in page.headers["Cache-Control"]

    reload = client.get(department_url(department_a), Q3, headers={"if-none-match": etag})
    assert reload.status_code == 304
    assert reload.content == b""
    # Another quarter is another page.
    other = client.get(
        department_url(department_a), {"year": 2023, "quarter": 2}, headers={"if-none-match": etag}
    )
    assert other.status_code == 200

    submit(goal_a, staff_a)

    changed = client.get(department_url(department_a), Q3, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_a_page_etag_is_the_users_own(client_for, client, staff_a, staff_a2, department_a, goal_a):
    etag = client_for(staff_a).get(department_url(department_a), Q3).headers["ETag"]
    other = Client()
    other.force_login(staff_a2)  # the same scope, another person (their name in the menu)
    response = other.get(department_url(department_a), Q3, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "staff_a2" in response.content.decode()


def test_a_new_notification_is_not_hidden_by_a_304(client_for, staff_a, department_a, goal_a):
    client = client_for(staff_a)
    etag = client.get(department_url(department_a), Q3).headers["ETag"]
    NotificationFactory(recipient=staff_a)  # the bell in the page's frame now shows 1

    reload = client.get(department_url(department_a), Q3, headers={"if-none-match": etag})
    assert reload.status_code == 200
    assert 'id="notification-count">1<' in reload.content.decode()


def test_a_page_with_messages_is_never_answered_304(client_for, staff_a, department_a, goal_a):
    client = client_for(staff_a)
    etag = client.get(department_url(department_a), Q3).headers["ETag"]
    # A quarter that makes no sense: the page falls back and says so in a message.
    response = client.get(
        department_url(department_a), {**Q3, "quarter": 7}, headers={"if-none-match": etag}
    )
    assert response.status_code == 200
    assert "ETag" not in response.headers


def test_goal_page_is_reused_and_a_change_shows_next(
    client_for, staff_a, goal_a, other_goal, staff_b, django_assert_max_num_queries
):
    client = client_for(staff_a)
    first = client.get(goal_url(goal_a)).content.decode()
    with django_assert_max_num_queries(6):  # session and user, goal and fingerprint, cache
        client.get(goal_url(goal_a))
    # A save to another goal leaves this page as it was: still reused.
    submit(other_goal, staff_b)
    with django_assert_max_num_queries(6):
        assert client.get(goal_url(goal_a)).status_code == 200

    submit(goal_a, staff_a, progress="截至9月底，已净增高企61家。")

    html = client.get(goal_url(goal_a)).content.decode()
    assert "已净增高企61家" in html
    assert "已净增高企61家" not in first


def test_goal_page_forms_carry_this_sessions_csrf_token(staff_a, goal_a):
    """The cached content is shared by a user's sessions; each gets a token that posts."""
    one, two = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one.force_login(staff_a)
    two.force_login(staff_a)
    one.get(goal_url(goal_a))  # rendered and kept
    html = two.get(goal_url(goal_a)).content.decode()  # reused
    assert CSRF_PLACEHOLDER not in html
    token = re.search(
        r'id="comment-form".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S
    ).group(1)
    response = two.post(
        reverse("targets:goal_comment_create", args=[goal_a.pk]),
        {"text": "第三季度数据已核对。", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert GoalComment.objects.filter(goal=goal_a, text="第三季度数据已核对。").exists()
    assert "第三季度数据已核对。" in one.get(goal_url(goal_a)).content.decode()


def delete_buttons(html: str) -> set[int]:
    """The attachments the page offers to remove."""
    return {int(pk) for pk in re.findall(r'action="/[^"]*?/(\d+)/delete/"', html)}


def test_goal_page_is_one_per_scope_and_each_user_sees_only_their_own_delete_buttons(
    client_for, staff_a, staff_a2, supervisor, goal_a, django_assert_max_num_queries
):
    update = QuarterlyUpdateFactory(goal=goal_a)
    mine = UpdateAttachmentFactory(update=update, uploaded_by=staff_a)
    theirs = UpdateAttachmentFactory(update=update, uploaded_by=staff_a2)
    assert reverse("targets:attachment_delete", args=[mine.pk]).endswith(f"/{mine.pk}/delete/")
    clear_caches()
    html_a = client_for(staff_a).get(goal_url(goal_a)).content.decode()
    colleague = client_for(staff_a2)
    # A colleague of the same scope is given the page staff_a's request rendered and kept:
    # session and user, goal and fingerprint, cache; nothing of the page is built again.
    with django_assert_max_num_queries(6):
        html_a2 = colleague.get(goal_url(goal_a)).content.decode()
    assert delete_buttons(html_a) == {mine.pk}
    assert delete_buttons(html_a2) == {theirs.pk}
    assert "<!--own" not in html_a + html_a2
    # And the other way round, staff_a2 first: staff_a still sees only their own.
    clear_caches()
    assert delete_buttons(client_for(staff_a2).get(goal_url(goal_a)).content.decode()) == {
        theirs.pk
    }
    assert delete_buttons(client_for(staff_a).get(goal_url(goal_a)).content.decode()) == {mine.pk}
    # The supervision office removes any file, uploader or not.
    office = client_for(supervisor).get(goal_url(goal_a)).content.decode()
    assert delete_buttons(office) == {mine.pk, theirs.pk}


def test_goal_page_reload_is_304_until_a_comment(client_for, staff_a, goal_a):
    client = client_for(staff_a)
    etag = client.get(goal_url(goal_a)).headers["ETag"]
    assert client.get(goal_url(goal_a), headers={"if-none-match": etag}).status_code == 304
    GoalComment.objects.create(goal=goal_a, author=staff_a, text="请补充佐证材料。")
    response = client.get(goal_url(goal_a), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "请补充佐证材料。" in response.content.decode()


def test_pages_are_compressed_for_browsers_that_accept_it(
    client_for, staff_a, department_a, goal_a
):
    client = client_for(staff_a)
    response = client.get(department_url(department_a), Q3, headers={"accept-encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert department_a.name in gzip.decompress(response.content).decode()
    plain = client.get(department_url(department_a), Q3)
    assert "Content-Encoding" not in plain.headers


def test_pages_sent_no_store_are_not_compressed(client_for, admin):
    """The admin's pages (and the first passwords of an import) are no-store: never compressed."""
    response = client_for(admin).get("/admin/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "Content-Encoding" not in response.headers


def test_cockpit_is_reused_and_a_save_shows_next(client_for, leader, staff_a, goal_a):
    client = client_for(leader)
    url = reverse("targets:dashboard")
    first = client.get(url, Q3)
    etag = first.headers["ETag"]
    assert client.get(url, Q3, headers={"if-none-match": etag}).status_code == 304

    submit(goal_a, staff_a)

    changed = client.get(url, Q3, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert 'id="pending-note"' in changed.content.decode()
    assert 'id="pending-note"' not in first.content.decode()


def cache_keys(alias: str) -> set[str]:
    table = settings.CACHES[alias]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(table)}")
        return {key for (key,) in cursor.fetchall()}


def test_goal_pages_culled_never_take_the_cockpits_figures_with_them(
    client_for, leader, plan, department_a, goal_a
):
    """A leader reading many goals fills the pages' cache, which culls its own entries only."""
    options = {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2, "COUNT_EVERY": 1}  # every write counts
    pages = {**settings.CACHES["pages"], "OPTIONS": options}
    with override_settings(CACHES={**settings.CACHES, "pages": pages}):
        goals = [goal_a, *(GoalFactory(plan=plan, leads=[department_a]) for _ in range(4))]
        client = client_for(leader)
        cockpit = client.get(reverse("targets:dashboard"), Q3)
        assert cockpit.status_code == 200
        kept = cache_keys("default")
        assert kept  # the figures, the ranking, the page
        for goal in goals:
            assert client.get(goal_url(goal)).status_code == 200
        assert len(cache_keys("pages")) <= 3  # culled: five pages rendered, at most 2 + 1 kept
        assert cache_keys("default") == kept
        again = client.get(
            reverse("targets:dashboard"), Q3, headers={"if-none-match": cockpit.headers["ETag"]}
        )
        assert again.status_code == 304


@override_settings(DASHBOARD_MAX_LAG=60)
def test_cockpit_figures_that_lag_are_neither_kept_nor_labelled(
    client_for, leader, staff_a, goal_a
):
    """Within the lag the cockpit may show the figures before a save: not under the data's
    ETag, nor kept as the data's page, so the next look after the lag is exact."""
    client = client_for(leader)
    url = reverse("targets:dashboard")
    client.get(url, Q3)
    submit(goal_a, staff_a)
    lagging = client.get(url, Q3)
    assert 'id="pending-note"' not in lagging.content.decode()  # the figures before the save
    assert "ETag" not in lagging.headers
    with override_settings(DASHBOARD_MAX_LAG=0):
        assert 'id="pending-note"' in client.get(url, Q3).content.decode()


def figures_as_of(html: str) -> str:
    return re.search(r'id="figures-as-of">([^<]*)<', html).group(1)


@override_settings(DASHBOARD_MAX_LAG=60)
def test_cockpit_figures_that_lag_are_served_one_page_rendered_once(
    leader, staff_a, goal_a, django_assert_max_num_queries
):
    """Everyone of a scope served the same lagging figures is served the page rendered from
    them, nothing rendered again and without an ETag; once recomputed, the change shows."""
    url = reverse("targets:dashboard")
    reader, colleague = Client(), Client()
    reader.force_login(leader)
    colleague.force_login(UserFactory(username="leader2", department=None, role=leader.role))
    first = reader.get(url, Q3).content.decode()
    submit(goal_a, staff_a)
    # session, user, plans, fingerprint, the data's page looked for, the figures' entry;
    # their page from this app server's memory: no figures computed, nothing rendered.
    with django_assert_max_num_queries(6) as captured:
        lagging = colleague.get(url, Q3)
    assert "targets_quarterlyupdate" not in " ".join(q["sql"] for q in captured.captured_queries)
    assert "ETag" not in lagging.headers
    html = lagging.content.decode()
    assert 'id="pending-note"' not in html  # the figures before the save
    assert figures_as_of(html) == figures_as_of(first)
    page_cache.forget()  # another app server: the same page, from the shared cache
    assert 'id="pending-note"' not in reader.get(url, Q3).content.decode()
    with override_settings(DASHBOARD_MAX_LAG=0):
        recomputed = reader.get(url, Q3)
        assert 'id="pending-note"' in recomputed.content.decode()
        assert "ETag" in recomputed.headers
        again = colleague.get(url, Q3)
        assert 'id="pending-note"' in again.content.decode()
        assert "ETag" in again.headers
        assert figures_as_of(again.content.decode()) == figures_as_of(recomputed.content.decode())


def test_department_page_follows_its_own_goals_only(
    client_for,
    staff_a,
    staff_b,
    department_a,
    department_b,
    goal_a,
    other_goal,
    django_assert_max_num_queries,
):
    """A save to another department's goal leaves the page reused; to one it supports, not."""
    client = client_for(staff_a)
    client.get(department_url(department_a), Q3)
    submit(other_goal, staff_b)
    with django_assert_max_num_queries(6):
        client.get(department_url(department_a), Q3)

    supported = GoalFactory(plan=goal_a.plan, code="3.1.2", leads=[department_b])
    IndicatorFactory(goal=supported)
    supported.assignments.create(department=department_a, role="support", order=1)
    rows_now = rows(client.get(department_url(department_a), Q3))
    assert "3.1.2" in [row[0] for row in rows_now]
    submit(supported, staff_b)
    assert rows(client.get(department_url(department_a), Q3)) == fresh_rows(
        client, department_url(department_a)
    )
    # Taken away again: the page no longer lists it.
    supported.assignments.filter(department=department_a).delete()
    assert "3.1.2" not in [row[0] for row in rows(client.get(department_url(department_a), Q3))]


def test_a_kept_page_is_remembered_by_its_app_server_until_its_shared_entry_expires(monkeypatch):
    """Another app server reads the shared entry; none serves a page past its expiry."""
    key = page_cache.page_key("goal", "1-2-3", UserFactory.build(role="staff"), 7)
    page_cache.keep(key, "<p>第三季度</p>")
    page_cache.pages.delete(key)
    assert page_cache.kept(key) == "<p>第三季度</p>"  # from this process's memory
    page_cache.keep(key, "<p>第三季度</p>")
    page_cache.forget()  # another app server
    assert page_cache.kept(key) == "<p>第三季度</p>"  # from the shared cache
    page_cache.pages.delete(key)
    later = page_cache.time.time() + page_cache.TIMEOUT + 1
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    assert page_cache.kept(key) is None


def test_the_memory_of_kept_pages_is_bounded(monkeypatch):
    """Past its size the least recently read page goes first; the shared cache still has it."""
    memo = page_cache._Memo(limit=3 * sys.getsizeof("x" * 1000))
    monkeypatch.setattr(page_cache, "_memo", memo)
    for name in ("a", "b", "c"):
        page_cache.keep(name, name * 1000)
    assert page_cache.kept("a") == "a" * 1000  # read: now the most recent
    page_cache.keep("d", "d" * 1000)
    assert set(memo.entries) == {"a", "c", "d"}
    assert memo.size <= memo.limit
    assert page_cache.kept("b") == "b" * 1000  # read again from the shared cache


def test_the_fingerprints_follow_each_kind_of_row_of_their_goals_only(
    goal_a, other_goal, department_a, staff_a
):
    """Each row a page shows, written or deleted, changes its goal's and its department's
    fingerprints; the same rows of another department's goal change neither."""
    update = QuarterlyUpdateFactory(goal=goal_a, quarter=3)
    elsewhere = QuarterlyUpdateFactory(goal=other_goal, quarter=3)

    def prints():
        return (
            page_cache.goal_fingerprint(goal_a.pk),
            page_cache.department_fingerprint(department_a.pk),
        )

    writes = [
        lambda: update.save(),  # its history
        lambda: IndicatorActualFactory(update=update, indicator=goal_a.indicators.get()),
        lambda: GoalCommentFactory(goal=goal_a, author=staff_a),
        lambda: UpdateEventFactory(update=update, actor=staff_a),
        lambda: GoalMilestoneFactory(goal=goal_a),
        lambda: GoalMilestone.objects.filter(goal=goal_a).delete(),  # a delete: the count
        lambda: UpdateAttachmentFactory(update=update, uploaded_by=staff_a),
        lambda: UpdateAttachment.objects.filter(update=update).delete(),
    ]
    for write in writes:
        before = prints()
        # The same kind of row for another department's goal: neither page changes.
        GoalCommentFactory(goal=other_goal, author=staff_a)
        UpdateEventFactory(update=elsewhere, actor=staff_a)
        GoalMilestone.objects.filter(goal=other_goal).delete()
        GoalMilestoneFactory(goal=other_goal)
        UpdateAttachment.objects.filter(update=elsewhere).delete()
        UpdateAttachmentFactory(update=elsewhere, uploaded_by=staff_a)
        elsewhere.save()
        assert prints() == before
        write()
        after = prints()
        assert after[0] != before[0] and after[1] != before[1]


def test_each_fingerprint_lookup_has_its_index():
    """Made after ``migrate`` (targets.apps), on the history tables simple-history generates."""
    with connection.cursor() as cursor:
        for table, columns in page_cache.FINGERPRINT_INDEXES:
            indexes = connection.introspection.get_constraints(cursor, table).values()
            assert [*columns] in [index["columns"] for index in indexes if index["index"]], table


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's concurrent builds")
@pytest.mark.django_db(transaction=True)
def test_an_index_left_invalid_by_an_interrupted_build_is_built_again():
    """A concurrent build stopped half-way leaves an invalid index that no query uses;
    the next ``migrate`` (its post_migrate) drops it and builds it again."""
    table, columns = page_cache.FINGERPRINT_INDEXES[0]
    name = f"{table.removeprefix('targets_')}_fp_{columns[0]}"

    def valid():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_index.indisvalid FROM pg_index JOIN pg_class"
                " ON pg_class.oid = pg_index.indexrelid WHERE pg_class.relname = %s",
                [name],
            )
            return [row[0] for row in cursor.fetchall()]

    assert valid() == [True]
    with connection.cursor() as cursor:  # what an interrupted CREATE INDEX CONCURRENTLY leaves
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false FROM pg_class"
            " WHERE pg_class.oid = pg_index.indexrelid AND pg_class.relname = %s",
            [name],
        )
    assert valid() == [False]

    page_cache.create_fingerprint_indexes()

    assert valid() == [True]


def test_the_department_page_reads_its_fingerprint_with_its_department(
    client_for, staff_a, department_a, goal_a
):
    """The column the page's department query carries is the department's fingerprint,
    and a save changes it as it changes ``department_fingerprint``."""
    from django.db.models.expressions import RawSQL

    from targets.models import Department

    def column():
        return (
            Department.objects.annotate(
                fingerprint=RawSQL(*page_cache.department_fingerprint_sql(department_a.pk))
            )
            .get(pk=department_a.pk)
            .fingerprint
        )

    before = column()
    assert before == page_cache.department_fingerprint(department_a.pk)
    submit(goal_a, staff_a)
    assert column() != before
    assert column() == page_cache.department_fingerprint(department_a.pk)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def gzipped(client, url, query=None, **headers):
    return client.get(url, query, headers={"accept-encoding": "gzip, deflate, br", **headers})


@pytest.mark.parametrize("page", ["cockpit", "department"])
def test_a_kept_page_sent_compressed_is_the_page_sent_plain(
    page, client_for, leader, staff_a, department_a, goal_a
):
    """
    The cockpit and a department page compressed from their text compressed
    once: each decompresses to exactly the page a browser without gzip gets,
    but for its own tokens.
    """
    client = client_for(leader if page == "cockpit" else staff_a)
    url = reverse("targets:dashboard") if page == "cockpit" else department_url(department_a)
    client.get(url, Q3)  # rendered and kept
    first, second = gzipped(client, url, Q3), gzipped(client, url, Q3)
    plain = client.get(url, Q3)
    assert "Content-Encoding" not in plain.headers
    html = plain.content.decode()
    for response in (first, second):
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Content-Length"] == str(len(response.content))
        assert "Accept-Encoding" in response.headers["Vary"]
        # Weak: the same page, its bytes not (a strong one would be weakened as by Django).
        assert response.headers["ETag"] == plain.headers["ETag"]
        assert response.headers["ETag"].startswith("W/")
        sent = gzip.decompress(response.content).decode()
        assert TOKEN.sub("", sent) == TOKEN.sub("", html)
        assert TOKEN.findall(sent)  # the menu's forms
    # Each response its own tokens; the page's text is the same compressed bytes in both.
    tokens = [set(TOKEN.findall(gzip.decompress(r.content).decode())) for r in (first, second)]
    assert not tokens[0] & tokens[1]
    pieces = [entry.piece for entry in page_cache._memo.entries.values() if entry.piece]
    assert len(pieces) == 1
    assert pieces[0].segment in first.content and pieces[0].segment in second.content


def test_a_kept_page_sent_compressed_carries_tokens_that_post(staff_a, department_a, goal_a):
    """Two compressed responses of one kept page: each its own token, and each posts."""
    browser = Client(enforce_csrf_checks=True, headers={"accept-encoding": "gzip"})
    browser.force_login(staff_a)
    url = department_url(department_a)
    browser.get(url, Q3)  # rendered and kept
    tokens = []
    for language in ("en", "zh-hans"):
        response = browser.get(url, Q3)
        assert response.headers["Content-Encoding"] == "gzip"
        html = gzip.decompress(response.content).decode()
        token = re.search(r'id="language-form".*?' + TOKEN.pattern, html, re.S).group(1)
        tokens.append(token)
        switched = browser.post(
            reverse("set_language"),
            {"language": language, "next": url, "csrfmiddlewaretoken": token},
        )
        assert switched.status_code == 302
        assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert tokens[0] != tokens[1]


def test_a_kept_page_sent_compressed_is_padded_afresh_each_time(
    client_for, staff_a, department_a, goal_a
):
    """Django's BREACH padding kept: the same page compressed comes in varying lengths."""
    client = client_for(staff_a)
    client.get(department_url(department_a), Q3)
    sent = [gzipped(client, department_url(department_a), Q3).content for _ in range(8)]
    assert all(body[3] & gzip.FNAME for body in sent)  # the padding, as a file name
    assert len({len(body) for body in sent}) > 1
    assert len({len(gzip.decompress(body)) for body in sent}) == 1


def test_a_kept_page_compressed_counts_in_the_memory_bound(monkeypatch):
    """The compressed text kept with a page is part of the bounded memory, and goes with it."""
    memo = page_cache._Memo(limit=6 * sys.getsizeof("x" * 5000))
    monkeypatch.setattr(page_cache, "_memo", memo)
    page_cache.keep("a", "<p>第三季度</p>" * 400)
    alone = memo.size
    (piece,) = memo.pieces("a")
    assert memo.size > alone
    assert memo.pieces("a") == (piece,)  # made once
    for name in ("b", "c", "d"):
        page_cache.keep(name, name * 5000)
    assert "a" not in memo.entries
    assert memo.size <= memo.limit
    assert memo.pieces("a") == ()  # gone with its page: compressed as it is


def _goal_content(user, goal, parts) -> str:
    """The goal page's content as ``GoalDetailView`` renders it, reading only ``parts``."""
    from django.test import RequestFactory

    from targets.views.goals import GoalDetailView

    request = RequestFactory().get(goal_url(goal))
    request.user = user
    view = GoalDetailView()
    view.setup(request, pk=goal.pk)
    view.parts = parts
    view.object = view.get_object()
    return view.render_page(view.get_context_data(object=view.object))


def test_goal_page_reads_no_empty_part_and_shows_each_once_it_has_rows(
    client_for, staff_a, supervisor, goal_a, django_assert_num_queries
):
    """
    A goal page rendered afresh skips the parts its fingerprint says are empty
    (history, thread, events, evidence, milestones): the same content as when
    every part is read, and each part shows on the next request once it has a
    row, since that row changes the fingerprint.
    """
    from targets.models import Goal, GoalDepartment, Indicator

    update = QuarterlyUpdateFactory(goal=goal_a, quarter=2)
    for model, lookup in ((Goal, "id"), (GoalDepartment, "goal_id"), (Indicator, "goal_id")):
        model.history.filter(**{lookup: goal_a.pk}).delete()
    _fingerprint, parts = page_cache.goal_fingerprint_rows(goal_a.pk)
    assert parts == frozenset()
    for user in (staff_a, supervisor):
        assert _goal_content(user, goal_a, parts) == _goal_content(user, goal_a, None)
    client = client_for(staff_a)
    client.get(goal_url(goal_a))  # warm: content types, the session's CSRF secret
    clear_caches()
    # Against 18 with every part read (test_views_goal.py): no history (three queries),
    # comments, events, evidence or milestones.
    with django_assert_num_queries(11):
        client.get(goal_url(goal_a))

    added = [
        (
            "comments",
            lambda: GoalCommentFactory(goal=goal_a, text="请补充第二季度材料。"),
            "请补充第二季度材料。",
        ),
        ("milestones", lambda: GoalMilestoneFactory(goal=goal_a, note="二季度过半"), "二季度过半"),
        ("events", lambda: UpdateEventFactory(update=update, comment="数据已核对"), "数据已核对"),
        (
            "evidence",
            lambda: UpdateAttachmentFactory(update=update, original_name="现场照片.pdf"),
            "现场照片.pdf",
        ),
        (
            "Indicator history",
            lambda: IndicatorFactory(goal=goal_a, name="新增指标甲"),
            "新增指标甲",
        ),
    ]
    for part, add, shown in added:
        add()
        assert shown in client.get(goal_url(goal_a)).content.decode(), part
        _fingerprint, parts = page_cache.goal_fingerprint_rows(goal_a.pk)
        assert part in parts
        for user in (staff_a, supervisor):
            assert _goal_content(user, goal_a, parts) == _goal_content(user, goal_a, None), part
