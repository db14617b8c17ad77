"""
The password policy (口令策略, 等保 2.0): at least 8 characters of three of the
four kinds, neither the account name nor the phone number, none of the last
five passwords; each configurable from the environment. Asked where a user
meets it: the password page, in Chinese.
"""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.passwords import character_classes, generate_password
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def change(client, old, new):
    """Change the signed-in user's password on the page; the page's response."""
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def refused(response) -> str:
    """The page's error text when the password was refused, else ""."""
    if response.status_code != 200:
        return ""
    return response.content.decode()


@pytest.fixture
def signed_in(client, staff_a):
    client.force_login(staff_a)
    return client


def test_character_classes_are_upper_lower_digits_and_other():
    assert character_classes("abc") == 1
    assert character_classes("abcDEF") == 2
    assert character_classes("abcDEF123") == 3
    assert character_classes("abcDEF123#") == 4
    # A Chinese character or a space is "other", as punctuation is.
    assert character_classes("洛书abc123") == 3
    assert character_classes("abc 123") == 3


TOO_SIMPLE = "密码必须至少使用以下四类字符中的 3 类：大写字母、小写字母、数字、其他字符。"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab#12", "密码长度太短。密码必须包含至少 8 个字符。"),
        ("abcdefgh12", TOO_SIMPLE),
        ("ABCDEFGHIJ", TOO_SIMPLE),
    ],
)
def test_policy_refuses_a_short_or_simple_password(signed_in, staff_a, password, message):
    page = refused(change(signed_in, PASSWORD, password))
    assert message in page
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_policy_accepts_eight_characters_of_three_kinds(signed_in, staff_a):
    response = change(signed_in, PASSWORD, "Luoshi23")
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Luoshi23")


def test_policy_refuses_the_account_name_in_any_case(client, department_a):
    user = UserFactory(username="Zhang.San23", department=department_a)
    client.force_login(user)
    page = refused(change(client, PASSWORD, "zhang.san23"))
    assert "密码不能与账号相同。" in page


@pytest.mark.parametrize("typed", ["13800138000", "138-0013-8000", "(138) 0013 8000"])
def test_policy_refuses_the_phone_number_however_written(typed, department_a):
    user = UserFactory(username="li", department=department_a, phone="138 0013 8000")
    with pytest.raises(ValidationError) as error:
        validate_password(typed, user)
    assert "password_is_phone" in [e.code for e in error.value.error_list]


def test_policy_allows_the_phone_inside_a_longer_password(department_a):
    user = UserFactory(username="li", department=department_a, phone="13800138000")
    validate_password("Li#13800138000", user)


def test_policy_refuses_the_last_five_passwords_and_allows_the_sixth(client, staff_a):
    passwords = ["Zeroth#2023", "First#2023", "Second#2023", "Third#2023", "Fourth#2023"]
    staff_a.set_password(passwords[0])
    staff_a.save()
    client.force_login(staff_a)
    for old, new in itertools.pairwise(passwords):
        assert change(client, old, new).status_code == 302
    current = passwords[-1]
    for earlier in passwords:
        page = refused(change(client, current, earlier))
        assert "你最近用过这个密码：请选择与最近 5 个密码都不同的密码。" in page, earlier
    assert change(client, current, "Fifth#2023").status_code == 302
    # Zeroth#2023 is now the sixth from the newest: allowed again.
    assert change(client, "Fifth#2023", "Zeroth#2023").status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Zeroth#2023")
    assert staff_a.password_records.count() == 5


def test_policy_history_counts_a_password_from_before_the_records(client, staff_a):
    """An account older than the history keeps its current password out of reach."""
    User.objects.filter(pk=staff_a.pk).update(password=make_password("Zeroth#2023"))
    staff_a.password_records.all().delete()
    client.force_login(User.objects.get(pk=staff_a.pk))
    page = refused(change(client, "Zeroth#2023", "Zeroth#2023"))
    assert "你最近用过这个密码" in page


def test_policy_page_lists_the_rules(signed_in):
    page = signed_in.get(reverse("password_change")).content.decode()
    assert "密码必须至少使用以下四类字符中的 3 类" in page
    assert "密码不能是你的账号或手机号码。" in page
    assert "密码不能是最近 5 次用过的密码。" in page


def test_generated_first_passwords_meet_the_policy(staff_a):
    for _ in range(50):
        password = generate_password()
        validate_password(password, staff_a)
        assert len(password) >= 12
        assert character_classes(password) == 4
        assert not set(password) & set("0O1lI")


def test_policy_follows_the_settings(settings, staff_a):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 4}},
        {"NAME": "accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"remember": 1}},
    ]
    with pytest.raises(ValidationError):
        validate_password("Hongshan2023", staff_a)  # 12 characters, three kinds
    with pytest.raises(ValidationError):
        validate_password("Hong#2023", staff_a)  # four kinds, 9 characters
    validate_password("Hongshan#2023", staff_a)


def test_policy_settings_come_from_the_environment():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print({v['NAME'].rsplit('.', 1)[1]: v.get('OPTIONS') "
        "for v in settings.AUTH_PASSWORD_VALIDATORS}); print(settings.PASSWORD_MAX_AGE_DAYS)"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PASSWORD_MIN_LENGTH": "10",
        "PASSWORD_MIN_CLASSES": "4",
        "PASSWORD_HISTORY": "12",
        "PASSWORD_MAX_AGE_DAYS": "90",
    }
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    validators, max_age = done.stdout.strip().splitlines()
    assert "'MinimumLengthValidator': {'min_length': 10}" in validators
    assert "'CharacterClassesValidator': {'min_classes': 4}" in validators
    assert "'PasswordHistoryValidator': {'remember': 12}" in validators
    assert max_age == "90"


def test_policy_defaults_are_eight_three_kinds_five_and_no_expiry(settings):
    assert settings.PASSWORD_MIN_LENGTH == 8
    assert settings.PASSWORD_MIN_CLASSES == 3
    assert settings.PASSWORD_HISTORY == 5
    assert settings.PASSWORD_MAX_AGE_DAYS == 0
