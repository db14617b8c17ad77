"""Every model has a factory, and each factory builds a row that passes the model's own checks."""

import pytest
from django.apps import apps

from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = [
    value
    for value in vars(factories).values()
    if isinstance(value, type)
    and issubclass(value, factories.factory.django.DjangoModelFactory)
    and value._meta.model is not None
]


def test_every_model_has_a_factory():
    models = {
        model
        for label in ("accounts", "targets")
        for model in apps.get_app_config(label).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }
    assert models - {f._meta.model for f in FACTORIES} == set()


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row(factory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # UpdateAttachmentFactory writes its file
    row = factory()
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()
