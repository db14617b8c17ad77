"""
The columns of a list of departments and accounts (单位和账号名单), from the
words of its header: the template's own (单位名称, 单位简称/别名, 单位类型,
上级单位, 姓名, 账号, 角色, 手机, 邮箱) and the words offices use for them
in their 通讯录 and 联络员名单 (部门, 联络员, 用户名, 联系电话, 电子邮箱 …).

A header is found as the plan tables' is (``tables.TableLayout``): a row of
short cells, more of them column words than not; here it must name a unit
or a person. Spaces, line breaks, a required mark (*) and a note in
brackets ("账号(必填)") do not count.
"""

from __future__ import annotations

import functools
import re

from ..text import normalise

# The template's columns, in its order: (role, header).
TEMPLATE_COLUMNS = (
    ("unit", "单位名称"),
    ("alias", "单位简称/别名"),
    ("kind", "单位类型"),
    ("parent", "上级单位"),
    ("name", "姓名"),
    ("username", "账号"),
    ("role", "角色"),
    ("phone", "手机"),
    ("email", "邮箱"),
)

# What a unit row gives, and what a person row gives.
UNIT_ROLES = ("unit", "alias", "kind", "parent")
PERSON_ROLES = ("name", "username", "role", "phone", "email")
READ_ROLES = frozenset(UNIT_ROLES + PERSON_ROLES)

_HEADERS = {
    "unit": (
        "单位名称",
        "单位",
        "单位全称",
        "单位名",
        "部门",
        "部门名称",
        "部门全称",
        "所在单位",
        "所在部门",
        "工作单位",
        "机构",
        "机构名称",
        "填报单位",
        "联络单位",
        "单位(部门)",
        "部门(单位)",
        "单位/部门",
        "department",
        "unit",
        "organisation",
        "organization",
    ),
    "alias": (
        "单位简称/别名",
        "单位简称",
        "简称",
        "别名",
        "单位别名",
        "简称/别名",
        "简称或别名",
        "其他名称",
        "曾用名",
        "部门简称",
        "shortname",
        "alias",
        "aliases",
    ),
    "kind": (
        "单位类型",
        "单位类别",
        "单位性质",
        "类型",
        "类别",
        "部门类型",
        "机构类型",
        "kind",
        "type",
    ),
    "parent": (
        "上级单位",
        "上级部门",
        "主管单位",
        "主管部门",
        "归口单位",
        "归口管理单位",
        "上级主管部门",
        "上级",
        "parent",
    ),
    "name": (
        "姓名",
        "名字",
        "人员姓名",
        "用户姓名",
        "联络员",
        "联络员姓名",
        "联系人",
        "填报人",
        "name",
        "fullname",
    ),
    "username": (
        "账号",
        "帐号",
        "用户名",
        "登录名",
        "登录账号",
        "登录帐号",
        "系统账号",
        "账户",
        "帐户",
        "用户账号",
        "account",
        "username",
        "login",
    ),
    "role": ("角色", "用户角色", "身份", "权限", "账号类型", "用户类型", "role"),
    "phone": (
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
        "联系电话",
        "电话",
        "联系方式",
        "phone",
        "mobile",
        "mobilephone",
    ),
    "email": (
        "邮箱",
        "电子邮箱",
        "电子邮件",
        "邮件",
        "邮箱地址",
        "电子邮箱地址",
        "email",
        "e-mail",
        "mail",
    ),
    # Known, and not read: no warning that they were left out.
    "number": ("序号", "编号", "序", "no", "no."),
    "other": (
        "职务",
        "职位",
        "职称",
        "性别",
        "办公电话",
        "座机",
        "固定电话",
        "传真",
        "备注",
        "说明",
        "处室",
        "科室",
        "分管领导",
        "qq",
        "微信",
    ),
}
_ROLE_OF = {header: role for role, headers in _HEADERS.items() for header in headers}
# "账号(必填)", "*姓名", "手机号码（11位）": the note and the mark are not the column's name.
_NOTE = re.compile(r"\([^()]*\)$")
_MARKS = "*＊※"
# A header cell is a few words; a longer cell is data or a title.
MAX_HEADER_CHARS = 20


def header_key(cell: str) -> str:
    """A header cell as it is compared: no spaces, marks or trailing note, lower case."""
    key = "".join(normalise(cell).split()).strip(_MARKS).casefold()
    return _NOTE.sub("", key) or key


@functools.lru_cache(maxsize=1024)
def column_role(cell: str) -> str | None:
    """
    What a column holds, from its header: one of ``READ_ROLES``, "number" or
    "other" (known, not read), or None for a word this module does not know.
    """
    key = header_key(cell)
    if not key:
        return None
    return _ROLE_OF.get(key)


def header_roles(cells: list[str]) -> list[str | None] | None:
    """
    The role of each column if ``cells`` is a header row: at least two
    column words, more column words than not, one of them a unit, a name or
    an account. None for any other row.
    """
    filled = [cell for cell in cells if cell]
    if len(filled) < 2 or any(len(cell) > MAX_HEADER_CHARS for cell in filled):
        return None
    roles = [column_role(cell) if cell else None for cell in cells]
    known = sum(1 for role in roles if role is not None)
    if known < 2 or known * 2 <= len(filled):
        return None
    if not {"unit", "name", "username"} & set(roles):
        return None
    return roles


def all_column_words(cells: list[str]) -> bool:
    """Whether every filled cell of a row is a column word (the second row of a header)."""
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(column_role(cell) is not None for cell in filled)
