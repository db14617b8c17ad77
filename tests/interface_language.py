"""
Finding interface text in the wrong language on a rendered page: English
words on a Chinese page, Chinese on an English one. What the district wrote
(goal texts, department and people's names, reports, file names) is data and
stays as written in either language, so every text stored in the database is
taken out before looking.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Words that are the same in a Chinese interface: names of things, not English.
NAMES = {
    *("Excel", "Word", "WPS", "PowerPoint", "PDF", "JPEG", "PNG", "UTF", "GB", "MB", "KB"),
    *("xlsx", "docx", "txt", "md", "ods", "xls", "pdf", "Luoshi", "ID", "CSV", "IP", "GET", "POST"),
    *("HTTP", "Accept", "sha"),
}
# A figure with its unit (1.1万个, 0家, ≥96家): the unit is the district's data.
FIGURE = re.compile(r"^[≥≤<>~约+\-−]?[\d.,]+(万|亿)?")
# Attributes people read (tooltips, placeholders, what a screen reader says).
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Between data items on a page: a list of departments, a code and a title.
SEPARATORS = re.compile(r"[、，,；;：:|/（）()\[\]【】“”\"'\s·…]+")


class _Text(HTMLParser):
    """Text nodes, leaving out scripts and what is marked as in another language."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language.split("-")[0]
        self.nodes: list[str] = []
        self.skip = 0
        # An element marked lang="…" (the language switch's 简体中文 / English) and its depth.
        self.other: tuple[str, int] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.other is not None:
            if tag == self.other[0]:
                self.other = (tag, self.other[1] + 1)
            return
        if attrs.get("lang") and attrs["lang"].split("-")[0] != self.language:
            self.other = (tag, 1)
            return
        if tag in ("script", "style", "template"):
            self.skip += 1
        # Django's admin icons: alt="True", "False", "Search" are in its templates as is,
        # untranslated (Django's own gap, for screen readers only).
        if tag == "img" and (attrs.get("src") or "").startswith("/static/admin/"):
            return
        for name in READ_ATTRIBUTES:
            value = attrs.get(name)
            if value and value.strip():
                self.nodes.append(value.strip())

    def handle_endtag(self, tag):
        if self.other is not None:
            if tag == self.other[0]:
                depth = self.other[1] - 1
                self.other = (tag, depth) if depth else None
            return
        if tag in ("script", "style", "template"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and self.other is None and data.strip():
            self.nodes.append(" ".join(data.split()))


def text_nodes(html: str, language: str) -> list[str]:
    """
    The page's visible text, node by node, and the attributes people read;
    not what is marked as in another language than ``language``.
    """
    parser = _Text(language)
    parser.feed(html)
    return parser.nodes


class Data:
    """Every text the database holds, to tell data from interface text."""

    def __init__(self):
        texts: set[str] = set()
        for model in apps.get_models():
            if model._meta.app_label not in ("targets", "accounts"):
                continue
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            ]
            for row in model._base_manager.values_list(*fields):
                texts.update(str(value) for value in row if value)
        self.latin = sorted((t for t in texts if LATIN_WORD.search(t)), key=len, reverse=True)
        self.joined = "\x00".join(texts)
        self._known: dict[str, bool] = {}

    def holds(self, piece: str) -> bool:
        """Whether ``piece`` is (part of) something the database holds."""
        known = self._known.get(piece)
        if known is None:
            known = self._known[piece] = piece in self.joined
        return known


def data_strings() -> Data:
    return Data()


def page_leaks(html: str, language: str, data: Data) -> list[str]:
    """Text nodes of ``html`` in the other language than ``language``, data taken out."""
    leaks = []
    assert f'lang="{language}"' in html[:300], "the page says which language it is in"
    for node in text_nodes(html, language):
        if language.startswith("zh"):
            if not LATIN_WORD.search(node):
                continue
            rest = node
            for text in data.latin:
                if text in rest:
                    rest = rest.replace(text, " ")
            # Addresses, file names, paths and settings' names (SITE_URL) are not words.
            rest = re.sub(
                r"\S+@\S+|\S+\.(xlsx|docx|txt|pdf|xls|ods|md|env)\b|/[\w./-]+|(?<![A-Za-z0-9_])[A-Z][A-Z0-9]*_[A-Z0-9_]+(?![A-Za-z0-9_])",
                " ",
                rest,
            )
            words = [w for w in LATIN_WORD.findall(rest) if w not in NAMES]
            if words:
                leaks.append(node)
        elif CJK.search(node):
            # What follows "e.g." shows what people type, which is Chinese (12月底前, A类).
            node = re.split(r"\b[Ee]\.g\.", node)[0]
            pieces = [FIGURE.sub("", p) for p in SEPARATORS.split(node) if CJK.search(p)]
            if any(not data.holds(p) for p in pieces):
                leaks.append(node)
    return leaks
