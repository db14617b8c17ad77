"""
The texts an account import accepts for a role and for a unit's kind: the
site's own labels in each language (Chinese first, which the messages list)
and the words offices use for them.
"""

from __future__ import annotations

from django.utils import translation

from accounts.choices import Role

from ...choices import DepartmentKind

# Roles and kinds as offices write them, beside the site's own labels in each language.
ROLE_WORDS = {
    Role.STAFF: ("填报员", "联络员", "信息员", "填报人", "单位用户", "部门用户", "staff"),
    Role.SUPERVISOR: ("督查室", "督查", "督查员", "督办", "督查人员", "supervisor"),
    Role.LEADER: ("领导", "区领导", "分管领导", "leader"),
    Role.ADMIN: ("管理员", "系统管理员", "admin", "administrator"),
}
KIND_WORDS = {
    DepartmentKind.BUREAU: ("区直部门", "区直单位", "部门", "委办局", "机关", "职能部门", "bureau"),
    DepartmentKind.STREET: ("街道", "街道办事处", "各街道", "乡镇", "街乡", "street"),
    DepartmentKind.COMPANY: (
        "区属企业",
        "国企",
        "区属国企",
        "国有企业",
        "区属国有企业",
        "企业",
        "公司",
        "company",
    ),
    DepartmentKind.OTHER: ("其他", "其它", "other"),
}


def _accepted(choices, words: dict) -> dict[str, str]:
    """Every text accepted for a value: its labels in Chinese first (the messages list those)."""
    accepted: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in choices:
                accepted.setdefault(str(label), value)
    for value, texts in words.items():
        for text in texts:
            accepted.setdefault(text, value)
    return accepted


def accepted_roles() -> dict[str, str]:
    return _accepted(Role.choices, ROLE_WORDS)


def accepted_kinds() -> dict[str, str]:
    return _accepted(DepartmentKind.choices, KIND_WORDS)
