"""Reading pages as a user reads them: a table's rows and headers as text."""

import re


def text(fragment: str) -> str:
    """The words of an HTML fragment, tags removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


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
