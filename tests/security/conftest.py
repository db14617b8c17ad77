"""
One world per test module, not per test: the permission matrix has hundreds of
cells, and building the world for each would cost most of the run.

The world is created inside a transaction that stays open for the module and is
rolled back at its end, as Django's ``TestCase.setUpTestData`` does for a class;
each test runs in a savepoint inside it (pytest-django's ``db``), so whatever a
test writes is undone before the next one, and nothing outlives the module.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def w(world, db):
    """The module's world, in a test that runs in its own savepoint."""
    return world
