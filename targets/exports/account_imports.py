"""
The workbooks of an account import: the list of departments and accounts to
fill in (单位和账号名单), whose columns are the import's format
(``io.account_imports.TEMPLATE_COLUMNS``, in Chinese whatever the reader's
language) with what to write in each on a second sheet, in the reader's
language; and the first passwords of the accounts an import created, one row
per person, for the import page and ``import_accounts`` alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role

from ..choices import DepartmentKind
from ..io.account_imports import TEMPLATE_COLUMNS, write_first_passwords, write_template


def account_import_template_build() -> tuple[str, bytes]:
    """(file name, content) of the template."""
    headers = dict(TEMPLATE_COLUMNS)
    roles = "、".join(str(label) for _value, label in Role.choices)
    kinds = "、".join(str(label) for _value, label in DepartmentKind.choices)
    help_rows = [
        (headers["unit"], _("The unit's full name. Required on every row of a unit's people.")),
        (
            headers["alias"],
            _(
                "The name tables use (its short name), then any other names documents give it, "
                "separated by 、. Luoshi then recognises the unit by each of them."
            ),
        ),
        (
            headers["kind"],
            _("One of: %(kinds)s. Left empty, Luoshi guesses from the name.") % {"kinds": kinds},
        ),
        (headers["parent"], _("The unit it answers to, if any: a unit of the list or of Luoshi.")),
        (
            headers["name"],
            _("The person's name, printed on their slip. Required for a new account."),
        ),
        (
            headers["username"],
            _(
                "The name the person signs in with. Left empty, their mobile number is used. "
                "An account that exists is updated, never duplicated."
            ),
        ),
        (headers["role"], _("One of: %(roles)s. Left empty: department staff.") % {"roles": roles}),
        (headers["phone"], _("Mobile phone number.")),
        (headers["email"], _("E-mail address, where reminders are sent.")),
    ]
    content = write_template(
        sheet=_("Departments and accounts"),
        heading=_("Departments and accounts"),
        note=_(
            "One row per person; a unit without people on a row of its own. A unit's name, "
            "type and parent need to be given once. See the instructions sheet."
        ),
        help_sheet=_("Instructions"),
        help_headers=(_("Column"), _("What to write")),
        help_rows=help_rows,
    )
    return _("departments-and-accounts.xlsx"), content


def first_passwords_build(slips, address: str) -> bytes:
    """The first passwords of ``slips`` (``accounts.passwords.Slip``) as a workbook."""
    return write_first_passwords(
        [(s.unit, s.name, s.username, s.password, address) for s in slips],
        sheet=_("First passwords"),
        heading=_("First passwords"),
        note=_(
            "Each person must choose their own password at the first sign-in. Keep this file "
            "safe and delete it once the slips are handed out."
        ),
        headers=(_("Department"), _("Name"), _("Account"), _("First password"), _("Sign in at")),
    )
