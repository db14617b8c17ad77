from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using, **kwargs):
    """
    Every cache table settings.CACHES names, after every ``migrate``: a table
    added after migration 0005 (which made the first) is made on the next
    deployment's migrate, with no step to forget. Tables that exist are left.
    """
    call_command("createcachetable", database=using, verbosity=0)


def create_fingerprint_indexes(using, **kwargs):
    """
    The pages' fingerprint indexes (``page_cache.FINGERPRINT_INDEXES``), after every
    ``migrate``: on history tables that django-simple-history generates, so not in
    any model's Meta; indexes that exist are left.
    """
    from targets.selectors.page_cache import create_fingerprint_indexes as create

    create(using)


class TargetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "targets"
    verbose_name = _("Targets")

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self)
        post_migrate.connect(create_fingerprint_indexes, sender=self)
