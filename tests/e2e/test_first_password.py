"""
In a real browser: an administrator resets a forgotten password in the admin
and prints the slip; the person signs in with the slip's password, is made to
choose their own before any page opens, and the audit log shows all of it.
"""

import pytest

from accounts.models import AuditEntry
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_reset_slip_sign_in_and_forced_change(new_page, screenshot, staff_a, admin):
    page = new_page()
    log_in(page, "admin")
    page.goto("/admin/accounts/user/")
    page.check(f"input[name=_selected_action][value='{staff_a.pk}']")
    page.select_option("select[name=action]", "reset_passwords")
    page.click("button[name=index]")
    page.wait_for_selector("#reset-accounts")
    assert "staff_a" in page.inner_text("#reset-accounts")
    page.click("input[type=submit][value='重置密码']")
    page.wait_for_selector(".password-slip")
    password = page.inner_text(".password-slip .first-password").strip()
    assert len(password) >= 12
    screenshot(page, "first-password-01-slip")

    person = new_page()
    person.goto("/accounts/login/")
    person.fill("#id_username", "staff_a")
    person.fill("#id_password", password)
    person.click("form[action='/accounts/login/'] button[type=submit]")
    person.wait_for_selector("#password-change-required")
    assert person.url.endswith("/accounts/password_change/")
    assert "请先设置自己的密码" in person.inner_text("#password-change-required")
    screenshot(person, "first-password-02-must-change")
    # The menu leads nowhere else until the password is changed.
    person.goto("/dashboard/")
    assert person.url.endswith("/accounts/password_change/")

    person.fill("#id_old_password", password)
    person.fill("#id_new_password1", "Mine#2024x")
    person.fill("#id_new_password2", "Mine#2024x")
    person.click("#password-change-form button[type=submit]")
    person.wait_for_selector("#password-changed")
    person.goto(f"/departments/{staff_a.department_id}/")
    person.wait_for_selector("#department-name")

    page.goto("/audit/")
    page.wait_for_selector("#audit-table")
    table = page.inner_text("#audit-table")
    assert "重置密码" in table and "密码已修改" in table
    screenshot(page, "first-password-03-audit-log")
    assert AuditEntry.objects.filter(target="staff_a", action="password_changed").exists()
