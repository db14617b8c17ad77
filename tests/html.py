"""
Reading pages as a user reads them: the words of a fragment, a table's rows and
headers, the messages shown after a request, the figures of the state cards.
"""

import re

from django.contrib.messages import get_messages

TAG = re.compile(r"<[^>]+>")


def text(fragment: str) -> str:
    """The words of an HTML fragment, tags removed and white space collapsed."""
    return " ".join(TAG.sub(" ", fragment).split())


def joined_text(fragment: str) -> str:
    """
    Like ``text``, but a tag is removed without leaving a space: words an inline
    tag splits (``<a>张三</a>修改``) read as the page shows them, joined.
    """
    return " ".join(TAG.sub("", fragment).split())


def _table(response, table_id: str) -> str:
    html = response.content.decode()
    return html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def table_rows(response, table_id: str) -> list[list[str]]:
    """The text of each cell of each body row of the table with this id."""
    body = _table(response, table_id).split("<tbody", 1)[1]
    return [
        [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def table_headers(response, table_id: str) -> list[str]:
    """The text of each column header of the table with this id."""
    head = _table(response, table_id).split("<thead", 1)[1].split("</thead>", 1)[0]
    return [text(cell) for cell in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", head, re.S)]


def messages_of(response) -> list[str]:
    """
    The messages of the request that made ``response``: those a redirect stores
    for the next page, or, after ``follow=True`` or on a page, those it shows.
    """
    return [str(m) for m in get_messages(response.wsgi_request)]


COUNT = re.compile(r'data-count="([\w-]+)">([^<]*)<')


def counts(response_or_html) -> dict[str, str]:
    """The figures of the state cards, by their ``data-count`` key."""
    html = response_or_html
    if not isinstance(html, str):
        html = html.content.decode()
    return dict(COUNT.findall(html))


def element(html: str, element_id: str) -> str | None:
    """
    The HTML of the element with this id, its own tag and its nested elements of
    the same name included (``<div id="x"><div>…</div></div>`` whole), or None.
    """
    start = re.search(rf'<(\w+)[^>]*\sid="{re.escape(element_id)}"[^>]*>', html)
    if start is None:
        return None
    name = start.group(1)
    tags = re.compile(rf"<(/?){name}\b[^>]*>")
    depth = 0
    for tag in tags.finditer(html, start.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.start() : tag.end()]
    return html[start.start() :]


def element_text(html: str, element_id: str) -> str | None:
    """The words of the element with this id (see ``element``), or None."""
    found = element(html, element_id)
    return None if found is None else text(found)
