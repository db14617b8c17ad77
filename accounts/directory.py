"""
Sign-in through the office's directory (LDAP, Active Directory), off unless
``LDAP_URL`` is set (config/settings.py, docs/deployment.md).

``DirectoryBackend`` comes after django-axes's backend and before the
password one: axes refuses a locked-out name before the directory is asked,
and a failed directory sign-in counts towards the lock like a wrong password.
The person binds with their own name and password (django-python3-ldap's
connection, on ldap3); their entry and groups are then read, and
``services.directory_account_sync`` creates or updates the account from the
mapping table (``DirectoryMapping``). The directory's answer is read before
any database write, so no transaction waits on the network.

Whoever the directory does not let in — a wrong password, an entry removed,
disabled (AD refuses the bind) or left out by ``LDAP_USER_FILTER``, or a
person no mapping gives a place — gets no session, and since
``DepartmentModelBackend`` refuses password sign-ins to directory accounts,
a Luoshi password is no way around it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import ldap3
from django.conf import settings
from django_python3_ldap import ldap
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from .backends import DepartmentModelBackend
from .models import normal_dn

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DirectoryPerson:
    """What the directory says of a person: their entry, names and groups (DNs in lower case)."""

    dn: str
    username: str
    name: str = ""
    email: str = ""
    groups: frozenset[str] = frozenset()
    # Every attribute of the entry, by name in lower case, its values in lower case.
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)


def bind_name(fields: dict) -> str:
    """
    The name a person binds with (django-python3-ldap's ``LDAP_AUTH_FORMAT_USERNAME``):
    ``LDAP_USER_BIND`` with their name, escaped. The service account
    (``LDAP_BIND_DN``) is a DN already and binds as it is.
    """
    username = fields["username"]
    if (
        settings.LDAP_AUTH_CONNECTION_USERNAME
        and username == settings.LDAP_AUTH_CONNECTION_USERNAME
    ):
        return username
    return settings.LDAP_USER_BIND.format(username=escape_rdn(username))


def _values(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        return [v.decode(errors="replace") if isinstance(v, bytes) else str(v) for v in raw]
    return [raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)]


def _first(attributes: dict, name: str) -> str:
    values = _values(attributes.get(name)) if name else []
    return values[0].strip() if values else ""


def user_filter(username: str) -> str:
    """The search for one person: their object class, their name, and ``LDAP_USER_FILTER``."""
    object_class = escape_filter_chars(settings.LDAP_AUTH_OBJECT_CLASS)
    name = escape_filter_chars(username)
    person = f"({settings.LDAP_ATTR_USERNAME}={name})"
    return f"(&(objectClass={object_class}){person}{settings.LDAP_USER_FILTER})"


def _groups(connection, dn: str, username: str, attributes: dict) -> frozenset[str]:
    """
    The person's groups: a search under ``LDAP_GROUP_SEARCH_BASE`` when it is set
    (OpenLDAP without the memberof overlay, nested AD groups), else the entry's
    ``LDAP_GROUP_ATTRIBUTE`` (memberOf, as AD and the memberof overlay keep it).
    """
    if not settings.LDAP_GROUP_SEARCH_BASE:
        return frozenset(
            normal_dn(g) for g in _values(attributes.get(settings.LDAP_GROUP_ATTRIBUTE))
        )
    connection.search(
        search_base=settings.LDAP_GROUP_SEARCH_BASE,
        search_filter=settings.LDAP_GROUP_FILTER.format(
            dn=escape_filter_chars(dn), username=escape_filter_chars(username)
        ),
        search_scope=ldap3.SUBTREE,
        attributes=[],
    )
    return frozenset(
        normal_dn(entry["dn"])
        for entry in connection.response
        if entry.get("type") == "searchResEntry"
    )


def find_person(username: str, password: str) -> DirectoryPerson | None:
    """
    Bind as the person and read their entry and groups; None when the directory
    does not let them in (wrong password, no such entry, filtered out, server down).
    """
    if not username or not password:
        # An empty password would be an anonymous ("unauthenticated") bind, which succeeds.
        return None
    with ldap.connection(username=username, password=password) as wrapper:
        if wrapper is None:
            return None
        # django-python3-ldap's Connection looks people up by its own filter, which cannot
        # hold LDAP_USER_FILTER nor escape every character; its ldap3 connection does the rest.
        connection = wrapper._connection
        try:
            connection.search(
                search_base=settings.LDAP_AUTH_SEARCH_BASE,
                search_filter=user_filter(username),
                search_scope=ldap3.SUBTREE,
                attributes=[ldap3.ALL_ATTRIBUTES, settings.LDAP_GROUP_ATTRIBUTE],
                size_limit=2,
            )
            entries = [e for e in connection.response if e.get("type") == "searchResEntry"]
            if len(entries) != 1:
                logger.warning(
                    "Directory sign-in refused: %d entries for %r", len(entries), username
                )
                return None
            entry = entries[0]
            attributes = entry["attributes"]
            groups = _groups(connection, entry["dn"], username, attributes)
        except LDAPException as error:
            logger.warning("Directory lookup failed for %r: %s", username, error)
            return None
    return DirectoryPerson(
        dn=entry["dn"],
        # The directory's spelling of the name: one account however the person types it.
        username=_first(attributes, settings.LDAP_ATTR_USERNAME) or username,
        name=_first(attributes, settings.LDAP_ATTR_NAME),
        email=_first(attributes, settings.LDAP_ATTR_EMAIL),
        groups=groups,
        attributes={
            name.lower(): tuple(v.strip().lower() for v in _values(values))
            for name, values in attributes.items()
        },
    )


def directory_usernames() -> frozenset[str] | None:
    """
    The names (lower case) of everyone the directory would let sign in: every entry under
    the search base of the people's object class that passes ``LDAP_USER_FILTER``, read
    as the service account (``LDAP_BIND_DN``), else anonymously. None when the directory
    cannot be read. For ``disable_directory_leavers``.
    """
    object_class = escape_filter_chars(settings.LDAP_AUTH_OBJECT_CLASS)
    search = f"(&(objectClass={object_class}){settings.LDAP_USER_FILTER})"
    with ldap.connection() as wrapper:
        if wrapper is None:
            return None
        try:
            names = set()
            for entry in wrapper._connection.extend.standard.paged_search(
                search_base=settings.LDAP_AUTH_SEARCH_BASE,
                search_filter=search,
                search_scope=ldap3.SUBTREE,
                attributes=[settings.LDAP_ATTR_USERNAME],
                paged_size=500,
            ):
                if entry.get("type") == "searchResEntry":
                    name = _first(entry["attributes"], settings.LDAP_ATTR_USERNAME)
                    if name:
                        names.add(name.lower())
        except LDAPException as error:
            logger.warning("Directory search failed: %s", error)
            return None
    return frozenset(names)


class DirectoryBackend(DepartmentModelBackend):
    """
    Sign-in with the office directory's name and password (django-python3-ldap
    on ldap3). The account is created or updated from the directory and the
    mapping table at every sign-in; sessions are read as the password
    backend reads them (``get_user``, with the department).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from . import services

        person = find_person(username, password)
        if person is None:
            return None
        user = services.directory_account_sync(person, request=request)
        return user if user is not None and self.user_can_authenticate(user) else None
