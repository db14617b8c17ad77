"""
The password policy (口令策略) for graded protection (等保 2.0): the validators
Django runs on every new password (``AUTH_PASSWORD_VALIDATORS``), the first
passwords an administrator hands out, and when a user must choose a new one.

Configured in settings from the environment: ``PASSWORD_MIN_LENGTH`` (8),
``PASSWORD_MIN_CLASSES`` (3 of upper case, lower case, digits, other),
``PASSWORD_HISTORY`` (5: no reuse of the last five), ``PASSWORD_MAX_AGE_DAYS``
(0: passwords do not expire).
"""

from __future__ import annotations

import datetime
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, get_hasher
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

# The four kinds of character 等保 names: 大写字母、小写字母、数字、特殊字符. Anything
# that is not an ASCII letter or digit (punctuation, a space, a Chinese character) is "other".
CLASSES = (
    lambda c: c in string.ascii_uppercase,
    lambda c: c in string.ascii_lowercase,
    lambda c: c in string.digits,
    lambda c: not (c in string.ascii_letters or c in string.digits),
)


# Django 5.2 reworded its message for a password that is too short and its own Chinese
# catalogue has only the old wording: this puts the new one into Luoshi's, which comes first.
DJANGO_MISSING_WORDS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
]


def character_classes(password: str) -> int:
    """How many of the four kinds of character ``password`` uses."""
    return sum(any(is_kind(c) for c in password) for is_kind in CLASSES)


class CharacterClassesValidator:
    """At least ``min_classes`` of upper case, lower case, digits and other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = max(1, min(4, min_classes))

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                self.get_help_text(), code="password_too_simple", params={"n": self.min_classes}
            )

    def get_help_text(self):
        return ngettext(
            "Your password must use at least %(n)d of these: upper-case letters, "
            "lower-case letters, digits, other characters.",
            "Your password must use at least %(n)d of these: upper-case letters, "
            "lower-case letters, digits, other characters.",
            self.min_classes,
        ) % {"n": self.min_classes}


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


# What a phone number is written with besides digits.
PHONE_PUNCTUATION = "+-() "


class NotAccountNameValidator:
    """The password is neither the account name (in any case) nor the phone number."""

    def validate(self, password, user=None):
        if user is None:
            return
        typed = password.strip()
        username = (getattr(user, "username", "") or "").strip()
        if username and typed.casefold() == username.casefold():
            raise ValidationError(
                _("Your password cannot be your account name."), code="password_is_username"
            )
        phone = _digits(getattr(user, "phone", "") or "")
        # The number however it is written: 138-0013-8000 is 13800138000.
        if phone and _digits(typed) == phone and not typed.strip(PHONE_PUNCTUATION + "0123456789"):
            raise ValidationError(
                _("Your password cannot be your phone number."), code="password_is_phone"
            )

    def get_help_text(self):
        return _("Your password cannot be your account name or your phone number.")


class PasswordHistoryValidator:
    """
    No reuse of the last ``remember`` passwords (the current one included). It
    keeps their hashes (``PasswordRecord``) each time a password is saved
    (Django calls ``password_changed`` from ``User.save``), and the oldest go.
    """

    def __init__(self, remember: int = 5):
        self.remember = max(0, remember)

    def _hashes(self, user) -> list[str]:
        from .models import PasswordRecord

        if user is None or user.pk is None or not self.remember:
            return []
        kept = PasswordRecord.objects.filter(user=user).order_by("-set_at", "-pk")
        hashes = list(kept.values_list("password", flat=True)[: self.remember])
        # The current password counts even when it predates the records (an older account).
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        return hashes[: self.remember]

    def validate(self, password, user=None):
        if any(check_password(password, encoded) for encoded in self._hashes(user)):
            raise ValidationError(self.get_error_message(), code="password_reused")

    def get_error_message(self):
        return ngettext(
            "You used this password recently: choose one different from your last password.",
            "You used this password recently: choose one different from your last %(n)d passwords.",
            self.remember,
        ) % {"n": self.remember}

    def get_help_text(self):
        if not self.remember:
            return ""
        return ngettext(
            "Your password cannot be your last password.",
            "Your password cannot be one of your last %(n)d passwords.",
            self.remember,
        ) % {"n": self.remember}

    def password_changed(self, password, user=None):
        from .models import PasswordRecord

        if user is None or user.pk is None or not self.remember or not user.has_usable_password():
            return
        PasswordRecord.objects.create(user=user, password=user.password)
        stale = PasswordRecord.objects.filter(user=user).order_by("-set_at", "-pk")[self.remember :]
        PasswordRecord.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()


# -- first passwords -------------------------------------------------------------------------

# Read off a printed slip and typed by hand: no 0/O, 1/l/I, nothing a keyboard layout moves.
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
_OTHER = "#%+=@"
FIRST_PASSWORD_LENGTH = 12


def generate_password() -> str:
    """
    A random first password that meets any setting of the policy: every kind of
    character at least once, ``max(12, PASSWORD_MIN_LENGTH)`` long.
    """
    length = max(FIRST_PASSWORD_LENGTH, settings.PASSWORD_MIN_LENGTH)
    alphabet = _UPPER + _LOWER + _DIGITS + _OTHER
    chars = [secrets.choice(kind) for kind in (_UPPER, _LOWER, _DIGITS, _OTHER)]
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


# A first password is random (``generate_password``: about 73 bits), so guessing it from its
# hash is hopeless however fast the hash; stretching it as a person's own (a million rounds,
# most of a second) would keep an import of 400 accounts busy for minutes, and a city's list
# of thousands past any request's time-out (bench/account_import.py). It is replaced at the
# first sign-in, when Django also hashes with the full rounds.
FIRST_PASSWORD_ITERATIONS = 10_000


def first_password_hash(password: str) -> str:
    """
    The hash of a generated first password, for accounts made many at a
    time (an import): PBKDF2 with ``FIRST_PASSWORD_ITERATIONS`` rounds when
    PBKDF2 is the site's hasher (the hash says its rounds, so the same hasher
    checks it), else the site's own hasher as it is.
    """
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=FIRST_PASSWORD_ITERATIONS)
    return hasher.encode(password, hasher.salt())


@dataclass
class Slip:
    """What a first password's slip says: shown once, to print and hand out, kept nowhere."""

    unit: str
    name: str
    username: str
    password: str


def site_address(request=None) -> str:
    """
    The address printed on a first password's slip: ``SITE_URL`` as the
    deployment sets it, else the address the administrator's request came to.
    """
    if settings.SITE_URL:
        return settings.SITE_URL
    return request.build_absolute_uri("/") if request is not None else ""


# -- when a user must choose a new password ----------------------------------------------------


def password_expires_at(user) -> datetime.datetime | None:
    """When the password expires; None when passwords do not (``PASSWORD_MAX_AGE_DAYS`` 0)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    since = user.password_changed_at or user.date_joined
    if days <= 0 or since is None:
        return None
    return since + datetime.timedelta(days=days)


def password_change_reason(user) -> str | None:
    """
    Why ``user`` must choose a new password before going on, or None: the
    password was set by an administrator, or it is older than the policy allows.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_directory_account:
        # Its password is the directory's, which has its own policy; Luoshi has none to change.
        return None
    if user.must_change_password:
        return _("Your password was set by an administrator: choose your own password to continue.")
    expires = password_expires_at(user)
    if expires is not None and expires <= timezone.now():
        days = settings.PASSWORD_MAX_AGE_DAYS
        return ngettext(
            "Your password is more than %(days)d day old: choose a new one to continue.",
            "Your password is more than %(days)d days old: choose a new one to continue.",
            days,
        ) % {"days": days}
    return None
