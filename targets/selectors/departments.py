"""
Finding departments by the names documents give them.

Documents write one body several ways: 区发改局, 区发展和改革局, 洪山区发展和改革局,
发改局. A department is found by its name, its short name or an alias an
admin added, compared without spaces or width differences, with or without
the district prefix.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.db.models import Max

from ..choices import DepartmentKind
from ..models import Department, DepartmentAlias

# "武汉市洪山区发展和改革局" and "洪山区发改局" name the district's own 区… body.
_DISTRICT_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,3}[市州])?[\u4e00-\u9fff]{2,3}[区县](?=[\u4e00-\u9fff]{2})"
)


def department_key(name: str) -> str:
    """The form names are compared in: NFKC, no spaces, no "(牵头)"-style notes."""
    key = unicodedata.normalize("NFKC", name or "")
    key = re.sub(r"\s+", "", key)
    key = re.sub(r"\((?:牵头|配合|主责|协办)\)$", "", key)
    return key


def _variants(name: str) -> list[str]:
    key = department_key(name)
    variants = [key]
    short = _DISTRICT_PREFIX.sub("区", key)
    if short != key:
        variants.append(short)
    for form in list(variants):
        if form.startswith("区") and len(form) > 2:
            variants.append(form[1:])
        elif not form.startswith("区"):
            variants.append("区" + form)
    return list(dict.fromkeys(variants))


def guess_kind(name: str) -> str:
    """Street offices and companies say so in their names; everything else is a bureau."""
    if re.search(r"街道|街办|办事处$", name):
        return DepartmentKind.STREET
    if re.search(r"公司|集团|有限", name):
        return DepartmentKind.COMPANY
    if re.search(r"局|委|办|中心|院|所|站|队|室|部|会|分局", name):
        return DepartmentKind.BUREAU
    return DepartmentKind.OTHER


class DepartmentDirectory:
    """
    Every department by every name it goes by, loaded in two queries so an
    import of thousands of rows does not query once per cell.
    """

    def __init__(self):
        self._by_key: dict[str, Department] = {}
        self._departments = list(Department.objects.all())
        by_pk = {d.pk: d for d in self._departments}
        aliases = list(DepartmentAlias.objects.all())
        self._aliases: dict[int, list[str]] = {}
        for alias in aliases:
            self._aliases.setdefault(alias.department_id, []).append(alias.alias)
        # The departments that stand first: after a merge 区科技局 is both the name of
        # the archived unit and an alias of the merged one, which documents written
        # since mean (services.reorganisations).
        for active in (True, False):
            for department in self._departments:
                if department.active != active:
                    continue
                for name in (department.name, department.short_name):
                    if name:
                        self._remember(name, department)
            for alias in aliases:
                if by_pk[alias.department_id].active == active:
                    self._remember(alias.alias, by_pk[alias.department_id])

    def _remember(self, name: str, department: Department) -> None:
        for variant in _variants(name):
            self._by_key.setdefault(variant, department)

    def find(self, name: str) -> Department | None:
        for variant in _variants(name):
            found = self._by_key.get(variant)
            if found is not None:
                return found
        return None

    def picker(self) -> dict:
        """
        What a department picker needs: each active department by the name to
        write (its short name), its full name and aliases to search by, and
        every form of every known name (``keys``) to flag a name as unknown
        the way ``find`` would not find it.
        """
        return {
            "departments": [
                {
                    "name": d.short_name or d.name,
                    "full": d.name,
                    "aliases": self._aliases.get(d.pk, []),
                }
                for d in self._departments
                if d.active
            ],
            "keys": sorted(self._by_key),
        }

    def unknown(self, names) -> list[str]:
        """The names among ``names`` that match no department, each once, in order."""
        return list(dict.fromkeys(n for n in names if n and self.find(n) is None))

    def create(self, name: str) -> Department:
        """Create a department for a name no one knew (on confirming an import)."""
        name = department_key(name)
        code = "d-" + hashlib.sha1(name.encode()).hexdigest()[:10]
        order = (Department.objects.aggregate(m=Max("order"))["m"] or 0) + 1
        # A name too long for a short name leaves it empty (tables then show the name):
        # PostgreSQL refuses a value longer than the column.
        short = name if len(name) <= Department._meta.get_field("short_name").max_length else ""
        department, _ = Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": guess_kind(name), "order": order},
        )
        self._remember(name, department)
        return department
