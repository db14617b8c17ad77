"""WSGI entry point for gunicorn: ``gunicorn config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Only app servers: the test suite and runserver do not load this module.
from config.collector import freeze_after_warm_up  # noqa: E402 (after Django is set up)

freeze_after_warm_up()
